import type { ReactNode } from 'react';

export interface StartupErrorProps {
  readonly message: string;
}

/** Shown when the app cannot start at all (config.json missing or invalid): never a blank page. */
export function StartupError({ message }: StartupErrorProps): ReactNode {
  return (
    <main className="notice" aria-labelledby="startup-error-title">
      <h1 id="startup-error-title">Curbside could not start</h1>
      <p className="notice__detail">{message}</p>
      <p>Please contact your EHR administrator.</p>
    </main>
  );
}
