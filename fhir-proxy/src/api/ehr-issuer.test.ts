import { describe, expect, test } from 'vitest';
import { buildScope, ehrIssuerSettingsSchema } from './ehr-issuer.ts';

const settings = (input: object) => ehrIssuerSettingsSchema.parse({ clientId: 'curbside', ...input });

describe('buildScope', () => {
  test('asks for one wildcard read in SMART v2 syntax when the server advertises permission-v2', () => {
    expect(buildScope(settings({ scopes: { read: '*' } }), ['permission-v1', 'permission-v2'])).toBe('launch openid fhirUser online_access patient/*.rs');
  });

  test('lists each resource (no wildcard) for an EHR that refuses wildcards, in v1 syntax when only v1 is advertised', () => {
    const scope = buildScope(settings({ scopes: { read: ['Patient', 'Observation'] } }), ['launch-ehr', 'permission-v1']);
    expect(scope).toBe('launch openid fhirUser online_access patient/Patient.read patient/Observation.read');
    expect(scope).not.toContain('*');
  });

  test('adds a create scope for each kind of EHR write-back, once', () => {
    const scope = buildScope(settings({ scopes: { read: '*', write: ['Communication', 'DocumentReference'] }, writeBack: { serviceRequest: true, communication: 'message' } }), ['permission-v2']);
    expect(scope?.split(' ').filter((s) => s.startsWith('user/'))).toEqual(['user/Communication.c', 'user/DocumentReference.c', 'user/ServiceRequest.c']);
  });

  test('uses v2 when the server says nothing, and a pinned version whatever it says', () => {
    expect(buildScope(settings({ scopes: { read: ['Patient'] } }), undefined)).toContain('patient/Patient.rs');
    expect(buildScope(settings({ scopes: { read: ['Patient'], version: 'v1' } }), ['permission-v2'])).toContain('patient/Patient.read');
  });

  test('an explicit scope string is used as written', () => {
    expect(buildScope(settings({ scope: 'launch patient/*.read', scopes: { read: ['Patient'] } }), ['permission-v2'])).toBe('launch patient/*.read');
  });
});

describe('per-issuer settings', () => {
  test('default to SMART 2 behaviour: aud required, completing in the frame, no throttle, no write-back', () => {
    expect(settings({ scopes: { read: '*' } })).toMatchObject({ vendor: 'generic', audRequired: true, iframe: { completeInTarget: true }, token: { minRefreshIntervalSeconds: 0 }, writeBack: { serviceRequest: false, communication: 'none' } });
  });

  test('refuse a read scope that is not a resource type, and a notification recipient that is not a Practitioner or Group', () => {
    expect(ehrIssuerSettingsSchema.safeParse({ clientId: 'c', scopes: { read: ['patient/*.rs'] } }).success).toBe(false);
    expect(ehrIssuerSettingsSchema.safeParse({ clientId: 'c', writeBack: { notificationRecipient: 'Patient/1' } }).success).toBe(false);
  });
});
