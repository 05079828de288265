import type { Bundle, BundleEntry, Practitioner, Reference } from 'fhir/r4';
import type { MessageKind } from '../api/consult-thread.ts';
import { parseFhirUser, type LaunchContext } from '../auth/launch-context.ts';
import { buildPractitionerSnapshot, snapshotQuery } from '../fhir/build-snapshots.ts';
import { buildThreadMessage } from '../fhir/build-thread-message.ts';
import { buildWorkflowTransaction, type WorkflowTransactionParts } from '../fhir/build-workflow-transaction.ts';
import { formatHumanName } from '../fhir/human-name.ts';
import type { ConsultRecord } from './consult-record.ts';
import type { ProxyDeps } from './deps.ts';

export interface RequesterSender {
  /** The requester's Practitioner snapshot, created in the step's transaction unless the store has it. */
  readonly entry: BundleEntry;
  /** The message's sender: that snapshot, by its fullUrl. */
  readonly sender: Reference;
}

/**
 * Who the requesting physician is in the consult store, for a message they send (a reply, a withdrawal):
 * a snapshot of their EHR Practitioner, read with their token once per call (a failed read leaves the
 * snapshot nameless rather than failing the message).
 */
export async function requesterSender(deps: ProxyDeps, launch: LaunchContext): Promise<RequesterSender> {
  const user = parseFhirUser(launch.fhirUser);
  const userId = user?.resourceType === 'Practitioner' ? user.id : 'unknown';
  const ehrUser = user?.resourceType === 'Practitioner'
    ? await deps.ehr(launch.iss).read<Practitioner>('Practitioner', user.id, { token: launch.accessToken }).catch(() => undefined)
    : undefined;
  const fullUrl = `urn:uuid:${deps.uuid()}`;
  return {
    entry: { fullUrl, resource: buildPractitionerSnapshot(launch.iss, userId, ehrUser), request: { method: 'POST', url: 'Practitioner', ifNoneExist: snapshotQuery(launch.iss, 'Practitioner', userId) } },
    sender: { reference: fullUrl, display: formatHumanName(ehrUser?.name) ?? 'Requesting physician' },
  };
}

export interface RequesterMessage {
  readonly kind: Extract<MessageKind, 'reply' | 'withdraw'>;
  /** The idempotency key: the message's identifier. */
  readonly key: string;
  readonly text: string;
  readonly inResponseTo?: Reference | undefined;
  /** When it is sent: the same instant as the step's status changes. */
  readonly now: string;
}

/** A step of the requester's: their snapshot, their message to whoever has the consult (a specialist or the pool), and the status changes. */
export function requesterStep(deps: ProxyDeps, record: ConsultRecord, from: RequesterSender, message: RequesterMessage, updates: WorkflowTransactionParts['updates']): Bundle {
  return buildWorkflowTransaction({
    extra: [from.entry],
    messages: [
      {
        fullUrl: `urn:uuid:${deps.uuid()}`,
        resource: buildThreadMessage({
          ...message,
          serviceRequest: { reference: `ServiceRequest/${record.sr.id}` },
          patient: record.sr.subject,
          sender: from.sender,
          recipient: record.sr.performer?.slice(0, 1) ?? [],
        }),
      },
    ],
    updates,
  });
}
