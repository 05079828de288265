/** The caller as the proxy has verified them with the issuing EHR. Lives for one request. */
export interface LaunchContext {
  /** The EHR's FHIR base URL (SMART `iss`), on the proxy's allow-list. */
  readonly iss: string;
  /** Patient id in the EHR from the launch context: the only patient this caller may act for. */
  readonly patient: string;
  readonly encounter: string | undefined;
  /** Absolute URL of the user's FHIR resource (Practitioner/…) in the EHR. */
  readonly fhirUser: string;
  readonly scope: string;
  /** The EHR's access token: used only for calls back to that EHR, never sent to the consult store. */
  readonly accessToken: string;
  /** Epoch ms after which the verification must not be reused. */
  readonly expiresAt: number;
}

/** A verified user who may have launched without a patient (a specialist's standalone launch). */
export type VerifiedUser = Omit<LaunchContext, 'patient'> & { readonly patient: string | undefined };

/** Splits an absolute or relative fhirUser URL into type and id. */
export function parseFhirUser(fhirUser: string): { resourceType: string; id: string } | undefined {
  const match = /(?:^|\/)(Practitioner|PractitionerRole|Patient|RelatedPerson|Person)\/([A-Za-z0-9\-.]{1,64})$/.exec(fhirUser);
  return match?.[1] && match[2] ? { resourceType: match[1], id: match[2] } : undefined;
}
