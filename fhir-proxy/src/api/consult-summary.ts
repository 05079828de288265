import type { Urgency } from './consult-input.ts';

/** FHIR ServiceRequest.status values a consult moves through. */
export type ConsultStatus = 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';

/** A consult as the app lists it: read from the store's ServiceRequest, never from the client's copy. */
export interface ConsultSummary {
  readonly id: string;
  readonly idempotencyKey: string | undefined;
  readonly status: ConsultStatus;
  readonly urgency: Urgency;
  readonly specialty: string;
  readonly target: string;
  readonly question: string;
  readonly authoredOn: string | undefined;
  readonly sharedCount: number;
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
