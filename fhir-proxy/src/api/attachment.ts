import { z } from 'zod';
import { freeText } from './consult-input.ts';

/** The largest file a consult message may carry. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** A request carrying one attachment: base64 makes 10 MB into 13.4 MB, plus the message around it. */
export const ATTACHMENT_REQUEST_MAX_BYTES = Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 256 * 1024;

/**
 * File types a physician may attach, each with the bytes its files start with: the declared type must
 * match the content, so an HTML page cannot travel as a "PDF" and open in a specialist's browser.
 */
export const ATTACHMENT_TYPES = {
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'text/plain': [],
} as const satisfies Record<string, readonly (readonly number[])[]>;
export type AttachmentContentType = keyof typeof ATTACHMENT_TYPES;

const contentTypes = Object.keys(ATTACHMENT_TYPES) as [AttachmentContentType, ...AttachmentContentType[]];
const MAX_BASE64_LENGTH = Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4;

/**
 * An attachment as the app sends it (becomes a FHIR Attachment on a Communication payload): at most
 * 10 MB, one of the allowed types, content matching its type.
 * @see https://hl7.org/fhir/R4/datatypes.html#Attachment
 */
export const attachmentInputSchema = z
  .strictObject({
    contentType: z.enum(contentTypes, `must be one of ${contentTypes.join(', ')}`),
    title: freeText(200).pipe(z.string().min(1, 'give the file a name')),
    data: z.base64('must be base64').max(MAX_BASE64_LENGTH, 'must be at most 10 MB'),
  })
  .superRefine((attachment, ctx) => {
    if (attachment.data.length > MAX_BASE64_LENGTH) {
      return;
    }
    const bytes = Buffer.from(attachment.data, 'base64');
    if (bytes.length > ATTACHMENT_MAX_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'must be at most 10 MB' });
    } else if (!matchesType(bytes, attachment.contentType)) {
      ctx.addIssue({ code: 'custom', path: ['data'], message: `is not a ${attachment.contentType} file` });
    }
  });
export type AttachmentInput = z.infer<typeof attachmentInputSchema>;

function matchesType(bytes: Buffer, contentType: AttachmentContentType): boolean {
  const signatures: readonly (readonly number[])[] = ATTACHMENT_TYPES[contentType];
  if (signatures.length === 0) {
    // Plain text: valid UTF-8 without NUL bytes.
    return !bytes.includes(0) && Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
  }
  return signatures.some((signature) => signature.every((byte, i) => bytes[i] === byte));
}
