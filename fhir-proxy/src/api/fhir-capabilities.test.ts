import type { CapabilityStatement } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import { supportsConditionalCreate, supportsInteraction, supportsSearchParam, supportsSystemInteraction } from './fhir-capabilities.ts';

const statement: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-07-24',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [
    { mode: 'client', interaction: [{ code: 'transaction' }] },
    {
      mode: 'server',
      interaction: [{ code: 'batch' }],
      resource: [
        { type: 'ServiceRequest', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: [{ name: 'identifier', type: 'token' }] },
        { type: 'Communication', interaction: [{ code: 'create' }], conditionalCreate: true },
        { type: 'Patient', interaction: [{ code: 'create' }, { code: 'read' }] },
      ],
    },
  ],
};

describe('CapabilityStatement questions', () => {
  test('read only the server-mode rest entry', () => {
    expect(supportsSystemInteraction(statement, 'batch')).toBe(true);
    expect(supportsSystemInteraction(statement, 'transaction')).toBe(false);
  });

  test('answer per type and interaction, and false for what is not listed', () => {
    expect(supportsInteraction(statement, 'ServiceRequest', 'read')).toBe(true);
    expect(supportsInteraction(statement, 'ServiceRequest', 'create')).toBe(false);
    expect(supportsInteraction(statement, 'Task', 'read')).toBe(false);
    expect(supportsInteraction(undefined, 'Patient', 'read')).toBe(false);
  });

  test('conditional create needs both create and conditionalCreate: true (absent means false)', () => {
    expect(supportsConditionalCreate(statement, 'Communication')).toBe(true);
    expect(supportsConditionalCreate(statement, 'Patient')).toBe(false);
  });

  test('a search parameter counts only where the type can be searched', () => {
    expect(supportsSearchParam(statement, 'ServiceRequest', 'identifier')).toBe(true);
    expect(supportsSearchParam(statement, 'Communication', 'identifier')).toBe(false);
  });
});
