import type { OperationOutcomeIssue } from 'fhir/r4';
import { pathsOf } from '../fhir/r4.ts';

// The store's snapshots of the patient and of the requester are made from their EHR records: where a
// record is not valid R4, no consult can be sent from this launch, whatever is ticked. Said at the
// composer's check (shared-check) and, if sent anyway, at Send.

export function invalidPatientRecord(issues: readonly OperationOutcomeIssue[]): string {
  return `This patient's record in the EHR is not valid FHIR${where(issues)}, so Curbside cannot send a consult about them.`;
}

export function invalidRequesterRecord(issues: readonly OperationOutcomeIssue[]): string {
  return `Your own record in the EHR is not valid FHIR${where(issues)}, so Curbside cannot name you as the requester.`;
}

function where(issues: readonly OperationOutcomeIssue[]): string {
  const paths = pathsOf(issues);
  return paths ? ` (${paths})` : '';
}
