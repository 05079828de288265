// Small, dependency-free statistics and formatting for the benchmark report.

/** The median of a non-empty list (mean of the middle two for an even count); NaN for an empty one. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The p-th percentile (0–100) by nearest rank; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** "1.07×"; the ratio of a figure to its reference. */
export function ratio(value: number, reference: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference <= 0) {
    return 'n/a';
  }
  return `${(value / reference).toFixed(2)}×`;
}

/** Whether value ÷ reference meets a "≤ goal×" goal, judged on the ratio as printed (two decimals). */
export function meets(value: number, reference: number, goal: number): boolean {
  return Number.isFinite(value) && Number.isFinite(reference) && reference > 0 && Number((value / reference).toFixed(2)) <= goal;
}

/** Milliseconds with sensible precision: 0.42 ms, 12.3 ms, 1,234 ms. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  if (value < 1) {
    return `${value.toFixed(2)} ms`;
  }
  if (value < 100) {
    return `${value.toFixed(1)} ms`;
  }
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

/** Bytes as B, KB or MB (1 KB = 1,000 B, as browsers' network panels count). */
export function bytes(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  if (value < 1_000) {
    return `${Math.round(value)} B`;
  }
  if (value < 1_000_000) {
    return `${(value / 1_000).toFixed(1)} KB`;
  }
  return `${(value / 1_000_000).toFixed(2)} MB`;
}

export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}
