import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answerInputSchema, declineInputSchema, messageInputSchema, redirectInputSchema, withdrawInputSchema } from './api-contract.ts';
import {
  MAX_ANSWER_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_ROUTE_REASON_LENGTH,
  MAX_WITHDRAW_REASON_LENGTH,
  MIN_ANSWER_LENGTH,
  MIN_MESSAGE_LENGTH,
  MIN_ROUTE_REASON_LENGTH,
  MIN_WITHDRAW_REASON_LENGTH,
  minLength,
} from './text-limits.ts';

const reasonOf = (length: number): string => 'x'.repeat(length);

describe('text limits read from the proxy schemas', () => {
  it('a withdrawal reason the app lets through is one the proxy takes, and one it holds back the proxy refuses', () => {
    const accepts = (reason: string): boolean => withdrawInputSchema.safeParse({ reason, idempotencyKey: crypto.randomUUID() }).success;
    expect(accepts(reasonOf(MIN_WITHDRAW_REASON_LENGTH))).toBe(true);
    expect(accepts(reasonOf(MIN_WITHDRAW_REASON_LENGTH - 1))).toBe(false);
    expect(accepts(reasonOf(MAX_WITHDRAW_REASON_LENGTH))).toBe(true);
    expect(accepts(reasonOf(MAX_WITHDRAW_REASON_LENGTH + 1))).toBe(false);
  });

  it('a message or an answer the app lets through is one the proxy takes, and one it holds back the proxy refuses', () => {
    const cases = [
      { takes: (text: string) => messageInputSchema.shape.text.safeParse(text).success, min: MIN_MESSAGE_LENGTH, max: MAX_MESSAGE_LENGTH },
      { takes: (text: string) => answerInputSchema.shape.text.safeParse(text).success, min: MIN_ANSWER_LENGTH, max: MAX_ANSWER_LENGTH },
    ];
    for (const { takes, min, max } of cases) {
      expect([takes(reasonOf(min - 1)), takes(reasonOf(min)), takes(reasonOf(max)), takes(reasonOf(max + 1))]).toEqual([false, true, true, false]);
    }
  });

  it('the decline or redirect box asks for what both the decline and the redirect accept', () => {
    const declineTakes = (reason: string): boolean => declineInputSchema.shape.reason.safeParse(reason).success;
    const redirectTakes = (reason: string): boolean => redirectInputSchema.shape.reason.safeParse(reason).success;
    for (const takes of [declineTakes, redirectTakes]) {
      expect(takes(reasonOf(MIN_ROUTE_REASON_LENGTH))).toBe(true);
      expect(takes(reasonOf(MAX_ROUTE_REASON_LENGTH))).toBe(true);
    }
    expect(declineTakes(reasonOf(MIN_ROUTE_REASON_LENGTH - 1)) && redirectTakes(reasonOf(MIN_ROUTE_REASON_LENGTH - 1))).toBe(false);
  });

  it('a schema that sets no minimum is reported at once, not read as zero', () => {
    expect(() => minLength(z.string(), 'a note')).toThrow('no minimum length for a note');
    expect(minLength(z.string().min(3), 'a note')).toBe(3);
  });
});
