import type { Communication, Patient, ServiceRequest } from 'fhir/r4';
import type { ConsultSummary } from '../api/consult-summary.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import { questionKey } from '../fhir/build-communication.ts';
import { ehrSystem, SYSTEMS } from '../fhir/identifiers.ts';
import { Problem } from '../lib/outcome.ts';
import type { ProxyDeps } from './deps.ts';
import { toConsultSummary } from './to-consult-summary.ts';

/** A consult as the store holds it, with the store's snapshot of its patient. */
export interface StoredConsult {
  readonly serviceRequest: ServiceRequest;
  readonly patient: Patient;
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Whether this caller may see or act on a consult. A requester: only consults for the patient of their
 * launch (the store's patient snapshot carries the EHR id as an identifier). Issue 3's specialist rule
 * (addressed to me or to my pools) joins here, so every `/consults/:id…` route inherits it.
 */
export function mayAccessConsult(launch: LaunchContext, consult: StoredConsult): boolean {
  const ehrPatient = ehrSystem(launch.iss, 'Patient');
  return consult.patient.identifier?.some((i) => i.system === ehrPatient && i.value === launch.patient) ?? false;
}

/**
 * Loads consult `id` for this caller, or answers 404: a consult of another patient, an id that is not
 * a consult and an id that does not exist all look the same, so ids cannot be probed.
 */
export async function readConsultFor(deps: ProxyDeps, launch: LaunchContext, id: string): Promise<StoredConsult> {
  const notFound = Problem.of(404, 'not-found', 'There is no such consult for this patient. Open the consult from this patient\'s chart.', ['id']);
  if (!FHIR_ID.test(id)) {
    throw notFound;
  }
  const bundle = await deps.store.search<ServiceRequest | Patient>(`ServiceRequest?${new URLSearchParams({ _id: id, _include: 'ServiceRequest:subject' })}`);
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const serviceRequest = resources.find((r): r is ServiceRequest => r.resourceType === 'ServiceRequest' && r.id === id);
  const patient = resources.find((r): r is Patient => r.resourceType === 'Patient' && `Patient/${r.id}` === serviceRequest?.subject.reference);
  const consult = serviceRequest && patient ? { serviceRequest, patient } : undefined;
  if (!consult || !serviceRequest?.identifier?.some((i) => i.system === SYSTEMS.consult) || !mayAccessConsult(launch, consult)) {
    throw notFound;
  }
  return consult;
}

/** The consult as the app shows it, with its question. */
export async function consultSummaryOf(deps: ProxyDeps, consult: StoredConsult): Promise<ConsultSummary> {
  const sr = consult.serviceRequest;
  const key = sr.identifier?.find((i) => i.system === SYSTEMS.consult)?.value ?? '';
  const query = new URLSearchParams({ 'based-on': `ServiceRequest/${sr.id}`, identifier: `${SYSTEMS.message}|${questionKey(key)}` });
  const thread = await deps.store.search<Communication>(`Communication?${query}`);
  return toConsultSummary(sr, thread.entry?.[0]?.resource);
}
