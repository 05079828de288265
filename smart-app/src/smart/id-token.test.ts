import { expect, test } from 'vitest';
import { fhirUserFromIdToken } from './id-token.ts';

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

test('reads fhirUser from an id_token whose payload uses base64url characters', () => {
  // "??>" encodes to "Pz8-", so this payload carries a "-" that window.atob would reject.
  const payload = base64url(JSON.stringify({ note: '??>', fhirUser: 'https://ehr.test/fhir/R4/Practitioner/pcp-maya-chen' }));
  expect(payload).toMatch(/[-_]/);
  expect(fhirUserFromIdToken(`e30.${payload}.sig`)).toBe('Practitioner/pcp-maya-chen');
});

test('returns undefined for a missing or malformed id_token', () => {
  expect(fhirUserFromIdToken(undefined)).toBeUndefined();
  expect(fhirUserFromIdToken('not-a-jwt')).toBeUndefined();
});
