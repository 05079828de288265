import type { Bundle, Patient } from 'fhir/r4';
import { withThread } from '../../fhir-proxy/src/consults/consult-record.ts';
import { snapshotQuery } from '../../fhir-proxy/src/fhir/build-snapshots.ts';
import type { Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import { auditStored, proxyCall } from './audit-settle.ts';
import { consultFixture, getText, postJson } from './consult-fixture.ts';
import type { Headline, Section } from './report.ts';
import { meets, median, ms, percentile, ratio } from './stats.ts';

export interface ReadsBenchOptions {
  readonly sandbox: Sandbox;
  readonly proxyUrl: string;
  readonly storeUrl: string;
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

const GOAL = 1.1;
const FHIR = { Accept: 'application/fhir+json' };

interface Pair {
  readonly label: string;
  readonly proxy: () => Promise<unknown>;
  readonly direct: () => Promise<unknown>;
  readonly directDescription: string;
  readonly note: string;
}

/** Times one call; a proxy call's AuditEvent (written just after its answer) is then waited for, untimed. */
async function time(run: () => Promise<unknown>, storeUrl: string): Promise<number> {
  const started = performance.now();
  const result = await run();
  const elapsed = performance.now() - started;
  if (result && typeof result === 'object' && 'requestId' in result) {
    await auditStored(storeUrl, (result as { requestId: string | null }).requestId);
  }
  return elapsed;
}

/** Part 3: the proxy's reads against the same FHIR searches sent straight to the store. */
export async function benchReads(options: ReadsBenchOptions): Promise<Section> {
  const { proxyUrl, storeUrl, sandbox, quick, log } = options;
  // A patient of their own, with a handful of consults, so the list is "several", not part 2's hundreds.
  const fixture = await consultFixture(sandbox, storeUrl, 1);
  const session = await fixture.session();
  let consultId = '';
  for (let i = 0; i < 5; i++) {
    await postJson(`${proxyUrl}/consults`, fixture.input(), session.headers, [201]);
  }
  const listed = (await (await fetch(`${proxyUrl}/consults`, { headers: session.headers })).json()) as { consults: { id: string }[] };
  consultId = listed.consults[0]?.id ?? '';

  // The searches GET /consults makes: the patient's snapshot by identifier, then its ServiceRequests with
  // their threads and Tasks, built with the proxy's own query builder (the sandbox store keeps Tasks).
  const snapshotUrl = `${storeUrl}/Patient?${snapshotQuery(sandbox.ehrFhirUrl, 'Patient', fixture.patientId)}&_count=1`;
  const listUrl = (snapshotId: string | undefined): string => `${storeUrl}/ServiceRequest?${withThread(new URLSearchParams({ subject: `Patient/${snapshotId}`, _sort: '-authored', _count: '50' }), true)}`;
  const findSnapshot = async (): Promise<string | undefined> => ((await (await fetch(snapshotUrl, { headers: FHIR })).json()) as Bundle<Patient>).entry?.[0]?.resource?.id;
  const consultsDirect = async (): Promise<void> => {
    await getText(listUrl(await findSnapshot()), FHIR);
  };
  const knownSnapshot = await findSnapshot();
  // The searches GET /consults/:id makes: the patient's snapshot by identifier, then the consult by id for
  // that snapshot (`subject`, so the store itself refuses another patient's consult) with its thread and Task.
  const threadUrl = (snapshotId: string | undefined): string => `${storeUrl}/ServiceRequest?${withThread(new URLSearchParams({ _id: consultId, subject: `Patient/${snapshotId}` }), true)}`;
  const threadDirect = async (): Promise<void> => {
    await getText(threadUrl(await findSnapshot()), FHIR);
  };
  // The searches GET /directory makes (the proxy keeps the answer for a minute; the direct reads cannot).
  const directoryDirect = (): Promise<unknown> =>
    Promise.all([
      getText(`${storeUrl}/HealthcareService?active=true&_count=200`, FHIR),
      getText(`${storeUrl}/PractitionerRole?active=true&_include=PractitionerRole:practitioner&_count=500`, FHIR),
    ]);
  // Both sides must read the same consult and thread, or the thread rows would compare nothing.
  const thread = (await (await fetch(`${proxyUrl}/consults/${consultId}`, { headers: session.headers })).json()) as { consult?: { messages?: unknown[] } };
  const direct = (await (await fetch(threadUrl(knownSnapshot), { headers: FHIR })).json()) as Bundle;
  if (!thread.consult?.messages?.length || direct.entry?.filter((e) => e.resource?.resourceType === 'Communication').length !== thread.consult.messages.length) {
    throw new Error('GET /consults/:id and the direct search do not read the same thread');
  }

  const pairs: Pair[] = [
    {
      label: "GET /consults (this patient's consults, 5 of them)",
      proxy: () => proxyCall(`${proxyUrl}/consults`, session.headers),
      direct: consultsDirect,
      directDescription: 'Patient?identifier=… then ServiceRequest?subject=…&_revinclude=Communication:based-on&_revinclude=Task:based-on',
      note: '',
    },
    {
      label: 'GET /consults, against only the search it makes per call',
      proxy: () => proxyCall(`${proxyUrl}/consults`, session.headers),
      direct: () => getText(listUrl(knownSnapshot), FHIR),
      directDescription: 'ServiceRequest?subject=…&_revinclude=Communication:based-on&_revinclude=Task:based-on (snapshot id already known)',
      note: 'what the extra hop costs; not a goal row',
    },
    {
      label: 'GET /consults/:id (a consult thread, as the consult-thread screen reads it)',
      proxy: () => proxyCall(`${proxyUrl}/consults/${consultId}`, session.headers),
      direct: threadDirect,
      directDescription: 'Patient?identifier=… then ServiceRequest?_id=…&subject=…&_revinclude=Communication:based-on&_revinclude=Task:based-on',
      note: '',
    },
    {
      label: 'GET /consults/:id, against only the search it makes per call',
      proxy: () => proxyCall(`${proxyUrl}/consults/${consultId}`, session.headers),
      direct: () => getText(threadUrl(knownSnapshot), FHIR),
      directDescription: 'ServiceRequest?_id=…&subject=…&_revinclude=Communication:based-on&_revinclude=Task:based-on (snapshot id already known)',
      note: 'what the extra hop costs; not a goal row',
    },
    {
      label: 'GET /directory (specialty pools and specialists)',
      // Not audited (no patient data), so there is no AuditEvent to wait for.
      proxy: async () => (await proxyCall(`${proxyUrl}/directory`, session.headers)).body,
      direct: directoryDirect,
      directDescription: 'HealthcareService?active=true and PractitionerRole?active=true&_include=PractitionerRole:practitioner, in parallel',
      note: 'the proxy serves it from a one-minute cache',
    },
  ];

  const rows: string[][] = [];
  const headlines: Headline[] = [];
  const medians = new Map<string, { proxy: number; direct: number }>();
  for (const pair of pairs) {
    for (let i = 0; i < (quick ? 2 : 30); i++) {
      await time(pair.proxy, storeUrl);
      await time(pair.direct, storeUrl);
    }
    const proxyMs: number[] = [];
    const directMs: number[] = [];
    for (let i = 0; i < (quick ? 3 : 100); i++) {
      const order: [number[], () => Promise<unknown>][] = i % 2 ? [[directMs, pair.direct], [proxyMs, pair.proxy]] : [[proxyMs, pair.proxy], [directMs, pair.direct]];
      for (const [samples, run] of order) {
        samples.push(await time(run, storeUrl));
      }
    }
    const p = median(proxyMs);
    const d = median(directMs);
    rows.push([pair.label, ms(p), ms(percentile(proxyMs, 95)), ms(d), ratio(p, d), pair.directDescription, pair.note]);
    medians.set(pair.label, { proxy: p, direct: d });
    if (!pair.note.includes('not a goal row')) {
      headlines.push({ label: `Proxy read ${pair.label.split(' (')[0]} ÷ the same FHIR searches sent directly`, value: ratio(p, d), goal: `≤ ${GOAL}×`, status: meets(p, d, GOAL) ? 'met' : 'missed' });
    }
    log(`  reads ${pair.label}: proxy ${ms(p)}, direct ${ms(d)} (${ratio(p, d)})`);
  }
  return {
    id: 'reads',
    title: '3. Proxy reads',
    goal: `each read through the proxy within ${GOAL}× of the same FHIR searches sent straight to the store.`,
    method: [
      `The proxy process and the store process of part 2. A second cast patient (${fixture.patientId}) gets 5 consults through the proxy first. **proxy**: the call as the app makes it (the consult list, and a consult's thread as the consult-thread screen reads it: \`GET /consults/:id\`), with a verified session (the verification is cached per token after the first call), until the body is read. **direct**: the FHIR searches a client needs to answer the same question, sent from the benchmark straight to the store, one after the other where the second needs the first, until each body is read. ${quick ? 3 : 100} of each, alternating, after warm-up; medians. The proxy writes each call's AuditEvent just after answering; before the next call the benchmark waits, untimed, until it is in the store, so that write never falls into the next measurement.`,
      "Both reads need the store's snapshot of the EHR patient (a search by identifier) before the patient's consults: the list searches that patient's ServiceRequests, the thread searches the consult by id for that patient (`_id` and `subject`, so the store itself refuses another patient's consult), each with their threads and Tasks. The proxy remembers the snapshot's id once found (it never changes; `fhir-proxy/src/consults/snapshot-ids.ts`), so after the first call it makes one search where a client without it makes two. The rows marked \"not a goal row\" compare each with that one search alone: the price of the extra hop (a process in between, its HTTP parsing, JSON in and out, the access check).",
    ],
    tables: [{ columns: ['read', 'proxy', 'proxy p95', 'direct', 'proxy ÷ direct', 'direct searches', 'note'], rows }],
    findings: hopFindings(pairs, medians),
    headlines,
  };
}

// What the proxy adds to the one search it makes, against what its remembered snapshot id saves (the
// client's snapshot search): the reads can only come out under 1.1× where the second outweighs the first.
function hopFindings(pairs: readonly Pair[], medians: ReadonlyMap<string, { proxy: number; direct: number }>): string[] {
  const [list, listAlone, thread, threadAlone] = pairs.map((p) => medians.get(p.label));
  if (!list || !listAlone || !thread || !threadAlone) {
    return [];
  }
  return [
    `What the proxy adds to the one search it makes (the "not a goal row" rows): ${ms(listAlone.proxy - listAlone.direct)} for the list, ${ms(threadAlone.proxy - threadAlone.direct)} for the thread: a process in between (an HTTP exchange each way), the access check, and JSON read and written again. What its remembered snapshot id saves a client (the snapshot search, the difference between the two direct columns): ${ms(list.direct - listAlone.direct)} and ${ms(thread.direct - threadAlone.direct)}. A read comes out within ${GOAL}× only where what the proxy adds is less than what it saves plus a tenth of the direct time.`,
  ];
}
