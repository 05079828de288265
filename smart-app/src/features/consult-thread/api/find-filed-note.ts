import type { ConsultDetail } from '../../../lib/api-contract.ts';
import type { SmartClient } from '../../../smart/fhirclient.ts';
import { searchAll } from '../../../smart/fhir-requests.ts';
import { consultNoteIdentifier } from './consult-note.ts';

/**
 * The consult note already filed in the chart for this answer (`DocumentReference/<id>`), else undefined.
 * The EHR is the record of what was filed: the app keeps nothing, so a reload, another device or another
 * user's session all see the same. A search parameter a server does not support is ignored (FHIR's
 * lenient handling) and would bring every note of the patient, so the identifier is checked here too.
 * @see https://hl7.org/fhir/R4/search.html#errors
 * @see https://hl7.org/fhir/R4/search.html#token
 */
export async function findFiledNote(client: SmartClient, patientId: string, consult: ConsultDetail, signal?: AbortSignal): Promise<string | undefined> {
  const { system, value } = consultNoteIdentifier(consult);
  const found = await searchAll(client, 'DocumentReference', { patient: patientId, identifier: `${system}|${value}` }, signal);
  const note = found.find((doc) => doc.id && doc.identifier?.some((id) => id.system === system && id.value === value));
  return note?.id ? `DocumentReference/${note.id}` : undefined;
}
