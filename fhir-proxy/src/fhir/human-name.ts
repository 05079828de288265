import type { HumanName } from 'fhir/r4';

/**
 * A person's name for display: the `official` name (else the first), as its `text` or else prefix,
 * given names and family joined. Undefined when no name is recorded.
 * @see https://hl7.org/fhir/R4/datatypes.html#HumanName
 */
export function formatHumanName(names: readonly HumanName[] | undefined): string | undefined {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  const text = name?.text ?? [...(name?.prefix ?? []), ...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
  return text?.trim() || undefined;
}
