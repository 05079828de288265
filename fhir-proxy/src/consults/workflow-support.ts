import type { CapabilityStatement } from 'fhir/r4';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { Problem } from '../lib/outcome.ts';

/** What the consult store's CapabilityStatement offers the consult workflow. */
export interface StoreWorkflow {
  /** Task create, update and search: the workflow is tracked in a Task (else the ServiceRequest and thread carry it). */
  readonly tasks: boolean;
  /** System `transaction`: each workflow step is written whole or not at all. */
  readonly transactions: boolean;
}

const TTL_MS = 10 * 60_000;
// Unknown (the store did not answer): no Task, and transactions as before, so nothing new is assumed.
const UNKNOWN: StoreWorkflow = { tasks: false, transactions: true };
const cache = new WeakMap<FhirClient, { workflow: Promise<StoreWorkflow>; until: number }>();

/**
 * Reads the consult store's CapabilityStatement once per store client (kept ten minutes). The sandbox
 * store and HAPI offer Task and transactions; Epic offers no Task create and Oracle Health no Task at
 * all (fhir-landscape.md §3–4). A failed read is not remembered, and counts as "no Task" meanwhile: a
 * consult written then simply carries its workflow in the ServiceRequest and thread.
 * @see https://hl7.org/fhir/R4/capabilitystatement.html
 */
export function storeWorkflow(store: FhirClient, now: () => number = Date.now): Promise<StoreWorkflow> {
  const cached = cache.get(store);
  if (cached && cached.until > now()) {
    return cached.workflow;
  }
  const workflow = store.request<CapabilityStatement>('GET', 'metadata').then(
    (statement) => (statement?.resourceType === 'CapabilityStatement' ? fromStatement(statement) : UNKNOWN),
    () => {
      cache.delete(store);
      return UNKNOWN;
    },
  );
  cache.set(store, { workflow, until: now() + TTL_MS });
  return workflow;
}

/** Whether the consult store keeps the workflow in a Task. */
export async function storeKeepsTasks(store: FhirClient): Promise<boolean> {
  return (await storeWorkflow(store)).tasks;
}

/**
 * Every specialist step (claim, message, answer, decline, redirect) changes the thread and the
 * ServiceRequest (and Task) together, guarded by If-Match; without transactions a half-written step
 * could leave an answer without a completed consult, so such a store is refused in plain words.
 */
export async function requireTransactions(store: FhirClient): Promise<void> {
  if (!(await storeWorkflow(store)).transactions) {
    throw Problem.of(502, 'not-supported', 'The consult store does not take FHIR transactions, which the specialist workflow needs (each step is written whole). Ask your administrator to use a consult store that does, such as HAPI FHIR.');
  }
}

function fromStatement(statement: CapabilityStatement): StoreWorkflow {
  const rest = statement.rest?.find((r) => r.mode === 'server') ?? statement.rest?.[0];
  const task = rest?.resource?.find((r) => r.type === 'Task');
  const interactions = new Set<string>(task?.interaction?.map((i) => i.code));
  return {
    tasks: ['create', 'update', 'search-type'].every((code) => interactions.has(code)),
    // A statement that lists no system interactions says nothing about them: keep the transaction, as for unknown.
    transactions: !rest?.interaction?.length || rest.interaction.some((i) => i.code === 'transaction'),
  };
}
