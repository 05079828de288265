import type { ConsultState } from './consult-summary.ts';

/**
 * Programme metrics, computed from the store's FHIR resources at request time.
 * - `firstAnswerHours`: from ServiceRequest.authoredOn to the first specialist message of the thread
 *   (a clarifying question or the final answer; claim/decline/redirect notes do not count). Median is
 *   the middle value (mean of the two middle values for an even count); p90 is the nearest-rank 90th
 *   percentile (the value at rank ⌈0.9·n⌉ of the sorted list).
 * - `resolvedWithoutVisit`: answered consults whose outcome is "advice only", over all answered consults.
 * - `overdue`: consults still open past their SLA due time.
 */
export interface ProgrammeMetrics {
  readonly generatedAt: string;
  readonly total: number;
  readonly bySpecialty: readonly SpecialtyCounts[];
  readonly firstAnswerHours: { readonly count: number; readonly median: number | null; readonly p90: number | null };
  readonly resolvedWithoutVisit: { readonly answered: number; readonly adviceOnly: number; readonly share: number | null };
  readonly overdue: number;
}

export interface SpecialtyCounts {
  readonly specialty: string;
  readonly total: number;
  readonly byState: Readonly<Record<ConsultState, number>>;
}
