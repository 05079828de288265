import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Specifiers a module loads at run time: `import … from`, `export … from` and bare `import '…'`, not `import type`/`export type`. */
function runtimeImports(code: string): string[] {
  const fromClauses = [...code.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1] ?? '');
  const bare = [...code.matchAll(/^import\s+'([^']+)'/gm)].map((m) => m[1] ?? '');
  return [...fromClauses, ...bare];
}

/** Every module the launch page's entry reaches through run-time imports: repo files by path, packages by name. */
function launchGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift() ?? '';
    if (files.has(file)) {
      continue;
    }
    files.add(file);
    if (!/\.tsx?$/.test(file)) {
      continue;
    }
    for (const specifier of runtimeImports(readFileSync(join(repoRoot, file), 'utf8'))) {
      if (specifier.startsWith('.')) {
        queue.push(relative(repoRoot, join(repoRoot, dirname(file), specifier)));
      } else {
        packages.add(specifier);
      }
    }
  }
  return { files, packages };
}

// The launch page runs inside the EHR before sign-in, so it should load only what the launch needs. The
// whole API contract (api-contract.ts) builds classic-zod schemas when it loads; the bundler keeps those for
// every page that imports it, which once put all of classic zod on the launch path (45.9 → 35.3 KB gzip).
describe('the launch page (launch.html)', () => {
  const graph = launchGraph('smart-app/src/smart/launch.ts');

  test('reaches the per-issuer settings through the launch part of the contract, not the whole API contract', () => {
    expect(graph.files).toContain('smart-app/src/lib/ehr-issuer-contract.ts');
    expect(graph.files).not.toContain('smart-app/src/lib/api-contract.ts');
    expect([...graph.files].filter((file) => file.startsWith('fhir-proxy/'))).toEqual(['fhir-proxy/src/api/ehr-issuer.ts']);
  });

  test('validates with zod/mini only, never classic zod', () => {
    expect(graph.packages).toContain('zod/mini');
    expect([...graph.packages].filter((name) => name === 'zod' || name.startsWith('zod/v4/classic'))).toEqual([]);
  });
});
