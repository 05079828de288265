import { answerInputSchema, declineInputSchema, messageInputSchema, redirectInputSchema, withdrawInputSchema } from './api-contract.ts';

/** A schema's maximum length; a schema without one is a contract change the app must hear of at once. */
export function maxLength(schema: { readonly maxLength: number | null }, field: string): number {
  if (schema.maxLength === null) {
    throw new Error(`The proxy's schema sets no maximum length for ${field}.`);
  }
  return schema.maxLength;
}

/** A schema's minimum length; the app holds back what the proxy would refuse as too short. */
export function minLength(schema: { readonly minLength: number | null }, field: string): number {
  if (schema.minLength === null) {
    throw new Error(`The proxy's schema sets no minimum length for ${field}.`);
  }
  return schema.minLength;
}

// Read from the proxy's own schemas, so the boxes and the proxy cannot disagree on how long is too long, or too short.
// Each is freeText(...).pipe(min): the maximum is on the pipe's input side, the minimum on its output side.
/** The longest thread message (a reply or a clarifying question) the proxy takes, after trimming. */
export const MAX_MESSAGE_LENGTH = maxLength(messageInputSchema.shape.text.in, 'message text');
/** The shortest thread message the proxy takes, after trimming. */
export const MIN_MESSAGE_LENGTH = minLength(messageInputSchema.shape.text.out, 'message text');
/** The shortest final answer the proxy takes, after trimming. */
export const MIN_ANSWER_LENGTH = minLength(answerInputSchema.shape.text.out, 'answer text');
/** The longest final answer the proxy takes, after trimming. */
export const MAX_ANSWER_LENGTH = maxLength(answerInputSchema.shape.text.in, 'answer text');
/** The longest decline or redirect reason: one box serves both, so it takes what both accept. */
export const MAX_ROUTE_REASON_LENGTH = Math.min(
  maxLength(declineInputSchema.shape.reason.in, 'decline reason'),
  maxLength(redirectInputSchema.shape.reason.in, 'redirect reason'),
);
/** The shortest decline or redirect reason: what both accept. */
export const MIN_ROUTE_REASON_LENGTH = Math.max(
  minLength(declineInputSchema.shape.reason.out, 'decline reason'),
  minLength(redirectInputSchema.shape.reason.out, 'redirect reason'),
);
/** The shortest reason for withdrawing a consult the proxy takes, after trimming. */
export const MIN_WITHDRAW_REASON_LENGTH = minLength(withdrawInputSchema.shape.reason.out, 'withdrawal reason');
/** The longest reason for withdrawing a consult the proxy takes, after trimming. */
export const MAX_WITHDRAW_REASON_LENGTH = maxLength(withdrawInputSchema.shape.reason.in, 'withdrawal reason');
