import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { consultRequestInputSchema } from './consult-input.ts';
import { answerInputSchema, declineInputSchema } from './consult-thread.ts';
import { issueText } from './issue-text.ts';

const texts = (result: { success: boolean; error?: { issues: readonly Parameters<typeof issueText>[0][] } }): string[] =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issueText(issue)}`);
const consult = { idempotencyKey: randomUUID(), target: { kind: 'pool', healthcareServiceId: 'pool-nephrology' }, question: 'Stop metformin at an eGFR of 44, or refer?', urgency: 'routine', reasonText: 'CKD stage 3b', shared: [] };

describe('what a physician reads about a field', () => {
  test('a pasted question over the limit says how long it may be, not zod\'s "Too big: expected string to have <=4000 characters"', () => {
    expect(texts(consultRequestInputSchema.safeParse({ ...consult, question: 'x'.repeat(4001) }))).toEqual(['question: is too long: at most 4,000 characters']);
  });

  test('a missing field is "required" and a wrong choice lists the choices', () => {
    expect(texts(declineInputSchema.safeParse({ idempotencyKey: randomUUID() }))).toEqual(['reason: is required']);
    expect(texts(consultRequestInputSchema.safeParse({ ...consult, urgency: 'soon' }))).toEqual(['urgency: must be one of: routine, urgent, asap, stat']);
    expect(texts(answerInputSchema.safeParse({ idempotencyKey: randomUUID(), text: 'Stop it.', outcome: 'maybe' }))).toEqual([expect.stringMatching(/^outcome: must be one of: advice-only, /)]);
  });

  test('a field of the wrong kind says what it should be', () => {
    expect(texts(consultRequestInputSchema.safeParse({ ...consult, shared: 'all of it' }))).toEqual(['shared: must be a list']);
  });

  test('keeps the schema\'s own words where it has them', () => {
    expect(texts(consultRequestInputSchema.safeParse({ ...consult, question: 'eGFR?' }))).toEqual(['question: write the clinical question (at least 10 characters)']);
  });
});
