import type { $ZodIssue } from 'zod/v4/core';

// zod's own English messages ("Too big: expected string to have <=4000 characters", "Invalid input:
// expected string, received undefined") are written for programmers. Our schemas' messages are lower-case
// phrases for physicians; zod's begin with these words.
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized)/;

const KIND: Readonly<Record<string, string>> = { string: 'text', number: 'a number', array: 'a list', object: 'a set of fields', boolean: 'yes or no' };

/**
 * What is wrong with one field, in words a physician can act on: the schema's own message where it has
 * one, otherwise a plain rewording of zod's (required, too long, one of …). Used by the proxy's 400
 * answers and by the app's check before sending, so both say the same thing.
 */
export function issueText(issue: $ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) {
    return issue.message;
  }
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.endsWith('received undefined') ? 'is required' : `must be ${KIND[issue.expected] ?? issue.expected}`;
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum));
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum));
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'is not one of the accepted choices';
    default:
      return 'is not valid';
  }
}

function tooBig(origin: string, maximum: number): string {
  const most = maximum.toLocaleString('en-US');
  if (origin === 'string') {
    return `is too long: at most ${most} characters`;
  }
  return origin === 'array' ? `has too many: at most ${most}` : `must be at most ${most}`;
}

function tooSmall(origin: string, minimum: number): string {
  if (origin === 'string') {
    return minimum <= 1 ? 'is required' : `is too short: at least ${minimum} characters`;
  }
  return origin === 'array' ? `needs at least ${minimum}` : `must be at least ${minimum}`;
}
