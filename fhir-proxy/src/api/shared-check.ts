import { z } from 'zod';
import { fhirId, sharedItemSchema, type ShareableType } from './consult-input.ts';

/**
 * What the composer asks while the physician writes (`POST /consults/shared-check`): the chart items
 * ticked so far and the reason's Condition, the same way `ConsultRequestInput` names them.
 */
export const sharedCheckInputSchema = z.strictObject({
  reasonConditionId: fhirId.optional(),
  shared: z.array(sharedItemSchema).max(500, 'share at most 500 items'),
});
export type SharedCheckInput = z.infer<typeof sharedCheckInputSchema>;

/**
 * One item's verdict: `shareable` (read from this patient's chart and valid R4), `invalid` (in the chart,
 * but not valid FHIR, so it cannot be sent) or `not-found` (not in this patient's chart, or no longer).
 */
export type SharedItemStatus = 'shareable' | 'invalid' | 'not-found';

export interface SharedItemCheck {
  readonly type: ShareableType;
  readonly id: string;
  readonly status: SharedItemStatus;
  /** For the physician, next to the item, when it cannot be sent: what is wrong and what to do. */
  readonly text?: string;
}

export interface SharedCheckResult {
  /** In the order asked, the reason's Condition last unless it was already among the items. */
  readonly items: readonly SharedItemCheck[];
  /**
   * What stops any consult from this launch, whatever is ticked, for the physician: the patient's or
   * their own EHR record is not valid FHIR. Empty when nothing does.
   */
  readonly blockers: readonly string[];
  /** How long the proxy keeps what it read for this session: a consult sent within it is not read again. */
  readonly freshForSeconds: number;
}
