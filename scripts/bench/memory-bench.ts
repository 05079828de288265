import type { Section } from './report.ts';
import { bytes } from './stats.ts';

export interface MemoryFigures {
  /** The proxy process's resident memory before part 2's load, and its peak (VmHWM) after it. */
  readonly proxy: { readonly idleRss: number; readonly peakRss: number; readonly peakSource: string; readonly load: string } | undefined;
  /** The app's JS heap after loading the large patient and a forced GC, and that patient's size. */
  readonly browser: { readonly heapBytes: number; readonly patient: string } | undefined;
}

/** Part 6: figures measured during parts 1 and 2, reported together. */
export function benchMemory(figures: MemoryFigures): Section {
  const rows: string[][] = [];
  if (figures.proxy) {
    rows.push(['proxy process, resident before the load (VmRSS)', bytes(figures.proxy.idleRss), 'R4 definitions loaded, after part 1\'s launches']);
    rows.push([`proxy process, peak resident under load (${figures.proxy.peakSource})`, bytes(figures.proxy.peakRss), figures.proxy.load]);
  }
  if (figures.browser) {
    rows.push(['app in Chromium, JS heap used after a forced GC (JSHeapUsedSize)', bytes(figures.browser.heapBytes), `summary complete for ${figures.browser.patient}`]);
  }
  return {
    id: 'memory',
    title: '6. Memory',
    goal: "report the proxy's peak resident memory under the load of part 2, and the browser's JS heap after loading the large patient.",
    method: [
      'The proxy runs its production entry in its own process; its resident memory is read from `/proc/<pid>/status`: VmRSS before part 2, and the kernel\'s high-water mark VmHWM after it, reset just before part 2 (`/proc/<pid>/clear_refs`) so it is the peak of that load, not of start-up. The browser figure is taken in part 1, in the page of the last app launch of the large patient once its summary was complete: CDP `HeapProfiler.collectGarbage`, then `Performance.getMetrics` → `JSHeapUsedSize`.',
    ],
    tables: [{ columns: ['what', 'bytes', 'when'], rows }],
    findings: [],
    headlines: rows.map((r) => ({ label: r[0] ?? '', value: r[1] ?? '', goal: '–', status: 'info' as const })),
  };
}
