import { describe, expect, test } from 'vitest';
import { codeBySource, decodeVlq, ownerOf, UNMAPPED } from './sourcemap.ts';

describe('reading a source map', () => {
  test('decodes base64 VLQ segments, negative and multi-digit values included', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('AACA')).toEqual([0, 0, 1, 0]);
    expect(decodeVlq('D')).toEqual([-1]);
    expect(decodeVlq('gB')).toEqual([16]);
    expect(decodeVlq('2HwBA')).toEqual([123, 24, 0]);
  });

  test('gives each source the generated text from its segment to the next', () => {
    // Line 1: "abc" from a.ts at column 0, "def" from b.ts at column 3; line 2: "gh" unmapped, then "ij" from a.ts.
    const bySource = codeBySource('abcdef\nghij', { sources: ['a.ts', 'b.ts'], mappings: 'AAAA,GCAA;EDAA' });
    expect(bySource.get('a.ts')).toBe('abc\nij');
    expect(bySource.get('b.ts')).toBe('def');
    expect(bySource.get(UNMAPPED)).toBe('gh');
  });

  test('names the package a source comes from, scoped or not, or the app folder', () => {
    expect(ownerOf('../../node_modules/react-dom/cjs/react-dom-client.production.js')).toBe('react-dom');
    expect(ownerOf('../../node_modules/@medplum/core/dist/esm/index.mjs')).toBe('@medplum/core');
    expect(ownerOf('../../../smart-app/src/features/patient-context/api/load-patient-context.ts')).toBe('app: smart-app/src/features');
    expect(ownerOf(UNMAPPED)).toBe(UNMAPPED);
  });
});
