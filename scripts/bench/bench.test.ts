import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// A smoke test of the benchmark harness itself: a --quick run of every part (tiny sizes, one run each)
// must write a well-formed BENCHMARKS.md with a number in every figure. It asserts no timings: those
// are measured by `npm run bench`, never asserted.
const dir = mkdtempSync(join(tmpdir(), 'curbside-bench-'));
const out = join(dir, 'BENCHMARKS.md');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tablesOf(report: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of report.split('\n')) {
    if (line.startsWith('|')) {
      current ??= [];
      current.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
    } else if (current) {
      tables.push(current);
      current = undefined;
    }
  }
  return current ? [...tables, current] : tables;
}

describe('npm run bench -- --quick', () => {
  let run: { code: number; stderr: string } = { code: -1, stderr: '' };
  beforeAll(async () => {
    run = await new Promise((resolve) => {
      execFile(process.execPath, ['--disable-warning=ExperimentalWarning', 'scripts/bench/run.ts', '--quick', '--no-build', '--out', out], { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
      });
    });
  }, 250_000);

  test('finishes and writes the report with the machine, Node, browser and date it ran on', () => {
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const report = readFileSync(out, 'utf8');
    expect(report).toMatch(/^# Curbside benchmarks\n/);
    for (const field of ['Date', 'Machine', 'OS', 'Node', 'Browser', 'Run took']) {
      expect(report).toMatch(new RegExp(`^- ${field}: \\S`, 'm'));
    }
    expect(report).toContain('Chromium ');
  });

  test('has every part, and every table row has as many cells as its header', () => {
    const report = readFileSync(out, 'utf8');
    for (const title of ['1. Launch to complete patient context', '2. Consult submission', '3. Proxy reads', '4. Specialist queue, first page', '5. App size', '6. Memory']) {
      expect(report).toContain(`## ${title}`);
    }
    const tables = tablesOf(report);
    expect(tables.length).toBeGreaterThanOrEqual(10);
    for (const [header, separator, ...rows] of tables) {
      expect(separator?.every((cell) => cell === '---')).toBe(true);
      for (const row of rows) {
        expect(row).toHaveLength(header?.length ?? 0);
      }
    }
  });

  test('puts a measured number in every headline, none left pending', () => {
    const report = readFileSync(out, 'utf8');
    const [headlines] = tablesOf(report);
    const values = (headlines ?? []).slice(2).map((row) => row[1] ?? '');
    expect(values.length).toBeGreaterThanOrEqual(10);
    for (const value of values) {
      expect(value).toMatch(/^\d[\d,.]*(×| ms| B| KB| MB)$/);
    }
    expect(report).not.toMatch(/\bNaN\b|\bn\/a\b|undefined|pending/i);
  });

  test('measures a consult thread through the proxy and the queue through the proxy, with the requests the proxy sent the store', () => {
    const tables = tablesOf(readFileSync(out, 'utf8'));
    const reads = tables.find((t) => t[0]?.[0] === 'read') ?? [];
    const thread = reads.find((row) => row[0]?.startsWith('GET /consults/:id (')) ?? [];
    expect(thread[4]).toMatch(/^\d+\.\d\d×$/);
    const queue = tables.find((t) => t[0]?.includes('proxy requests to store')) ?? [];
    const [header, , ...rows] = queue;
    const column = (name: string): number => header?.indexOf(name) ?? -1;
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) {
      expect(row[column('through the proxy')]).toMatch(/ ms$/);
      // At least one search and the call's audit write, never one request per row of the page.
      expect(row[column('proxy requests to store')]).toMatch(/^[2-5] \([1-4] search(es)? \+ 1 audit write\)$/);
      expect(row[column('proxy ÷ direct')]).toMatch(/^\d+\.\d\d×$/);
    }
  });
});
