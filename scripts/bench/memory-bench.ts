import type { Section } from './report.ts';
import { bytes } from './stats.ts';

export interface MemoryFigures {
  /** The proxy process's resident memory before part 2's load, and its peak (VmHWM) after it. */
  readonly proxy: { readonly idleRss: number; readonly peakRss: number; readonly load: string } | undefined;
  /** The app's JS heap after loading the large patient and a forced GC, and that patient's size. */
  readonly browser: { readonly heapBytes: number; readonly patient: string } | undefined;
}

/** Part 6: figures measured during parts 1 and 2, reported together. */
export function benchMemory(figures: MemoryFigures): Section {
  const rows: string[][] = [];
  if (figures.proxy) {
    rows.push(['proxy process, resident before load (VmRSS)', bytes(figures.proxy.idleRss), 'after start-up, R4 definitions loaded']);
    rows.push(['proxy process, peak resident (VmHWM)', bytes(figures.proxy.peakRss), figures.proxy.load]);
  }
  if (figures.browser) {
    rows.push(['app in Chromium, JS heap used after a forced GC (JSHeapUsedSize)', bytes(figures.browser.heapBytes), `summary complete for ${figures.browser.patient}`]);
  }
  return {
    id: 'memory',
    title: '6. Memory',
    goal: "report the proxy's peak resident memory under the load of part 2, and the browser's JS heap after loading the large patient.",
    method: [
      'The proxy runs its production entry in its own process; its resident memory is read from `/proc/<pid>/status` (VmRSS before part 2, VmHWM — the kernel\'s high-water mark — after it, which covers the 32-submitter run). The browser figure is taken in part 1, in the page of the last app launch of the large patient once its summary was complete: CDP `HeapProfiler.collectGarbage`, then `Performance.getMetrics` → `JSHeapUsedSize`.',
    ],
    tables: [{ columns: ['what', 'bytes', 'when'], rows }],
    findings: [],
    headlines: rows.map((r) => ({ label: r[0] ?? '', value: r[1] ?? '', goal: '–', status: 'info' as const })),
  };
}
