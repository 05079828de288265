// The proxy owns the API contract; this is the app's single import of it (with ehr-issuer-contract.ts, the
// launch page's part, which it re-exports), so no other app module reaches across into fhir-proxy/.
// (A package.json "imports" alias such as "#proxy-api/*" would let this file go too; that is the lead's
// call, as package.json is shared.)
export { consultRequestInputSchema, fhirId, urgencySchema } from '../../../fhir-proxy/src/api/consult-input.ts';
export { issueText } from '../../../fhir-proxy/src/api/issue-text.ts';
export type { ConsultRequestInput, ConsultTarget, SharedItem, ShareableType, Urgency } from '../../../fhir-proxy/src/api/consult-input.ts';
export type { SharedCheckInput, SharedCheckResult, SharedItemCheck, SharedItemStatus } from '../../../fhir-proxy/src/api/shared-check.ts';
export { CONSULT_STATES, isOpenState } from '../../../fhir-proxy/src/api/consult-summary.ts';
export type { ConsultOutcome, ConsultState, ConsultStatus, ConsultSummary, Directory, DirectorySpecialist, DirectorySpecialty } from '../../../fhir-proxy/src/api/consult-summary.ts';
export { answerInputSchema, consultOutcomeSchema, declineInputSchema, messageInputSchema, redirectInputSchema, withdrawInputSchema } from '../../../fhir-proxy/src/api/consult-thread.ts';
export type {
  AnswerInput,
  ConsultDetail,
  DeclineInput,
  MessageInput,
  MessageKind,
  PatientIdentity,
  RedirectInput,
  SharedPacket,
  SlaClock,
  SpecialistConsultDetail,
  ThreadMessage,
  WithdrawInput,
} from '../../../fhir-proxy/src/api/consult-thread.ts';
export type { QueueItem, QueuePage, QueueQuery, QueueStatus, SpecialistProfile } from '../../../fhir-proxy/src/api/specialist.ts';
export type { ProgrammeMetrics, SpecialtyCounts } from '../../../fhir-proxy/src/api/metrics.ts';
export { CONSULT_EVENT } from '../../../fhir-proxy/src/api/events.ts';
export type { ConsultEvent } from '../../../fhir-proxy/src/api/events.ts';
export { ID_TOKEN_HEADER, ISSUER_HEADER, PATIENT_HEADER } from '../../../fhir-proxy/src/api/headers.ts';
export type { AppType } from '../../../fhir-proxy/src/app.ts';
// The per-issuer settings come through the launch page's small part of the contract (see that file for why).
export { buildScope, ehrIssuerSettingsShape } from './ehr-issuer-contract.ts';
export type { EhrIssuerSettings, ScopePolicy, WriteBackSettings } from './ehr-issuer-contract.ts';
export type { EhrRecordItem, EhrRecordStatus } from '../../../fhir-proxy/src/api/ehr-record.ts';
// Pure CapabilityStatement checks, for features that decide what the EHR can take (e.g. a DocumentReference note).
export { resourceCapability, supportsConditionalCreate, supportsInteraction, supportsSearchParam, supportsSystemInteraction } from '../../../fhir-proxy/src/api/fhir-capabilities.ts';
