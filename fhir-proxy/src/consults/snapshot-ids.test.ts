import { describe, expect, test } from 'vitest';
import { SnapshotIds } from './snapshot-ids.ts';

const EHR = 'https://ehr.test/fhir';

describe('remembered patient snapshot ids', () => {
  test('gives back the id remembered for an EHR patient, and nothing for another issuer or patient', () => {
    const ids = new SnapshotIds();
    ids.remember(EHR, 'pat-1', 'snap-1');
    expect(ids.lookup(EHR, 'pat-1')).toBe('snap-1');
    expect(ids.lookup(EHR, 'pat-2')).toBeUndefined();
    expect(ids.lookup('https://other-ehr.test/fhir', 'pat-1')).toBeUndefined();
  });

  test('keeps at most its capacity, dropping the patient not looked up for longest', () => {
    const ids = new SnapshotIds(2);
    ids.remember(EHR, 'pat-1', 'snap-1');
    ids.remember(EHR, 'pat-2', 'snap-2');
    ids.lookup(EHR, 'pat-1');
    ids.remember(EHR, 'pat-3', 'snap-3');
    expect(ids.size).toBe(2);
    expect([ids.lookup(EHR, 'pat-1'), ids.lookup(EHR, 'pat-2'), ids.lookup(EHR, 'pat-3')]).toEqual(['snap-1', undefined, 'snap-3']);
  });

  test('forgets an id that turned out wrong, and takes a new one for the same patient', () => {
    const ids = new SnapshotIds();
    ids.remember(EHR, 'pat-1', 'snap-1');
    ids.forget(EHR, 'pat-1');
    expect(ids.lookup(EHR, 'pat-1')).toBeUndefined();
    ids.remember(EHR, 'pat-1', 'snap-9');
    expect(ids.lookup(EHR, 'pat-1')).toBe('snap-9');
  });
});
