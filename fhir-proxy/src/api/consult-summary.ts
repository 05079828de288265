import type { Urgency } from './consult-input.ts';

/** FHIR ServiceRequest.status values a consult moves through. */
export type ConsultStatus = 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';

/**
 * Where a consult is in its workflow, read from its Task (when the store keeps one) or else from its
 * ServiceRequest and thread. The states follow the Canadian eConsult IG's business states
 * ("Case Submitted", "Clarification Requested", "More Information Provided", "Consult Provided").
 */
export type ConsultState = 'submitted' | 'accepted' | 'clarification-requested' | 'information-provided' | 'answered' | 'declined' | 'withdrawn';

/** Still waiting for someone (a reply, a claim, an answer): not answered, declined or withdrawn. */
export function isOpenState(state: ConsultState): boolean {
  return state !== 'answered' && state !== 'declined' && state !== 'withdrawn';
}

/** Every state, in workflow order (the metrics' columns). */
export const CONSULT_STATES: readonly ConsultState[] = ['submitted', 'accepted', 'clarification-requested', 'information-provided', 'answered', 'declined', 'withdrawn'];

/** The specialist's final verdict on a consult (a Curbside code; see fhir/identifiers.ts for why no standard code fits). */
export type ConsultOutcome = 'advice-only' | 'see-specialty' | 'urgent-referral';

/** A consult as the app lists it: read from the store's ServiceRequest, never from the client's copy. */
export interface ConsultSummary {
  readonly id: string;
  readonly idempotencyKey: string | undefined;
  readonly status: ConsultStatus;
  readonly urgency: Urgency;
  readonly specialty: string;
  /** The pool, or the specialist who has the consult (named, or who claimed it). */
  readonly target: string;
  readonly question: string;
  readonly authoredOn: string | undefined;
  readonly sharedCount: number;
  readonly state: ConsultState;
  /** Set once the final answer is in. */
  readonly outcome: ConsultOutcome | undefined;
  /** When the specialist side last wrote in the thread (for the requester's unread marks). */
  readonly lastSpecialistMessageAt: string | undefined;
  /** When the requester side last wrote in the thread (for the specialist's unread marks). */
  readonly lastRequesterMessageAt: string | undefined;
}

export interface DirectorySpecialty {
  readonly code: string;
  readonly system: string;
  readonly display: string;
  readonly poolId: string;
  readonly poolName: string;
}

export interface DirectorySpecialist {
  readonly practitionerRoleId: string;
  readonly name: string;
  readonly specialtyCodes: readonly string[];
}

export interface Directory {
  readonly specialties: readonly DirectorySpecialty[];
  readonly specialists: readonly DirectorySpecialist[];
}
