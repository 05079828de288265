import { CONSULT_STATES, type ConsultState, isOpenState } from '../api/consult-summary.ts';
import type { ProgrammeMetrics, SpecialtyCounts } from '../api/metrics.ts';
import { urgencySchema } from '../api/consult-input.ts';
import type { ConsultRecord } from '../consults/consult-record.ts';
import { consultState, messageKind, messageOutcome, messageSide } from '../consults/consult-view.ts';
import { slaClock, type SlaTargets } from '../lib/sla.ts';

const STATES = CONSULT_STATES;

/**
 * Programme metrics, one consult at a time, so the store can be read page by page and only the numbers
 * (counts, and one duration per answered consult for the percentiles) are kept in memory.
 */
export class MetricsAccumulator {
  readonly #now: Date;
  readonly #sla: SlaTargets;
  readonly #bySpecialty = new Map<string, Record<ConsultState, number>>();
  readonly #firstAnswerHours: number[] = [];
  #total = 0;
  #answered = 0;
  #adviceOnly = 0;
  #overdue = 0;

  constructor(now: Date, sla: SlaTargets) {
    this.#now = now;
    this.#sla = sla;
  }

  add(record: ConsultRecord): void {
    const { sr } = record;
    const state = consultState(record);
    const specialty = sr.performerType?.text ?? sr.performerType?.coding?.[0]?.display ?? 'Unknown specialty';
    const counts = this.#bySpecialty.get(specialty) ?? (Object.fromEntries(STATES.map((s) => [s, 0])) as Record<ConsultState, number>);
    counts[state] += 1;
    this.#bySpecialty.set(specialty, counts);
    this.#total += 1;

    const sent = Date.parse(sr.authoredOn ?? '');
    const first = record.messages.find((m) => messageSide(m) === 'specialist' && ['clarification-request', 'answer'].includes(messageKind(m)));
    const firstAt = Date.parse(first?.sent ?? '');
    if (!Number.isNaN(sent) && !Number.isNaN(firstAt)) {
      this.#firstAnswerHours.push((firstAt - sent) / 3_600_000);
    }
    if (state === 'answered') {
      this.#answered += 1;
      const answer = record.messages.findLast((m) => messageKind(m) === 'answer');
      this.#adviceOnly += answer && messageOutcome(answer) === 'advice-only' ? 1 : 0;
    }
    const urgency = urgencySchema.safeParse(sr.priority);
    if (slaClock(sr.authoredOn, urgency.success ? urgency.data : 'routine', isOpenState(state), this.#now, this.#sla).overdue) {
      this.#overdue += 1;
    }
  }

  result(): ProgrammeMetrics {
    const hours = this.#firstAnswerHours.toSorted((a, b) => a - b);
    const bySpecialty: SpecialtyCounts[] = [...this.#bySpecialty]
      .map(([specialty, byState]) => ({ specialty, byState, total: STATES.reduce((n, s) => n + byState[s], 0) }))
      .sort((a, b) => a.specialty.localeCompare(b.specialty));
    return {
      generatedAt: this.#now.toISOString(),
      total: this.#total,
      bySpecialty,
      firstAnswerHours: { count: hours.length, median: median(hours), p90: nearestRank(hours, 0.9) },
      resolvedWithoutVisit: { answered: this.#answered, adviceOnly: this.#adviceOnly, share: this.#answered ? this.#adviceOnly / this.#answered : null },
      overdue: this.#overdue,
    };
  }
}

/** The middle value of a sorted list; the mean of the two middle values when the count is even. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) {
    return null;
  }
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The nearest-rank percentile of a sorted list: the value at rank ⌈p·n⌉. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  return sorted.length ? (sorted[Math.max(Math.ceil(p * sorted.length) - 1, 0)] ?? null) : null;
}
