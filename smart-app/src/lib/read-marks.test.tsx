import { renderHook, act } from '@testing-library/react';
import type { ReactNode } from 'react';
import { expect, test } from 'vitest';
import { SmartContext } from '../smart/smart-context.ts';
import { createSmartSession } from '../smart/smart-session.ts';
import { buildTestClient } from '../testing/smart-client.ts';
import { readMarksKey, resetReadMarksCache, useReadMarks } from './read-marks.ts';

const wrapper = (fhirUser: string) =>
  function Wrapper({ children }: { readonly children: ReactNode }): ReactNode {
    return <SmartContext value={createSmartSession(buildTestClient({ fhirUser }))}>{children}</SmartContext>;
  };

test('remembers what this user has read across a reload, per EHR and user, never other users\' marks', () => {
  const mine = renderHook(() => useReadMarks(), { wrapper: wrapper('Practitioner/pcp-a') });
  expect(mine.result.current.isUnread('sr-1', '2026-11-21T10:00:00.000Z')).toBe(true);
  act(() => mine.result.current.markRead('sr-1', '2026-11-21T10:00:00.000Z'));
  expect(mine.result.current.isUnread('sr-1', '2026-11-21T10:00:00.000Z')).toBe(false);
  expect(mine.result.current.isUnread('sr-1', '2026-11-21T11:00:00.000Z')).toBe(true);

  resetReadMarksCache();
  const reloaded = renderHook(() => useReadMarks(), { wrapper: wrapper('Practitioner/pcp-a') });
  expect(reloaded.result.current.isUnread('sr-1', '2026-11-21T10:00:00.000Z')).toBe(false);
  expect(localStorage.getItem(readMarksKey('https://ehr.test/fhir/R4', 'https://ehr.test/fhir/R4/Practitioner/pcp-a'))).toContain('sr-1');

  const colleague = renderHook(() => useReadMarks(), { wrapper: wrapper('Practitioner/pcp-b') });
  expect(colleague.result.current.isUnread('sr-1', '2026-11-21T10:00:00.000Z')).toBe(true);
});
