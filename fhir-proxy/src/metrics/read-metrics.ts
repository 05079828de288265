import type { Bundle, FhirResource } from 'fhir/r4';
import type { ProgrammeMetrics } from '../api/metrics.ts';
import { recordsFrom, withThread } from '../consults/consult-record.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { storeKeepsTasks } from '../consults/workflow-support.ts';
import { CODES } from '../fhir/identifiers.ts';
import { Problem } from '../lib/outcome.ts';
import { MetricsAccumulator } from './metrics-accumulator.ts';

/** Small pages: HAPI includes at most 1,000 resources per page, so 50 consults leave 20 messages and a Task each. */
const PAGE_SIZE = 50;
/** 4,000 pages of 50: a programme of 200,000 consults. Past that, say so rather than run for minutes. */
const MAX_PAGES = 4_000;

/**
 * Reads every e-consult ServiceRequest sent up to now, page by page with its thread and Task
 * (`_revinclude`), and folds each page into the metrics before reading the next. `authored=le<now>`
 * keeps the set fixed while the pages are read, so a consult sent meanwhile cannot shift the pages.
 * @see https://hl7.org/fhir/R4/http.html#paging
 */
export async function readProgrammeMetrics(deps: ProxyDeps): Promise<ProgrammeMetrics> {
  const now = deps.now();
  const metrics = new MetricsAccumulator(now, deps.sla);
  const query = new URLSearchParams({
    category: `${CODES.econsultCategory.system}|${CODES.econsultCategory.code}`,
    authored: `le${now.toISOString()}`,
    _sort: 'authored',
    _count: String(PAGE_SIZE),
  });
  let next: string | undefined = `ServiceRequest?${withThread(query, await storeKeepsTasks(deps))}`;
  for (let page = 0; next; page++) {
    if (page >= MAX_PAGES) {
      // Not 413 (a request body too large): this request is fine, the count is what would run for minutes.
      throw Problem.of(422, 'too-costly', `The programme has more than ${(MAX_PAGES * PAGE_SIZE).toLocaleString('en-US')} consults, more than this page can count at once. The consults themselves are unaffected; please ask your Curbside administrator for a report from the consult store.`);
    }
    const bundle: Bundle<FhirResource> = await deps.store.search<FhirResource>(next);
    recordsFrom(bundle).forEach((record) => metrics.add(record));
    next = bundle.link?.find((l) => l.relation === 'next')?.url;
  }
  return metrics.result();
}
