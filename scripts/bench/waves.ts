/** A request's span on one clock. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Sequential round-trip waves: the longest chain of requests in which each one started only after the
 * previous one had finished. Requests in flight together are one wave; page 2 of a search is a wave
 * after page 1; a CORS preflight and its request are two. This is what latency multiplies.
 */
export function waves(spans: readonly Span[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  let deepest = 0;
  sorted.forEach((span, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      const earlier = sorted[j] as Span;
      if (earlier.end <= span.start && (depth[j] as number) > before) {
        before = depth[j] as number;
      }
    }
    depth[i] = before + 1;
    deepest = Math.max(deepest, before + 1);
  });
  return deepest;
}
