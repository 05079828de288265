import type { Bundle, FhirResource } from 'fhir/r4';

/** What the reader needs to read one FHIR URL on the user's behalf. */
export interface PagedRead {
  /** Absolute URL of a read or a search, under `base`. */
  readonly url: string;
  /** The FHIR server's base URL: `next` links outside it are refused, so the token goes nowhere else. */
  readonly base: string;
  /** The `Authorization` header value (`Bearer …`). */
  readonly authorization: string;
  readonly signal?: AbortSignal;
}

/** The FHIR server answered with an error status (the body is not kept: it may quote chart data). */
export class ReadStatusError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`The FHIR server answered HTTP ${status}.`);
    this.name = 'ReadStatusError';
    this.status = status;
  }
}

/** A `next` link pointed away from the FHIR server: the caller reads the search another way, or not at all. */
export class OffServerLinkError extends Error {
  constructor() {
    super('A page link points outside the FHIR server.');
    this.name = 'OffServerLinkError';
  }
}

/**
 * Reads one resource, or every page of a search (following each `next` link, as fhirclient does with
 * `pageLimit: 0, flat: true`), returning the search's resources in order. It is the chart read's inner
 * loop, kept free of fhirclient so it can run in a Web Worker (`fhir-read.worker.ts`).
 * @see https://hl7.org/fhir/R4/http.html#paging
 */
export async function readPages(read: PagedRead, fetchFn: typeof fetch = fetch): Promise<FhirResource | FhirResource[]> {
  const headers = { accept: 'application/json', authorization: read.authorization };
  let url: string | undefined = read.url;
  const resources: FhirResource[] = [];
  while (url) {
    if (!isUnder(url, read.base)) {
      throw new OffServerLinkError();
    }
    const response = await fetchFn(url, { headers, ...(read.signal ? { signal: read.signal } : {}) });
    if (!response.ok) {
      throw new ReadStatusError(response.status);
    }
    const body = (await response.json()) as FhirResource;
    if (body.resourceType !== 'Bundle') {
      return body;
    }
    resources.push(...entriesOf(body));
    url = body.link?.find((link) => link.relation === 'next')?.url;
  }
  return resources;
}

function entriesOf(bundle: Bundle): FhirResource[] {
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

/** Same origin, and the path at or below the base's (`…/R4` does not cover `…/R4-other`). */
function isUnder(url: string, base: string): boolean {
  const target = new URL(url);
  const root = new URL(base.endsWith('/') ? base : `${base}/`);
  return target.origin === root.origin && `${target.pathname}/`.startsWith(root.pathname);
}
