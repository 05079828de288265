import type { ReactNode } from 'react';

export interface LoadErrorProps {
  /** What could not be loaded and why, in the proxy's words (its OperationOutcome's text). */
  readonly message: string;
  /** True while the read is tried again. */
  readonly retrying: boolean;
  /** Absent where reading again cannot help (the proxy refused): the failure is shown without Try again. */
  readonly onRetry: (() => void) | undefined;
  /** For a field's error (`field-error`) rather than a section's. */
  readonly className?: string;
}

/**
 * A read that failed, with Try again. While it is tried again the button stays where it is, so keyboard
 * focus is not lost (aria-disabled, not disabled, which would drop focus); a new failure is a new alert,
 * so it is announced again even in the same words.
 */
export function LoadError({ message, retrying, onRetry, className = 'section-error' }: LoadErrorProps): ReactNode {
  if (!onRetry) {
    return (
      <p className={className} role="alert">
        {message}
      </p>
    );
  }
  return (
    <div className="load-error">
      {retrying ? (
        <p key="retrying" className={className}>
          {message}
        </p>
      ) : (
        <p key="failed" className={className} role="alert">
          {message}
        </p>
      )}
      <button type="button" className="button button--secondary button--small" aria-disabled={retrying || undefined} onClick={retrying ? undefined : onRetry}>
        {retrying ? 'Trying again…' : 'Try again'}
      </button>
    </div>
  );
}
