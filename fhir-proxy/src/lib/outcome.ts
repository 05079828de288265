import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 500 | 502 | 503 | 504;

/**
 * An error that becomes a FHIR OperationOutcome response. The message is written for the physician
 * (what happened and what to do); `diagnostics` carries technical detail, never patient data.
 * @see https://hl7.org/fhir/R4/operationoutcome.html
 */
export class Problem extends Error {
  readonly status: ProblemStatus;
  readonly outcome: OperationOutcome;
  /** Seconds the client should wait before trying again (sent as Retry-After with a 429/503). */
  retryAfterSeconds: number | undefined;

  constructor(status: ProblemStatus, outcome: OperationOutcome) {
    super(outcome.issue.map((i) => i.details?.text ?? i.diagnostics).join('; '));
    this.name = 'Problem';
    this.status = status;
    this.outcome = outcome;
    this.retryAfterSeconds = undefined;
  }

  retryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }

  static of(status: ProblemStatus, code: OperationOutcomeIssue['code'], text: string, expression?: readonly string[]): Problem {
    return new Problem(status, outcome(code, text, expression));
  }
}

export function outcome(code: OperationOutcomeIssue['code'], text: string, expression?: readonly string[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text }, ...(expression?.length ? { expression: [...expression] } : {}) }],
  };
}

export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'OperationOutcome';
}
