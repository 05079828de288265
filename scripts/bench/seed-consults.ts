import type { Communication, Patient, Reference, ServiceRequest } from 'fhir/r4';
import type { WithId } from '@medplum/core';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { Urgency } from '../../fhir-proxy/src/api/consult-input.ts';
import { buildQuestionCommunication } from '../../fhir-proxy/src/fhir/build-communication.ts';
import { buildServiceRequest } from '../../fhir-proxy/src/fhir/build-service-request.ts';
import { validateR4 } from '../../fhir-proxy/src/fhir/r4.ts';
import { createRng, specialists, specialtyPools } from '../../fixtures/data/index.ts';
import type { RepositoryChange, SandboxRepository } from '../../fixtures/sandbox/fhir-server/repository.ts';

/** Who the seeded consults go to: every specialty pool and every specialist's role. */
export const QUEUE_TARGETS: readonly Reference[] = [
  ...specialtyPools.map((p) => ({ reference: `HealthcareService/${p.id}`, display: p.name ?? 'Pool' })),
  ...specialists.map((s) => ({ reference: `PractitionerRole/${s.role.id}`, display: s.practitioner.name?.[0]?.family ?? 'Specialist' })),
];

// Roughly how e-consult programmes report their mix: most routine, few stat; most still open.
const PRIORITIES: readonly [Urgency, number][] = [['routine', 0.6], ['urgent', 0.25], ['asap', 0.1], ['stat', 0.05]];
const STATUSES: readonly [ServiceRequest['status'], number][] = [['active', 0.7], ['completed', 0.25], ['revoked', 0.05]];
const DAY_MS = 86_400_000;

function weighted<T>(rng: () => number, options: readonly [T, number][]): T {
  let r = rng();
  for (const [value, weight] of options) {
    r -= weight;
    if (r < 0) {
      return value;
    }
  }
  return (options[options.length - 1] as [T, number])[0];
}

/**
 * N consults as the proxy writes them (its own builders: a ServiceRequest and its question
 * Communication), spread over every pool and specialist, the priorities and statuses, and a year of
 * dates, for patients who each have about 20 consults. Same seed, same consults.
 */
export function* consultResources(count: number, seed = 1, now = Date.parse('2026-11-21T12:00:00Z')): Generator<WithId<MedplumResource>> {
  const rng = createRng(seed);
  const patients = Math.max(1, Math.ceil(count / 20));
  for (let p = 0; p < patients; p++) {
    yield {
      resourceType: 'Patient',
      id: `queue-patient-${p}`,
      identifier: [{ system: 'https://ehr.bench.test/fhir/R4/Patient', value: `p${p}` }],
      name: [{ family: `Bench${p}`, given: ['Queue'] }],
      gender: p % 2 ? 'female' : 'male',
      birthDate: `19${String(30 + (p % 60)).padStart(2, '0')}-0${1 + (p % 9)}-1${p % 9}`,
    } satisfies Patient as unknown as WithId<MedplumResource>;
  }
  for (let i = 0; i < count; i++) {
    const key = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const target = QUEUE_TARGETS[Math.floor(rng() * QUEUE_TARGETS.length)] as Reference;
    const urgency = weighted(rng, PRIORITIES);
    const authored = new Date(now - Math.floor(rng() * 365 * DAY_MS)).toISOString();
    const patient = { reference: `Patient/queue-patient-${Math.floor(rng() * patients)}` };
    const requester = { reference: 'https://ehr.bench.test/fhir/R4/Practitioner/pcp-1', display: 'Dr. Bench' };
    const sr: ServiceRequest = {
      ...buildServiceRequest({
        input: { idempotencyKey: key, target: { kind: 'pool', healthcareServiceId: 'x' }, question: 'A seeded consult question for the queue benchmark.', urgency, reasonText: 'Seeded', shared: [] },
        target: { reference: target.reference ?? '', display: target.display ?? '', specialty: { text: 'Specialty' } },
        patient,
        requester,
        reason: undefined,
        supportingInfo: [],
        now: authored,
      }),
      id: `queue-sr-${i}`,
      status: weighted(rng, STATUSES),
    };
    yield sr as unknown as WithId<MedplumResource>;
    const question: Communication = {
      ...buildQuestionCommunication({ consultKey: key, question: 'A seeded consult question for the queue benchmark.', urgency, serviceRequest: { reference: `ServiceRequest/${sr.id}` }, patient, sender: requester, recipient: target, now: authored }),
      id: `queue-q-${i}`,
    };
    yield question as unknown as WithId<MedplumResource>;
  }
}

/**
 * Puts N consults into a sandbox store's repository directly, the way its write-through log replays
 * (no per-resource validation, no HTTP): a sample of each kind is validated against R4 first, so the
 * fast path never writes what the store would refuse. Returns how many resources were written.
 */
export async function seedConsults(repo: SandboxRepository, count: number, seed = 1): Promise<number> {
  let written = 0;
  let checked = 0;
  const batch: RepositoryChange[] = [];
  const flush = async (): Promise<void> => {
    await repo.replay(batch.splice(0));
  };
  for (const resource of consultResources(count, seed)) {
    if (checked < 50 || written % 997 === 0) {
      const issues = validateR4(resource as never);
      if (issues.length) {
        throw new Error(`A seeded ${resource.resourceType} is not valid R4: ${issues.map((i) => i.details?.text ?? i.diagnostics).join('; ')}`);
      }
      checked += 1;
    }
    batch.push({ op: 'put', resource });
    written += 1;
    if (batch.length >= 5_000) {
      await flush();
    }
  }
  await flush();
  return written;
}
