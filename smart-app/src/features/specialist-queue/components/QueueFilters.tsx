import type { ReactNode } from 'react';
import type { QueueStatus, Urgency } from '../../../lib/api-contract.ts';
import { URGENCY_LABELS } from '../../../lib/consult-labels.ts';
import type { QueueFilters as Filters } from '../hooks/useQueue.ts';

const STATUS_LABELS: Readonly<Record<QueueStatus, string>> = {
  open: 'Open (mine and my specialties)',
  unclaimed: 'Unclaimed in my specialties',
  mine: 'Mine',
  answered: 'Answered',
  // The store's revoked consults: declined by a specialist, or withdrawn by the requester (each row says which).
  declined: 'Declined or withdrawn',
  all: 'All',
};

export interface QueueFiltersProps {
  readonly filters: Filters;
  readonly onChange: (filters: Filters) => void;
}

/** Status and urgency filters; the server applies them, so paging stays on the server. */
export function QueueFilters({ filters, onChange }: QueueFiltersProps): ReactNode {
  return (
    <div className="field-row queue-filters">
      <label className="field">
        Show
        <select value={filters.status} onChange={(event) => onChange({ ...filters, status: event.target.value as QueueStatus })}>
          {(Object.keys(STATUS_LABELS) as QueueStatus[]).map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Urgency
        <select value={filters.urgency ?? ''} onChange={(event) => onChange({ ...filters, urgency: (event.target.value || undefined) as Urgency | undefined })}>
          <option value="">Any urgency</option>
          {(['stat', 'asap', 'urgent', 'routine'] as const).map((urgency) => (
            <option key={urgency} value={urgency}>
              {URGENCY_LABELS[urgency]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
