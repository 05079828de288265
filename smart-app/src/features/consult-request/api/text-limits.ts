import { consultRequestInputSchema } from '../../../lib/api-contract.ts';
import { maxLength } from '../../../lib/text-limits.ts';

// Read from the proxy's own schema, so the counter and the proxy cannot disagree on how long is too long.
/** The longest clinical question the proxy takes (after trimming). */
export const MAX_QUESTION_LENGTH = maxLength(consultRequestInputSchema.shape.question.in, 'question');
/** The longest "Other" reason the proxy takes (after trimming). */
export const MAX_REASON_TEXT_LENGTH = maxLength(consultRequestInputSchema.shape.reasonText.unwrap(), 'reasonText');
