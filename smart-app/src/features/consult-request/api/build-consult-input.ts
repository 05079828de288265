import { consultRequestInputSchema, issueText } from '../../../lib/api-contract.ts';
import type { ConsultRequestInput, ConsultTarget, Directory, SharedCheckInput } from '../../../lib/api-contract.ts';
import { OTHER_REASON } from './consult-draft.ts';
import type { ConsultDraft } from './consult-draft.ts';
import { isShared, reasonShareKey } from './share-options.ts';
import type { ShareOption } from './share-options.ts';

/** A problem with one field, from the app's own check or from the proxy's OperationOutcome. */
export interface FieldError {
  /** The form field (`question`, `target`, …): the first segment of the API field path. */
  readonly field: string | undefined;
  readonly text: string;
}

export type DraftValidation =
  | { readonly ok: true; readonly input: ConsultRequestInput }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** `shared[3].id` → `shared`; `question` → `question`. */
export function fieldOf(path: string | undefined): string | undefined {
  return path?.split(/[.[]/)[0] || undefined;
}

function target(draft: ConsultDraft, directory: Directory): ConsultTarget | undefined {
  if (draft.targetRoleId) {
    return { kind: 'specialist', practitionerRoleId: draft.targetRoleId };
  }
  const specialty = directory.specialties.find((s) => s.code === draft.specialtyCode);
  return specialty ? { kind: 'pool', healthcareServiceId: specialty.poolId } : undefined;
}

/**
 * Turns the draft into the proxy's `ConsultRequestInput` and checks it with the proxy's own schema,
 * so the physician sees the same messages before sending as the proxy would return.
 */
export function buildConsultInput(draft: ConsultDraft, directory: Directory | undefined, options: readonly ShareOption[]): DraftValidation {
  const chosenTarget = directory ? target(draft, directory) : undefined;
  const candidate = {
    idempotencyKey: draft.idempotencyKey,
    target: chosenTarget,
    question: draft.question,
    urgency: draft.urgency,
    ...sharedSelection(draft, options),
    ...(draft.reason === OTHER_REASON && draft.reasonText.trim() ? { reasonText: draft.reasonText } : {}),
  };
  const parsed = consultRequestInputSchema.safeParse(candidate);
  const errors: FieldError[] = chosenTarget ? [] : [{ field: 'target', text: 'choose a specialty to send the consult to' }];
  if (parsed.success && errors.length === 0) {
    return { ok: true, input: parsed.data };
  }
  for (const issue of parsed.error?.issues ?? []) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    if (field !== 'target') {
      errors.push({ field, text: issueText(issue) });
    }
  }
  return { ok: false, errors };
}

/**
 * What the draft shares, as the proxy's API names it: the reason's Condition and every ticked item (a
 * lab or vital with its earlier results). Sent as it is to the composer's check, and within the consult.
 */
export function sharedSelection(draft: ConsultDraft, options: readonly ShareOption[]): SharedCheckInput {
  const reasonKey = reasonShareKey(draft);
  const shared = options.filter((o) => isShared(o, draft) && o.key !== reasonKey).flatMap((o) => o.items);
  return {
    ...(reasonKey ? { reasonConditionId: draft.reason } : {}),
    // The reason's Condition is always shared; the proxy adds it too, listing it keeps the request explicit.
    shared: reasonKey ? [{ type: 'Condition' as const, id: draft.reason }, ...shared] : shared,
  };
}

/** What the physician calls each API field, to name it in error messages. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  target: 'Send to',
  question: 'Clinical question',
  urgency: 'Urgency',
  reasonConditionId: 'Reason for consult',
  reasonText: 'Reason for consult',
  note: 'Note',
  shared: 'Shared items',
  idempotencyKey: 'Request id',
};

/** The error's text without the proxy's leading "field: " (the field's label is shown instead). */
export function errorText(error: FieldError): string {
  return error.field && error.text.startsWith(`${error.field}: `) ? error.text.slice(error.field.length + 2) : error.text;
}

/** "Clinical question: write the clinical question (at least 10 characters)". */
export function describeFieldError(error: FieldError): string {
  const label = error.field ? (FIELD_LABELS[error.field] ?? error.field) : undefined;
  return label ? `${label}: ${errorText(error)}` : errorText(error);
}
