import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Headline, Section, Table } from './report.ts';
import { codeBySource, ownerOf, type RawSourceMap } from './sourcemap.ts';
import { bytes, ratio } from './stats.ts';

const GOAL_BYTES = 150_000;

const gzip = (text: string | Buffer): number => gzipSync(text).length;

/** The files a page loads before it can run: its module script, modulepreloads and stylesheets, and every static import of those. */
export function initialFiles(distDir: string, page: string): string[] {
  const html = readFileSync(join(distDir, page), 'utf8');
  const found = new Set<string>();
  const queue = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
  while (queue.length) {
    const file = queue.shift() ?? '';
    if (found.has(file) || !existsSync(join(distDir, file))) {
      continue;
    }
    found.add(file);
    if (file.endsWith('.js')) {
      const code = readFileSync(join(distDir, file), 'utf8');
      // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` loads later.
      for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["']\.\/([^"']+\.js)["']/g)) {
        queue.push(join(file, '..', match[1] ?? '').replace(/^\.\//, ''));
      }
    }
  }
  return [...found].sort();
}

interface FileSize {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
  /** Estimated gzip bytes per package or app folder (each owner's code compressed alone, scaled to the file's gzip size). */
  readonly owners: ReadonlyMap<string, { raw: number; gzip: number }>;
}

function measure(distDir: string, file: string): FileSize {
  const content = readFileSync(join(distDir, file));
  const total = gzip(content);
  const owners = new Map<string, { raw: number; gzip: number }>();
  const mapFile = join(distDir, `${file}.map`);
  if (file.endsWith('.js') && existsSync(mapFile)) {
    const grouped = new Map<string, string[]>();
    for (const [source, code] of codeBySource(content.toString('utf8'), JSON.parse(readFileSync(mapFile, 'utf8')) as RawSourceMap)) {
      const owner = ownerOf(source);
      grouped.set(owner, [...(grouped.get(owner) ?? []), code]);
    }
    const alone = [...grouped].map(([owner, parts]) => ({ owner, raw: Buffer.byteLength(parts.join('\n')), gzip: gzip(parts.join('\n')) }));
    const sum = alone.reduce((n, o) => n + o.gzip, 0) || 1;
    for (const o of alone) {
      owners.set(o.owner, { raw: o.raw, gzip: (o.gzip * total) / sum });
    }
  } else {
    owners.set(file.endsWith('.css') ? `CSS: ${file.replace(/-[\w-]{8}\.css$/, '.css')}` : '(no source map)', { raw: content.length, gzip: total });
  }
  return { file, raw: content.length, gzip: total, owners };
}

const short = (file: string): string => file.replace(/^assets\//, '');

/** Part 5: initial JavaScript and CSS of the two pages, gzip, and what dominates them. */
export async function benchSize(options: { readonly distDir: string }): Promise<Section> {
  const pages = [
    { page: 'launch.html', label: 'launch path (launch.html: SMART authorize)' },
    { page: 'index.html', label: 'app page (index.html: token, chart, composer)' },
  ];
  const measured = pages.map(({ page, label }) => {
    const files = initialFiles(options.distDir, page).map((f) => measure(options.distDir, f));
    const owners = new Map<string, { raw: number; gzip: number }>();
    for (const f of files) {
      for (const [owner, size] of f.owners) {
        const current = owners.get(owner) ?? { raw: 0, gzip: 0 };
        owners.set(owner, { raw: current.raw + size.raw, gzip: current.gzip + size.gzip });
      }
    }
    const sum = (kind: string, key: 'raw' | 'gzip'): number => files.filter((f) => f.file.endsWith(kind)).reduce((n, f) => n + f[key], 0);
    return { page, label, files, owners, js: { raw: sum('.js', 'raw'), gzip: sum('.js', 'gzip') }, css: { raw: sum('.css', 'raw'), gzip: sum('.css', 'gzip') } };
  });
  const totals: Table = {
    caption: 'Initial JavaScript and CSS per page (gzip: zlib default level, as compression middleware serves it)',
    columns: ['page', 'JS raw', 'JS gzip', 'CSS raw', 'CSS gzip', 'total gzip', 'of the 150 KB budget'],
    rows: measured.map((m) => [m.label, bytes(m.js.raw), bytes(m.js.gzip), bytes(m.css.raw), bytes(m.css.gzip), bytes(m.js.gzip + m.css.gzip), ratio(m.js.gzip + m.css.gzip, GOAL_BYTES)]),
  };
  const chunks: Table = {
    caption: 'Per file',
    columns: ['page', 'file', 'raw', 'gzip'],
    rows: measured.flatMap((m) => m.files.map((f) => [m.page, short(f.file), bytes(f.raw), bytes(f.gzip)])),
  };
  const owners: Table = {
    caption: 'What dominates: gzip bytes per package or app folder (from the source maps; each owner compressed alone, scaled to the file), top 8 per page',
    columns: ['page', 'package / folder', 'raw', 'gzip (est.)', 'share'],
    rows: measured.flatMap((m) => {
      const total = m.js.gzip + m.css.gzip;
      return [...m.owners]
        .sort((a, b) => b[1].gzip - a[1].gzip)
        .slice(0, 8)
        .map(([owner, size]) => [m.page, owner, bytes(size.raw), bytes(size.gzip), `${Math.round((100 * size.gzip) / total)}%`]);
    }),
  };
  const launch = measured[0];
  const app = measured[1];
  const launchTotal = launch ? launch.js.gzip + launch.css.gzip : Number.NaN;
  const headlines: Headline[] = [
    { label: 'Launch path, initial JS + CSS (gzip)', value: bytes(launchTotal), goal: '≤ 150 KB', status: launchTotal <= GOAL_BYTES ? 'met' : 'missed' },
    { label: 'App page, initial JS + CSS (gzip)', value: app ? bytes(app.js.gzip + app.css.gzip) : 'n/a', goal: '–', status: 'info' },
  ];
  const top = (m: (typeof measured)[number] | undefined): string =>
    m ? [...m.owners].sort((a, b) => b[1].gzip - a[1].gzip).slice(0, 3).map(([o, s]) => `${o} ${bytes(s.gzip)}`).join(', ') : '';
  return {
    id: 'size',
    title: '5. App size',
    goal: 'initial JavaScript and CSS of the launch path ≤ 150 KB gzip, from the production build; report what dominates.',
    method: [
      'The production build (`vite build` → `dist/app`, the same build `npm start` serves). A page\'s initial files are its module script, modulepreload links and stylesheets, plus every static import of those chunks; `import()` would load later and is not counted (the app has none today). Bytes are attributed to npm packages and app folders with the build\'s own source maps (`scripts/bench/sourcemap.ts`).',
    ],
    tables: [totals, chunks, owners],
    findings: [`Largest on the launch path: ${top(launch)}. Largest on the app page: ${top(app)}.`],
    headlines,
  };
}
