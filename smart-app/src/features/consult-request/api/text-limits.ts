import { consultRequestInputSchema } from '../../../lib/api-contract.ts';

function maxLength(schema: { readonly maxLength: number | null }, field: string): number {
  if (schema.maxLength === null) {
    throw new Error(`The proxy's consult schema sets no maximum length for ${field}.`);
  }
  return schema.maxLength;
}

// Read from the proxy's own schema, so the counter and the proxy cannot disagree on how long is too long.
/** The longest clinical question the proxy takes (after trimming). */
export const MAX_QUESTION_LENGTH = maxLength(consultRequestInputSchema.shape.question.in, 'question');
/** The longest "Other" reason the proxy takes (after trimming). */
export const MAX_REASON_TEXT_LENGTH = maxLength(consultRequestInputSchema.shape.reasonText.unwrap(), 'reasonText');
