import { z } from 'zod';

/** Urgency as the physician picks it; maps 1:1 onto FHIR request-priority. @see https://hl7.org/fhir/R4/valueset-request-priority.html */
export const urgencySchema = z.enum(['routine', 'urgent', 'asap', 'stat']);
export type Urgency = z.infer<typeof urgencySchema>;

/** Clinical item types a consult may share; the proxy re-reads each from the EHR, it never trusts copies. */
export const shareableTypeSchema = z.enum(['Condition', 'MedicationRequest', 'AllergyIntolerance', 'Observation']);
export type ShareableType = z.infer<typeof shareableTypeSchema>;

/**
 * Free text a physician writes: trimmed, bounded, and without control characters or broken Unicode,
 * which FHIR strings cannot carry (the proxy would otherwise build a resource the store refuses).
 * @see https://hl7.org/fhir/R4/datatypes.html#string
 */
export function freeText(max: number, tooLong?: string) {
  return z
    .string()
    .trim()
    .max(max, tooLong)
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text), 'must not contain control characters')
    .refine((text) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text), 'must be valid text (broken Unicode)');
}

/** A FHIR resource id as R4 defines it. @see https://hl7.org/fhir/R4/datatypes.html#id */
export const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id (letters, digits, "-" or ".", at most 64)');

export const sharedItemSchema = z.strictObject({ type: shareableTypeSchema, id: fhirId });
export type SharedItem = z.infer<typeof sharedItemSchema>;

/** Who the consult goes to: a specialty's pool (HealthcareService) or one named specialist (PractitionerRole). */
export const consultTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pool'), healthcareServiceId: fhirId }),
  z.strictObject({ kind: z.literal('specialist'), practitionerRoleId: fhirId }),
]);
export type ConsultTarget = z.infer<typeof consultTargetSchema>;

/**
 * What the app sends to create a consult. This is our API's input, not a FHIR resource: the proxy
 * builds the ServiceRequest, Communication and shared copies from it and from the EHR.
 */
export const consultRequestInputSchema = z.strictObject({
  /** Made by the client once per consult (UUID); becomes the ServiceRequest identifier, so a retry is one consult. */
  idempotencyKey: z.uuid('must be a UUID made by the app'),
  target: consultTargetSchema,
  question: freeText(4000).pipe(z.string().min(10, 'write the clinical question (at least 10 characters)')),
  urgency: urgencySchema,
  /** The problem (an EHR Condition id) the consult is about; shared automatically. */
  reasonConditionId: fhirId.optional(),
  /** Free-text reason when no listed problem fits. */
  reasonText: freeText(500).optional(),
  note: freeText(4000).optional(),
  shared: z.array(sharedItemSchema).max(500, 'share at most 500 items'),
}).refine((input) => input.reasonConditionId || input.reasonText, {
  message: 'pick the problem this consult is about, or write a reason',
  path: ['reasonConditionId'],
});
export type ConsultRequestInput = z.infer<typeof consultRequestInputSchema>;
