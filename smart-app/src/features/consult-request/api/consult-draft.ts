import { z } from 'zod';
import { urgencySchema } from '../../../lib/api-contract.ts';

/** The reason select's value for "Other (write the reason)"; underscores cannot occur in a FHIR id. */
export const OTHER_REASON = '__other__';

/**
 * The composer's state as saved in localStorage while the physician types. It is not the API input:
 * `buildConsultInput` turns it into a `ConsultRequestInput` at send time.
 */
export const consultDraftSchema = z.object({
  /** Made once per draft and kept across retries and reloads, so one consult is stored once. */
  idempotencyKey: z.uuid(),
  specialtyCode: z.string(),
  /** A PractitionerRole id, or '' for the specialty's pool (first available). */
  targetRoleId: z.string(),
  question: z.string(),
  urgency: urgencySchema,
  /** A Condition id, OTHER_REASON, or '' before a choice. */
  reason: z.string(),
  reasonText: z.string(),
  /** The physician's share choices by `Type/id`; items not in here use their group's default. */
  shared: z.record(z.string(), z.boolean()),
});
export type ConsultDraft = z.infer<typeof consultDraftSchema>;

export function newDraft(): ConsultDraft {
  return {
    idempotencyKey: crypto.randomUUID(),
    specialtyCode: '',
    targetRoleId: '',
    question: '',
    urgency: 'routine',
    reason: '',
    reasonText: '',
    shared: {},
  };
}

/** True once the physician has entered anything worth keeping. */
export function isDraftStarted(draft: ConsultDraft): boolean {
  return (
    draft.specialtyCode !== '' ||
    draft.question.trim() !== '' ||
    draft.reason !== '' ||
    draft.reasonText.trim() !== '' ||
    draft.urgency !== 'routine' ||
    Object.keys(draft.shared).length > 0
  );
}

export interface DraftOwner {
  /** The launch's FHIR base URL (iss). */
  readonly serverUrl: string;
  readonly fhirUser: string | undefined;
  readonly patientId: string;
}

/** One draft per EHR, user and patient: a draft can never surface in another patient's chart. */
export function draftStorageKey({ serverUrl, fhirUser, patientId }: DraftOwner): string {
  return ['curbside.consult-draft.v1', serverUrl, fhirUser ?? 'unknown-user', patientId].map(encodeURIComponent).join(':');
}

/** The saved draft, or undefined when there is none or it no longer parses. */
export function loadDraft(key: string): ConsultDraft | undefined {
  try {
    const raw = localStorage.getItem(key);
    const parsed = raw ? consultDraftSchema.safeParse(JSON.parse(raw)) : undefined;
    return parsed?.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Saves a started draft; a blank one is removed rather than kept. Storage failures (quota, private mode) only lose the autosave. */
export function saveDraft(key: string, draft: ConsultDraft): void {
  try {
    if (isDraftStarted(draft)) {
      localStorage.setItem(key, JSON.stringify(draft));
    } else {
      localStorage.removeItem(key);
    }
  } catch {
    // The form keeps working without autosave.
  }
}
