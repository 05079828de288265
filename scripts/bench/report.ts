import { cpus, freemem, platform, release, totalmem } from 'node:os';

export const PART_IDS = ['launch', 'submit', 'reads', 'queue', 'size', 'memory'] as const;
export type PartId = (typeof PART_IDS)[number];

export interface Table {
  readonly caption?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One figure for the summary at the top (and the README): a ratio to its reference, and its goal. */
export interface Headline {
  readonly label: string;
  readonly value: string;
  readonly goal: string;
  readonly status: 'met' | 'missed' | 'pending' | 'info';
}

export interface Section {
  readonly id: PartId;
  readonly title: string;
  readonly goal: string;
  /** How it was measured, in a sentence or three. */
  readonly method: readonly string[];
  readonly tables: readonly Table[];
  readonly findings: readonly string[];
  readonly headlines: readonly Headline[];
}

export interface ReportHeader {
  readonly date: string;
  readonly machine: string;
  readonly os: string;
  readonly node: string;
  readonly browser: string;
  readonly command: string;
  readonly seconds: number;
}

/** The machine this run happened on, as the header states it. */
export function describeMachine(): Pick<ReportHeader, 'machine' | 'os' | 'node'> {
  const cpu = cpus();
  const gb = (n: number): string => `${(n / 1024 ** 3).toFixed(1)} GB`;
  return {
    machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length} cores, ${gb(totalmem())} RAM (${gb(freemem())} free at start)`,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

const STATUS: Readonly<Record<Headline['status'], string>> = { met: 'met', missed: '**missed**', pending: 'pending', info: '–' };

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderTable(table: Table): string {
  const lines: string[] = [];
  if (table.caption) {
    lines.push(`**${table.caption}**`, '');
  }
  lines.push(`| ${table.columns.map(escapeCell).join(' | ')} |`);
  lines.push(`|${table.columns.map(() => '---').join('|')}|`);
  for (const row of table.rows) {
    lines.push(`| ${table.columns.map((_, i) => escapeCell(row[i] ?? '')).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** BENCHMARKS.md: the header, the headline ratios, then one section per part. */
export function renderReport(header: ReportHeader, sections: readonly Section[]): string {
  const out: string[] = [
    '# Curbside benchmarks',
    '',
    `Written by \`${header.command}\` (\`scripts/bench/run.ts\`); do not edit by hand. Every figure sits next to its`,
    'reference measured in the same run on the same machine, as a ratio: absolute times on a shared machine mean',
    'little, ratios to a reference taken minutes apart on the same hardware mean more. Medians unless stated.',
    '',
    `- Date: ${header.date}`,
    `- Machine: ${header.machine}`,
    `- OS: ${header.os}`,
    `- Node: ${header.node}`,
    `- Browser: ${header.browser}`,
    `- Run took: ${Math.round(header.seconds)} s`,
    '',
    '## Headlines',
    '',
    renderTable({
      columns: ['figure', 'value', 'goal', 'status'],
      rows: sections.flatMap((s) => s.headlines.map((h) => [h.label, h.value, h.goal, STATUS[h.status]])),
    }),
  ];
  for (const section of sections) {
    out.push('', `## ${section.title}`, '', `Goal: ${section.goal}`, '', ...section.method.flatMap((p) => [p, '']));
    for (const table of section.tables) {
      out.push(renderTable(table), '');
    }
    if (section.findings.length) {
      out.push(...section.findings.map((f) => `- ${f}`), '');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
