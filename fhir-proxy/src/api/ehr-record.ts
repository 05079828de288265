/**
 * What happened to the optional copy of a consult in the EHR (beside the consult store, which always
 * has it). Per resource, because EHRs differ: Epic takes a ServiceRequest and a Communication, Oracle
 * Health only a notification Communication (fhir-landscape.md §3–4).
 * - `written`: the EHR now holds it (`id` is the EHR's id).
 * - `not-offered`: the EHR's CapabilityStatement has no create for this type.
 * - `not-permitted`: the signed-in user's token does not grant creating it.
 * - `not-repeated`: the consult had already arrived and this EHR cannot tell whether it got a copy, so
 *   none is sent again (no duplicates in the chart).
 * - `failed`: the EHR refused or did not answer; the consult itself was still sent.
 */
export type EhrRecordStatus = 'written' | 'not-offered' | 'not-permitted' | 'not-repeated' | 'failed';

export interface EhrRecordItem {
  readonly resourceType: 'ServiceRequest' | 'Communication';
  readonly status: EhrRecordStatus;
  readonly id?: string;
}
