import type { ReactNode } from 'react';

export interface LoadProgressProps {
  readonly done: number;
  readonly total: number;
  /** Names of the sections still loading. */
  readonly pending: readonly string[];
  /** Names of the sections that could not be read. */
  readonly failed?: readonly string[];
}

/** Announces how far the chart read has got ("Loading chart: 3 of 6 sections ready"), then that it is complete. */
export function LoadProgress({ done, total, pending, failed = [] }: LoadProgressProps): ReactNode {
  const complete = done >= total;
  return (
    <div className="load-progress" role="status" aria-live="polite">
      {complete && failed.length > 0 ? (
        <span className="field-error">
          Chart incomplete: {failed.join(', ').toLowerCase()} could not be read ({total - failed.length} of {total} sections loaded)
        </span>
      ) : complete ? (
        <span className="muted">
          Chart loaded ({total} of {total} sections)
        </span>
      ) : (
        <>
          <progress max={total} value={done} aria-hidden="true" />
          <span>
            Loading chart: {done} of {total} sections ready
            {pending.length > 0 && <span className="muted"> (waiting for {pending.join(', ').toLowerCase()})</span>}
          </span>
        </>
      )}
    </div>
  );
}
