import { z } from 'zod';
import { urgencySchema } from './consult-input.ts';
import type { SlaClock } from './consult-thread.ts';
import type { ConsultSummary } from './consult-summary.ts';

/**
 * Queue filters. `open` = everything still to do (named to me, claimed by me, waiting in my pools);
 * `unclaimed` = waiting in my pools; `mine` = named to me or claimed by me.
 */
export const queueStatusSchema = z.enum(['open', 'unclaimed', 'mine', 'answered', 'declined', 'all']);
export type QueueStatus = z.infer<typeof queueStatusSchema>;

export const queueQuerySchema = z.strictObject({
  status: queueStatusSchema.default('open'),
  urgency: urgencySchema.optional(),
  /** Opaque: the `next` of the previous page. */
  cursor: z.string().regex(/^[0-3]\.\d{1,7}$/, 'must be the "next" value of the previous page').optional(),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** One consult in the specialist's queue. */
export interface QueueItem extends ConsultSummary {
  readonly sla: SlaClock;
  readonly patientName: string;
  /** True when it waits in one of my pools (claim it to make it mine). */
  readonly claimable: boolean;
}

export interface QueuePage {
  readonly items: readonly QueueItem[];
  /** Pass as `cursor` for the next page; undefined on the last page. */
  readonly next: string | undefined;
}

/** The signed-in specialist as the consult store's directory knows them. */
export interface SpecialistProfile {
  readonly practitionerId: string;
  readonly name: string;
  readonly roles: readonly { readonly id: string; readonly specialties: readonly string[] }[];
  readonly pools: readonly { readonly id: string; readonly name: string }[];
  /** May see the programme metrics page. */
  readonly programmeLead: boolean;
}
