import type { Bundle as R4Bundle, FhirResource, Observation, Patient } from 'fhir/r4';
import type { Bundle } from '@medplum/fhirtypes';
import { FhirRouter } from '@medplum/fhir-router';
import { ehrPatients, generateLargePatient, listSyntheaBundles, loadSyntheaBundle } from '../../fixtures/data/index.ts';
import type { SandboxRepository } from '../../fixtures/sandbox/fhir-server/repository.ts';
import { resolveConditionalCreates } from '../../fixtures/sandbox/fhir-server/transaction.ts';

/** A patient in the bench EHR, with what its chart holds (to label the rows). */
export interface BenchPatient {
  readonly tier: 'small' | 'medium' | 'large';
  readonly label: string;
  readonly patientId: string;
  readonly observations: number;
  readonly resources: number;
}

const router = new FhirRouter();

/**
 * POSTs a bundle straight into the EHR's repository through Medplum's router (the same transaction path
 * and R4 validation as over HTTP). The sandbox EHR refuses system-level requests from apps, and the
 * benchmark is not an app.
 */
async function post(repo: SandboxRepository, bundle: R4Bundle): Promise<R4Bundle> {
  const body = await resolveConditionalCreates(bundle as unknown as Bundle, repo);
  const [outcome, result] = await router.handleRequest({ method: 'POST', url: '', pathname: '', params: {}, query: {}, body, config: { transactions: true } }, repo);
  const issue = outcome.issue?.[0];
  if (issue?.severity === 'error') {
    throw new Error(`Loading a bundle failed: ${issue.details?.text ?? issue.diagnostics ?? issue.code}`);
  }
  return result as unknown as R4Bundle;
}

async function loadResources(repo: SandboxRepository, resources: readonly FhirResource[]): Promise<void> {
  for (let i = 0; i < resources.length; i += 2000) {
    const entry = resources.slice(i, i + 2000).map((resource) => ({ resource, request: { method: 'PUT' as const, url: `${resource.resourceType}/${resource.id}` } }));
    await post(repo, { resourceType: 'Bundle', type: 'batch', entry });
  }
}

const countOf = (resources: readonly FhirResource[], type: string): number => resources.filter((r) => r.resourceType === type).length;

/**
 * Small, medium and large patients. The Synthea bundles from ../shared/data/synthea where present
 * (smallest and a ~650-Observation one; Yulanda554 is Synthea 2.2, not valid R4, and a validating
 * server refuses it); otherwise the fixture cast and a generated 700-Observation patient. Large is
 * always the generator's patient with `largeObservations` Observations.
 */
export async function loadBenchPatients(repo: SandboxRepository, options: { readonly largeObservations: number; readonly tiers: readonly BenchPatient['tier'][] }): Promise<BenchPatient[]> {
  const { largeObservations, tiers } = options;
  const patients: BenchPatient[] = [];
  const usable = listSyntheaBundles()
    .filter((b) => b.kind === 'patient' && !b.name.startsWith('Yulanda554'))
    .sort((a, b) => a.bytes - b.bytes);
  const small = usable[0];
  const medium = usable.find((b) => b.name.startsWith('Josue')) ?? usable[Math.floor(usable.length / 2)];
  for (const [tier, info] of [['small', small], ['medium', medium]] as const) {
    if (info && tiers.includes(tier) && (tier === 'small' || info !== small)) {
      const bundle = loadSyntheaBundle(info.path);
      const response = await post(repo, bundle);
      const patient = response.entry?.map((e) => e.resource).find((r): r is Patient => r?.resourceType === 'Patient');
      const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
      const name = patient?.name?.[0];
      const display = name ? [...(name.given ?? []), name.family].filter(Boolean).join(' ') : info.name;
      patients.push({ tier, label: `Synthea ${display}`, patientId: patient?.id ?? '', observations: countOf(resources, 'Observation'), resources: resources.length });
    }
  }
  if (tiers.includes('small') && !patients.some((p) => p.tier === 'small')) {
    const record = ehrPatients[0];
    if (record) {
      patients.push({ tier: 'small', label: `fixture ${record.patient.id}`, patientId: record.patient.id ?? '', observations: countOf(record.resources, 'Observation'), resources: record.resources.length + 1 });
    }
  }
  if (tiers.includes('medium') && !patients.some((p) => p.tier === 'medium')) {
    patients.push(await loadGenerated(repo, 'medium', 'patient-bench-medium', 700));
  }
  if (tiers.includes('large')) {
    patients.push(await loadGenerated(repo, 'large', 'patient-bench-large', largeObservations));
  }
  return patients;
}

async function loadGenerated(repo: SandboxRepository, tier: BenchPatient['tier'], id: string, observationCount: number): Promise<BenchPatient> {
  const record = generateLargePatient({ id, observationCount, seed: 11 });
  const resources = [record.patient, ...record.resources];
  await loadResources(repo, resources);
  const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation').length;
  return { tier, label: `generated (${observations.toLocaleString('en-US')} Observations)`, patientId: id, observations, resources: resources.length };
}
