import { observationDate, observationValue } from './observations.ts';
import type { ObservationGroup } from './observations.ts';

/** At most this many recent results go into a sparkline (and its text alternative). */
export const MAX_TREND_POINTS = 20;
/** How many of them are also written out on screen, beside the line. */
const VISIBLE_POINTS = 4;

export interface TrendPoint {
  readonly time: number;
  /** One number, or two for blood pressure (systolic, diastolic). */
  readonly numbers: readonly number[];
}

/** The recent numeric results of one test, oldest first, with a sentence saying the same for screen readers. */
export interface ObservationTrend {
  readonly points: readonly TrendPoint[];
  /** e.g. "HbA1c: 6.8, 7.1, 7.4 % from 2021 to 2026". */
  readonly description: string;
  /** The last few values as compact text for the screen, e.g. "6.8 → 7.1 → 7.4" ("… " first when there are more). */
  readonly recent: string;
}

function yearSpan(first: number, last: number): string {
  const from = new Date(first).getUTCFullYear();
  const to = new Date(last).getUTCFullYear();
  return from === to ? `in ${from}` : `from ${from} to ${to}`;
}

/** The trend of a group with at least two dated numeric results, else undefined. */
export function observationTrend(group: ObservationGroup, maxPoints = MAX_TREND_POINTS): ObservationTrend | undefined {
  const numeric: TrendPoint[] = [];
  let unit: string | undefined;
  let arity: number | undefined;
  for (const observation of group.observations) {
    const date = observationDate(observation);
    const time = date ? Date.parse(date) : Number.NaN;
    const value = observationValue(observation);
    if (Number.isNaN(time) || value.numbers.length === 0 || (arity !== undefined && value.numbers.length !== arity)) {
      continue;
    }
    arity = value.numbers.length;
    unit ??= value.unit;
    numeric.push({ time, numbers: value.numbers });
  }
  if (numeric.length < 2) {
    return undefined;
  }
  // group.observations is newest first; keep the most recent points and show them oldest first.
  const points = numeric.slice(0, maxPoints).reverse();
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) {
    return undefined;
  }
  const numbers = points.map((p) => p.numbers.join('/'));
  const values = numbers.join(', ');
  const recent = `${numbers.length > VISIBLE_POINTS ? '… ' : ''}${numbers.slice(-VISIBLE_POINTS).join(' → ')}`;
  const heading = numeric.length > points.length ? `${group.label}, last ${points.length} of ${numeric.length} results` : group.label;
  const description = `${heading}: ${values}${unit ? ` ${unit}` : ''} ${yearSpan(first.time, last.time)}`;
  return { points, description, recent };
}
