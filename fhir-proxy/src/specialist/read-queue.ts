import type { FhirResource, Patient } from 'fhir/r4';
import type { Urgency } from '../api/consult-input.ts';
import { isOpenState } from '../api/consult-summary.ts';
import type { QueueItem, QueuePage, QueueQuery, QueueStatus } from '../api/specialist.ts';
import { recordsFrom, withThread, type ConsultRecord } from '../consults/consult-record.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { toConsultSummary } from '../consults/to-consult-summary.ts';
import { storeKeepsTasks } from '../consults/workflow-support.ts';
import { formatHumanName } from '../fhir/human-name.ts';
import { CODES } from '../fhir/identifiers.ts';
import { auditTouches } from '../lib/request-context.ts';
import { slaClock } from '../lib/sla.ts';
import { claimableBy } from './specialist-access.ts';
import { performerRefs, type SpecialistContext } from './specialist-context.ts';

/** Most urgent first: the order the queue walks the priority levels in. */
export const PRIORITY_ORDER: readonly Urgency[] = ['stat', 'asap', 'urgent', 'routine'];

const STATUS_FILTER: Readonly<Record<QueueStatus, { readonly who: 'all' | 'roles' | 'pools'; readonly status?: string }>> = {
  open: { who: 'all', status: 'active' },
  unclaimed: { who: 'pools', status: 'active' },
  mine: { who: 'roles', status: 'active' },
  answered: { who: 'all', status: 'completed' },
  declined: { who: 'all', status: 'revoked' },
  all: { who: 'all' },
};

/**
 * One page of the specialist's queue, most urgent first and newest first within an urgency. It runs one
 * FHIR search per priority level (stat, then asap, urgent, routine), each asking only for what is still
 * missing from the page (`_count`) from where the previous page stopped (`_offset`), and stops as soon
 * as the page is full: at most four searches of at most `pageSize` consults each, however long the
 * queue is. Each search brings its consults' threads and Tasks (`_revinclude`) and patients
 * (`_include=ServiceRequest:subject`), so a page needs no request per row. The cursor is
 * `<priority index>.<offset>`.
 * @see https://hl7.org/fhir/R4/search.html#count
 * @see https://hl7.org/fhir/R4/search.html#include
 */
export async function readQueue(deps: ProxyDeps, specialist: SpecialistContext, query: QueueQuery): Promise<QueuePage> {
  const refs = performerRefs(specialist);
  const filter = STATUS_FILTER[query.status];
  const performers = [...(filter.who === 'pools' ? [] : refs.roles), ...(filter.who === 'roles' ? [] : refs.pools)];
  const levels = query.urgency ? [query.urgency] : PRIORITY_ORDER;
  if (performers.length === 0) {
    return { items: [], next: undefined };
  }
  const withTask = await storeKeepsTasks(deps);
  let [level, offset] = (query.cursor ?? '0.0').split('.').map(Number) as [number, number];
  const records: ConsultRecord[] = [];
  const patients = new Map<string, Patient>();
  while (level < levels.length && records.length < query.pageSize) {
    const wanted = query.pageSize - records.length;
    const search = new URLSearchParams({
      performer: performers.join(','),
      priority: levels[level] ?? 'routine',
      category: `${CODES.econsultCategory.system}|${CODES.econsultCategory.code}`,
      _sort: '-authored',
      _count: String(wanted),
      _offset: String(offset),
      ...(filter.status ? { status: filter.status } : {}),
      _include: 'ServiceRequest:subject',
    });
    const bundle = await deps.store.search<FhirResource>(`ServiceRequest?${withThread(search, withTask)}`);
    for (const entry of bundle.entry ?? []) {
      if (entry.resource?.resourceType === 'Patient' && entry.resource.id) {
        patients.set(`Patient/${entry.resource.id}`, entry.resource);
      }
    }
    const page = recordsFrom(bundle);
    records.push(...page);
    const more = page.length === wanted && (bundle.total === undefined || offset + page.length < bundle.total);
    [level, offset] = more ? [level, offset + page.length] : [level + 1, 0];
  }
  // The page shows each consult and whom it is about: its AuditEvent names them all.
  auditTouches(...records.flatMap((record) => [`ServiceRequest/${record.sr.id}`, record.sr.subject.reference]));
  const names = await patientNames(deps, records, patients);
  const now = deps.now();
  const items = records.map((record): QueueItem => {
    const summary = toConsultSummary(record);
    return {
      ...summary,
      sla: slaClock(summary.authoredOn, summary.urgency, isOpenState(summary.state), now, deps.sla),
      patientName: names.get(record.sr.subject.reference ?? '') ?? record.sr.subject.display ?? 'Unnamed patient',
      claimable: claimableBy(record, specialist),
    };
  });
  return { items, next: level < levels.length ? `${level}.${offset}` : undefined };
}

// Who each consult is about: the patients the searches included; one search for any a store left out
// (a store that ignores `_include`), so each row can still say whom the consult is about.
async function patientNames(deps: ProxyDeps, records: readonly ConsultRecord[], included: ReadonlyMap<string, Patient>): Promise<Map<string, string>> {
  const names = new Map([...included].map(([ref, patient]) => [ref, formatHumanName(patient.name) ?? 'Unnamed patient'] as const));
  const missing = [...new Set(records.flatMap((r) => (r.sr.subject.reference && !names.has(r.sr.subject.reference) ? [r.sr.subject.reference.split('/')[1] ?? ''] : [])))].filter(Boolean);
  if (missing.length === 0) {
    return names;
  }
  const bundle = await deps.store.search<Patient>(`Patient?_id=${missing.map(encodeURIComponent).join(',')}&_count=${missing.length}`);
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.id) {
      names.set(`Patient/${entry.resource.id}`, formatHumanName(entry.resource.name) ?? 'Unnamed patient');
    }
  }
  return names;
}
