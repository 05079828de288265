import type { CapabilityStatement, Communication, FhirResource, Reference, ServiceRequest } from 'fhir/r4';
import type { EhrRecordItem, EhrRecordStatus } from '../api/ehr-record.ts';
import { supportsConditionalCreate, supportsInteraction, supportsSearchParam } from '../api/fhir-capabilities.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import { buildEhrMessage, buildEhrNotification } from '../fhir/build-ehr-communication.ts';
import { buildEhrServiceRequest, type EhrConsultParts } from '../fhir/build-ehr-service-request.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { validateR4 } from '../fhir/r4.ts';
import { Problem } from '../lib/outcome.ts';
import type { ProxyDeps } from './deps.ts';

type WriteBackType = EhrRecordItem['resourceType'];

/**
 * The optional, separate step after the consult store has the consult: a copy in the EHR, with the
 * user's own token and only toward the allow-listed issuer that launched the app. What is written
 * follows the issuer's `writeBack` settings, each kind only where the EHR's CapabilityStatement offers
 * the create and the token grants it. It never fails the consult: each item reports what happened.
 * @see https://hl7.org/fhir/R4/capabilitystatement.html
 */
export async function writeBackToEhr(deps: ProxyDeps, launch: LaunchContext, parts: EhrConsultParts, consultIsNew: boolean): Promise<EhrRecordItem[]> {
  const settings = deps.issuer(launch.iss)?.writeBack;
  const wanted: WriteBackType[] = [...(settings?.serviceRequest ? ['ServiceRequest' as const] : []), ...(settings && settings.communication !== 'none' ? ['Communication' as const] : [])];
  if (!settings || !wanted.length) {
    return [];
  }
  const ehr = deps.ehr(launch.iss);
  const statement = await deps.capabilities.get(ehr);
  const items: EhrRecordItem[] = [];
  let order: Reference | undefined;
  for (const type of wanted) {
    const build = (): FhirResource =>
      type === 'ServiceRequest'
        ? buildEhrServiceRequest(parts)
        : settings.communication === 'notification'
          ? buildEhrNotification(parts, settings.notificationRecipient ?? parts.requester)
          : buildEhrMessage(parts, order);
    const item = await writeOne(deps, ehr, launch, statement, type, build, consultIsNew);
    if (type === 'ServiceRequest' && item.id) {
      order = { reference: `ServiceRequest/${item.id}` };
    }
    items.push(item);
  }
  return items;
}

async function writeOne(deps: ProxyDeps, ehr: FhirClient, launch: LaunchContext, statement: CapabilityStatement | undefined, type: WriteBackType, build: () => FhirResource, consultIsNew: boolean): Promise<EhrRecordItem> {
  const report = (status: EhrRecordStatus, id?: string): EhrRecordItem => {
    deps.logger.info('ehr.write-back', { resourceType: type, status });
    return { resourceType: type, status, ...(id ? { id } : {}) };
  };
  if (!supportsInteraction(statement, type, 'create')) {
    return report('not-offered');
  }
  if (launch.scope && !grantsCreate(launch.scope, type)) {
    return report('not-permitted');
  }
  const resource = build();
  const issues = validateR4(resource);
  if (issues.length) {
    deps.logger.error('ehr.write-back.invalid', { resourceType: type, elements: issues.flatMap((i) => i.expression ?? []).join(',') });
    return report('failed');
  }
  const identifier = (resource as ServiceRequest | Communication).identifier?.[0];
  const query = identifier?.system && identifier.value ? `identifier=${encodeURIComponent(`${identifier.system}|${identifier.value}`)}` : undefined;
  const token = { token: launch.accessToken };
  try {
    // Idempotent where the EHR allows it (conditional create, else a search first); otherwise the copy
    // goes once, with the consult's first arrival, and a retry of an arrived consult sends none.
    if (query && supportsConditionalCreate(statement, type)) {
      return report('written', (await ehr.create(resource, { ...token, ifNoneExist: query })).resource.id);
    }
    if (query && supportsSearchParam(statement, type, 'identifier')) {
      const found = await ehr.search<FhirResource>(`${type}?${query}&_count=1`, token);
      const existing = found.entry?.find((e) => e.resource?.resourceType === type)?.resource;
      if (existing?.id) {
        return report('written', existing.id);
      }
    } else if (!consultIsNew) {
      return report('not-repeated');
    }
    return report('written', (await ehr.create(resource, token)).resource.id);
  } catch (err) {
    if (!(err instanceof Problem)) {
      throw err;
    }
    deps.logger.error('ehr.write-back.refused', { resourceType: type, status: err.status });
    return report(err.status === 403 ? 'not-permitted' : 'failed');
  }
}

/**
 * Whether granted scopes allow creating `type`: SMART v2 `c` or v1 `write`/`*`, at user or patient level.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
export function grantsCreate(scope: string, type: string): boolean {
  return scope.split(/\s+/).some((s) => {
    const match = /^(?:user|patient)\/(\*|[A-Za-z]+)\.([a-z*]+)(?:\?.*)?$/.exec(s);
    if (!match || (match[1] !== '*' && match[1] !== type)) {
      return false;
    }
    const permissions = match[2] ?? '';
    return permissions === 'write' || permissions === '*' || (permissions !== 'read' && permissions.includes('c'));
  });
}
