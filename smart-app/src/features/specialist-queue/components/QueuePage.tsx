import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { LoadError } from '../../../components/LoadError.tsx';
import { MetaText } from '../../../components/MetaText.tsx';
import { SlaClock } from '../../../components/SlaClock.tsx';
import { isOpenState } from '../../../lib/api-contract.ts';
import { STATE_LABELS, URGENCY_LABELS } from '../../../lib/consult-labels.ts';
import { formatDate } from '../../../lib/fhir/format.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useReadMarks } from '../../../lib/read-marks.ts';
import { useFocusWhen } from '../../../lib/useFocusWhen.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';
import { useRetry } from '../../../lib/useRetry.ts';
import { useQueue, type QueueFilters as Filters } from '../hooks/useQueue.ts';
import { QueueFilters } from './QueueFilters.tsx';
import { StackTableHead } from '../../../components/StackTableHead.tsx';

export interface QueuePageProps {
  /** Changes on a live update: read the queue again. */
  readonly refreshKey: number;
  /** True while the page holds its first reads (until live updates are connected): loading, nothing read. */
  readonly hold?: boolean;
  readonly onOpen: (consultId: string) => void;
  readonly onChanged: () => void;
  /** Coming back from a consult (whose Back button had focus): the keyboard starts at the queue's heading. */
  readonly focusHeading?: boolean;
}

/** The specialist's queue: most urgent first, an SLA clock per consult, claim from the list. */
export function QueuePage({ refreshKey, hold = false, onOpen, onChanged, focusHeading = false }: QueuePageProps): ReactNode {
  const [filters, setFilters] = useState<Filters>({ status: 'open', urgency: undefined });
  const { state, loadMore, retry } = useQueue(filters, refreshKey, hold);
  const heading = useRef<HTMLHeadingElement>(null);
  const tryAgain = useRetry(retry, state.status === 'ready', heading);
  useFocusWhen(heading, focusHeading || undefined);
  const proxy = useProxyClient();
  const { isUnread } = useReadMarks();
  const [claimError, setClaimError] = useState<string | undefined>();
  // A lost claim re-reads the queue, and its row's Claim button (which had focus) goes: the keyboard goes to why.
  const claimErrorNote = useRef<HTMLParagraphElement>(null);
  useFocusWhen(claimErrorNote, claimError);

  const claim = async (id: string): Promise<void> => {
    setClaimError(undefined);
    try {
      await proxy.claimConsult(id);
      onOpen(id);
    } catch (error) {
      setClaimError(error instanceof ProxyError ? error.message : 'The consult could not be claimed.');
    }
    onChanged();
  };

  return (
    <section className="panel" aria-labelledby="queue-title">
      {/* Focusable from script only: where the keyboard lands after Back or a successful Try again. */}
      <h2 id="queue-title" ref={heading} tabIndex={-1}>
        E-consult queue
      </h2>
      <QueueFilters filters={filters} onChange={setFilters} />
      {claimError && (
        <p className="section-error" role="alert" ref={claimErrorNote} tabIndex={-1}>
          {claimError}
        </p>
      )}
      {state.status === 'loading' && <p className="muted" role="status">Loading the queue…</p>}
      {state.status === 'error' && <LoadError message={`The queue could not be loaded. ${state.message}`} retrying={state.retrying} onRetry={state.transient ? tryAgain : undefined} />}
      {state.status === 'ready' && state.items.length === 0 && <p className="muted">No consults here.</p>}
      {state.status === 'ready' && state.items.length > 0 && (
        // Scrolls sideways only where a row still does not fit; in a narrow window each row becomes a card
        // (app.css, .stack-table). The roles are written out because some browsers drop a table's semantics
        // once its display changes, and data-label names each value.
        <div className="table-scroll stack-table stack-table--wide" tabIndex={0} role="region" aria-label="Consults in the queue">
          <table className="consult-table queue-table" role="table">
            <StackTableHead columns={['Patient', 'Urgency', 'Specialty', 'Question', 'Status', 'SLA', 'Actions']} />
            <tbody role="rowgroup">
              {state.items.map((item) => (
                <tr key={item.id} role="row">
                  <th scope="row" role="rowheader">
                    {item.patientName}
                    <MetaText>sent {formatDate(item.authoredOn)}</MetaText>
                  </th>
                  <td role="cell" data-label="Urgency">
                    <span className={`urgency urgency--${item.urgency}`}>{URGENCY_LABELS[item.urgency]}</span>
                  </td>
                  <td role="cell" data-label="Specialty">{item.specialty}</td>
                  <td role="cell" data-label="Question" className="queue-table__question stack-table__full">
                    <span className="queue-table__question-text" title={item.question}>{item.question}</span>
                  </td>
                  <td role="cell" data-label="Status">
                    {STATE_LABELS[item.state]}
                    {!item.claimable && item.state !== 'submitted' && <MetaText>{item.target}</MetaText>}
                    {isUnread(item.id, item.lastRequesterMessageAt) && <> <strong className="badge badge--new">New reply</strong></>}
                  </td>
                  <td role="cell" data-label="SLA">
                    <SlaClock sla={item.sla} open={isOpenState(item.state)} />
                  </td>
                  <td role="cell" data-label="Actions" className="queue-table__actions stack-table__actions stack-table__full">
                    <button type="button" className="button button--secondary button--small" onClick={() => onOpen(item.id)} aria-label={`Open the consult about ${item.patientName}`}>
                      Open
                    </button>
                    {item.claimable && (
                      <button type="button" className="button button--small" onClick={() => void claim(item.id)} aria-label={`Claim the consult about ${item.patientName}`}>
                        Claim
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {/* The rows stay; the button keeps the keyboard and reads the page again when pressed. */}
      {state.status === 'ready' && state.moreError && !state.loadingMore && (
        <p className="section-error" role="alert">
          More consults could not be loaded. {state.moreError}
        </p>
      )}
      {state.status === 'ready' && state.next && (
        // aria-disabled, not disabled: a disabled button loses the keyboard focus it had while the page loads.
        <button type="button" className="button button--secondary" aria-disabled={state.loadingMore || undefined} onClick={loadMore}>
          {state.loadingMore ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
