import type { CodeableConcept, HumanName, Identifier, MedicationRequest, Patient, Quantity } from 'fhir/r4';

/** The human label of a concept: its text, else the first coding's display, else its code. */
export function conceptText(concept: CodeableConcept | undefined, fallback = 'Unnamed'): string {
  if (!concept) {
    return fallback;
  }
  const coding = concept.coding?.find((c) => c.display) ?? concept.coding?.[0];
  return concept.text ?? coding?.display ?? coding?.code ?? fallback;
}

/** True when any coding of the concept has this code (and system, when given). */
export function hasCoding(concept: CodeableConcept | undefined, code: string, system?: string): boolean {
  return concept?.coding?.some((c) => c.code === code && (system === undefined || c.system === system)) ?? false;
}

/** The patient's name as people say it: the official (else usual, else first) name, "Given Family". */
export function formatHumanName(names: readonly HumanName[] | undefined): string {
  const name = names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use === 'usual') ?? names?.[0];
  if (!name) {
    return 'Unnamed patient';
  }
  return name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

const DATE_ONLY = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const dateOnlyFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/**
 * A FHIR date or dateTime as a short date ("Mar 2, 2024"). Date-only values are formatted in UTC
 * so a birth date never shifts by a day in the viewer's time zone.
 * @see https://hl7.org/fhir/R4/datatypes.html#date
 */
export function formatDate(value: string | undefined): string {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  if (DATE_ONLY.test(value) && value.length < 10) {
    return value; // a year or year-month: show as charted
  }
  return (DATE_ONLY.test(value) ? dateOnlyFormat : dateTimeFormat).format(date);
}

/** Whole years between a FHIR birth date and `now`. */
export function ageInYears(birthDate: string, now: Date = new Date()): number | undefined {
  const birth = new Date(birthDate);
  if (Number.isNaN(birth.getTime())) {
    return undefined;
  }
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < birth.getUTCMonth() || (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) {
    age -= 1;
  }
  return age;
}

/** The medical record number: the identifier typed MR (v2-0203), else one whose system names an MRN. */
export function findMrn(patient: Patient): Identifier | undefined {
  const identifiers = patient.identifier ?? [];
  return identifiers.find((id) => hasCoding(id.type, 'MR')) ?? identifiers.find((id) => /mrn/i.test(id.system ?? ''));
}

/** A quantity as "6.8 %" (its unit, else its UCUM code). */
export function formatQuantity(quantity: Quantity | undefined): string {
  if (quantity?.value === undefined) {
    return '—';
  }
  const unit = quantity.unit ?? quantity.code;
  return unit ? `${quantity.value} ${unit}` : String(quantity.value);
}

/** A medication order's drug: the coded concept, else the reference's display. */
export function medicationName(request: MedicationRequest): string {
  return request.medicationCodeableConcept
    ? conceptText(request.medicationCodeableConcept)
    : (request.medicationReference?.display ?? 'Unnamed medication');
}
