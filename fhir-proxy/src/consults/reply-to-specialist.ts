import type { Practitioner, Reference } from 'fhir/r4';
import type { MessageInput } from '../api/consult-thread.ts';
import { parseFhirUser, type LaunchContext } from '../auth/launch-context.ts';
import { buildPractitionerSnapshot, snapshotQuery } from '../fhir/build-snapshots.ts';
import { progressTask } from '../fhir/build-task.ts';
import { buildThreadMessage } from '../fhir/build-thread-message.ts';
import { buildWorkflowTransaction } from '../fhir/build-workflow-transaction.ts';
import { formatHumanName } from '../fhir/human-name.ts';
import { Problem } from '../lib/outcome.ts';
import type { ConsultRecord } from './consult-record.ts';
import { consultState, isOpen } from './consult-view.ts';
import type { ProxyDeps } from './deps.ts';
import { readForRequester } from './requester-access.ts';
import { postMessage, workflowUpdates, type PostedMessage } from './write-workflow.ts';

/**
 * The requesting physician writes to the specialist, usually answering a clarifying question
 * (`inResponseTo`). Only on a consult about the launch's patient, and only while it is open. When it
 * answers a clarification request the Task's business status becomes "more information provided".
 */
export async function replyToSpecialist(deps: ProxyDeps, launch: LaunchContext, id: string, input: MessageInput): Promise<PostedMessage> {
  const user = parseFhirUser(launch.fhirUser);
  const userId = user?.resourceType === 'Practitioner' ? user.id : 'unknown';
  const ehrUser = user?.resourceType === 'Practitioner'
    ? await deps.ehr(launch.iss).read<Practitioner>('Practitioner', user.id, { token: launch.accessToken }).catch(() => undefined)
    : undefined;
  return postMessage(deps, input.idempotencyKey, id, async (resuming) => {
    const record = await readForRequester(deps, launch, id);
    const state = consultState(record);
    if (!resuming && !isOpen(state)) {
      throw Problem.of(409, 'business-rule', `This consult is already ${state === 'answered' ? 'answered' : 'declined'}; send a new consult to ask more.`);
    }
    const now = deps.now().toISOString();
    const senderUrl = `urn:uuid:${deps.uuid()}`;
    return buildWorkflowTransaction({
      extra: [
        {
          fullUrl: senderUrl,
          resource: buildPractitionerSnapshot(launch.iss, userId, ehrUser),
          request: { method: 'POST', url: 'Practitioner', ifNoneExist: snapshotQuery(launch.iss, 'Practitioner', userId) },
        },
      ],
      messages: [
        {
          fullUrl: `urn:uuid:${deps.uuid()}`,
          resource: buildThreadMessage({
            kind: 'reply',
            key: input.idempotencyKey,
            text: input.text,
            serviceRequest: { reference: `ServiceRequest/${record.sr.id}` },
            patient: record.sr.subject,
            sender: { reference: senderUrl, display: formatHumanName(ehrUser?.name) ?? 'Requesting physician' },
            recipient: record.sr.performer?.slice(0, 1) ?? [],
            inResponseTo: inResponseTo(record, input.inResponseTo),
            now,
          }),
        },
      ],
      updates: workflowUpdates(record.task && state === 'clarification-requested' ? [[record.task, progressTask(record.task, 'information-provided', now)]] : [], resuming),
    });
  });
}

/** The message a reply answers, which must be in this consult's thread. */
export function inResponseTo(record: ConsultRecord, id: string | undefined): Reference | undefined {
  if (!id) {
    return undefined;
  }
  if (!record.messages.some((m) => m.id === id)) {
    throw Problem.of(422, 'invalid', 'The message you are answering is not in this consult\'s thread.', ['inResponseTo']);
  }
  return { reference: `Communication/${id}` };
}
