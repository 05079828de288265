import type { CapabilityStatement } from 'fhir/r4';
import { supportsInteraction, supportsSystemInteraction } from '../api/fhir-capabilities.ts';
import type { ProxyDeps } from './deps.ts';

/** What the consult store's CapabilityStatement offers the consult workflow. */
export interface StoreWorkflow {
  /** Task create, update and search: the workflow is tracked in a Task (else the ServiceRequest and thread carry it). */
  readonly tasks: boolean;
  /**
   * System `transaction`: each workflow step is written whole or not at all. Without it each step is
   * written in a safe order, one conditional write at a time (workflow-in-order.ts).
   */
  readonly transactions: boolean;
  /** The statement itself, when the store published one (which creates can be conditional). */
  readonly statement: CapabilityStatement | undefined;
}

/**
 * The consult store's workflow capabilities, from its CapabilityStatement as `deps.capabilities` keeps
 * it (read once an hour; a store that did not answer is asked again a minute later). The sandbox store
 * and HAPI offer Task and transactions; Epic offers no Task create and Oracle Health no Task at all, and
 * neither offers transactions (fhir-landscape.md §3–4). A store that publishes nothing is treated as
 * before: no Task, one transaction per step (as `writeToStore` treats it).
 * @see https://hl7.org/fhir/R4/capabilitystatement.html
 */
export async function storeWorkflow(deps: Pick<ProxyDeps, 'capabilities' | 'store'>): Promise<StoreWorkflow> {
  const statement = await deps.capabilities.get(deps.store, { failOnTransient: true });
  return {
    tasks: (['create', 'update', 'search-type'] as const).every((code) => supportsInteraction(statement, 'Task', code)),
    transactions: !statement || supportsSystemInteraction(statement, 'transaction'),
    statement,
  };
}

/** Whether the consult store keeps the workflow in a Task. */
export async function storeKeepsTasks(deps: Pick<ProxyDeps, 'capabilities' | 'store'>): Promise<boolean> {
  return (await storeWorkflow(deps)).tasks;
}
