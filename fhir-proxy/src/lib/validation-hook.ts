import type { Context } from 'hono';
import type { $ZodError } from 'zod/v4/core';
import { issueText } from '../api/issue-text.ts';
import { outcome } from './outcome.ts';

/**
 * zValidator's failure hook: a 400 OperationOutcome with one issue per problem, each naming the field
 * (`issue.expression`, e.g. `question` or `shared[3].id`) and saying what is wrong in plain words.
 */
export function toOutcome(result: { success: true } | { success: false; error: $ZodError }, c: Context): Response | undefined {
  if (result.success) {
    return undefined;
  }
  const issues = result.error.issues.map((issue) => {
    const field = fieldPath(issue.path);
    // Unknown keys are echoed so the caller sees what was refused, but cut short: they are the caller's input.
    const text = issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.slice(0, 5).map((k) => k.slice(0, 40)).join(', ')}${issue.keys.length > 5 ? ', …' : ''}` : issueText(issue);
    return outcome('invalid', field ? `${field}: ${text}` : text, field ? [field] : undefined).issue[0]!;
  });
  return c.json({ resourceType: 'OperationOutcome' as const, issue: issues }, 400);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}
