import { describe, expect, test } from 'vitest';
import { consultRequestInputSchema } from './consult-input.ts';

const valid = {
  idempotencyKey: '6a2f41a0-8c1e-4b3f-9d2e-1f0a9b8c7d6e',
  target: { kind: 'pool', healthcareServiceId: 'pool-nephrology' },
  question: 'Should metformin stop at an eGFR of 44?',
  urgency: 'routine',
  reasonText: 'CKD',
  shared: [],
};
const problems = (value: unknown): string[] => consultRequestInputSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('free text in a consult', () => {
  test('accepts any language, emoji and line breaks', () => {
    expect(problems({ ...valid, question: 'Ist das normal? 这正常吗？ 😀\nZweite Zeile\tmit Tab' })).toEqual([]);
  });

  test('refuses control characters and broken Unicode, naming the field (FHIR strings cannot carry them)', () => {
    expect(problems({ ...valid, question: 'Is this ok \u0000 at all?' })).toEqual(['question: must not contain control characters']);
    expect(problems({ ...valid, note: 'bell \u0007' })).toEqual(['note: must not contain control characters']);
    expect(problems({ ...valid, reasonText: 'half a pair \ud800' })).toEqual(['reasonText: must be valid text (broken Unicode)']);
  });
});
