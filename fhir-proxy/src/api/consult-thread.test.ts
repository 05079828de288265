import { describe, expect, test } from 'vitest';
import { answerInputSchema, declineInputSchema, messageInputSchema, redirectInputSchema } from './consult-thread.ts';

const key = '6a2f41a0-8c1e-4b3f-9d2e-1f0a9b8c7d6e';
const issuesOf = (result: { error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }): string[] =>
  result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('thread messages, answers, declines and redirects', () => {
  const texts = [
    ['text', (text: string) => messageInputSchema.safeParse({ idempotencyKey: key, text })],
    ['text', (text: string) => answerInputSchema.safeParse({ idempotencyKey: key, text, outcome: 'advice-only' })],
    ['reason', (reason: string) => declineInputSchema.safeParse({ idempotencyKey: key, reason })],
    ['reason', (reason: string) => redirectInputSchema.safeParse({ idempotencyKey: key, healthcareServiceId: 'pool-1', reason })],
  ] as const;

  test('refuse control characters and broken Unicode, naming the field, as the consult itself does', () => {
    for (const [field, parse] of texts) {
      expect(issuesOf(parse('Potassium is 5.3\u0007 today'))).toEqual([`${field}: must not contain control characters`]);
      expect(issuesOf(parse('Potassium is 5.3 \ud800 today'))).toEqual([`${field}: must be valid text (broken Unicode)`]);
    }
  });

  test('take line breaks, tabs and any language, trimmed', () => {
    for (const [field, parse] of texts) {
      const result = parse('  Kalium 5,3 mmol/l —\n\tbitte prüfen. 钾偏高 🙂  ');
      expect(result.success).toBe(true);
      expect((result.data as Record<string, unknown> | undefined)?.[field]).toBe('Kalium 5,3 mmol/l —\n\tbitte prüfen. 钾偏高 🙂');
    }
  });

  test('still ask for a message or a reason when only blanks are sent', () => {
    expect(issuesOf(messageInputSchema.safeParse({ idempotencyKey: key, text: '   ' }))).toEqual(['text: write the message']);
    expect(issuesOf(declineInputSchema.safeParse({ idempotencyKey: key, reason: ' no ' }))).toEqual(['reason: say why, in a few words, for the requesting physician']);
  });
});
