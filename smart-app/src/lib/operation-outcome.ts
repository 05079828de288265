import type { OperationOutcome } from 'fhir/r4';

/** One readable problem from an OperationOutcome: what went wrong and, when known, which field. */
export interface OutcomeMessage {
  /** The field path from `issue.expression[0]` (e.g. `question`, `shared[3].id`). */
  readonly field: string | undefined;
  readonly text: string;
}

function isOperationOutcome(value: unknown): value is OperationOutcome {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { resourceType?: unknown }).resourceType === 'OperationOutcome' &&
    Array.isArray((value as { issue?: unknown }).issue)
  );
}

/**
 * The messages of an OperationOutcome, preferring `details.text` (written for people) over
 * `diagnostics` (technical). Returns [] for anything that is not an OperationOutcome.
 * @see https://hl7.org/fhir/R4/operationoutcome.html
 */
export function outcomeMessages(body: unknown): OutcomeMessage[] {
  if (!isOperationOutcome(body)) {
    return [];
  }
  return body.issue.flatMap((issue) => {
    const text = issue.details?.text ?? issue.diagnostics;
    return text ? [{ field: issue.expression?.[0], text }] : [];
  });
}
