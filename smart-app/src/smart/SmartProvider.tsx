import { startTransition, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { findClientForIssuer } from '../config/runtime-config.ts';
import type { RuntimeConfig } from '../config/runtime-config.ts';
import type { SmartClient } from './fhirclient.ts';
import { RelaunchNotice } from './RelaunchNotice.tsx';
import { SmartContext } from './smart-context.ts';
import { createSmartSession, readyOnce, SmartLaunchError } from './smart-session.ts';
import type { SmartSession } from './smart-session.ts';
import { applySmartStyle, fetchSmartStyle } from './smart-style.ts';

export interface SmartProviderProps {
  readonly children: ReactNode;
  /**
   * Resolves the authorized client. Defaults to `FHIR.oauth2.ready()`, called once per page; tests pass
   * a client built with `FHIR.client()` and no launch.
   */
  readonly ready?: () => Promise<SmartClient>;
  /** The runtime configuration: this EHR's token settings (refresh throttle) come from its entry. */
  readonly config?: RuntimeConfig;
}

type ProviderState =
  | { readonly status: 'connecting' }
  | { readonly status: 'ready'; readonly session: SmartSession }
  | { readonly status: 'failed'; readonly reason: string };

function describeFailure(error: unknown): string {
  if (error instanceof SmartLaunchError) {
    return error.message;
  }
  // fhirclient's messages say what failed (no state, expired session, token endpoint refusal), never patient data.
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Completes the SMART launch (index.html is the redirect_uri) and provides the session to the app. */
export function SmartProvider({ children, ready = readyOnce, config }: SmartProviderProps): ReactNode {
  const [state, setState] = useState<ProviderState>({ status: 'connecting' });

  useEffect(() => {
    let current = true;
    ready()
      .then((client) => {
        const registration = config && findClientForIssuer(config, client.state.serverUrl);
        return createSmartSession(client, { minRefreshIntervalMs: (registration?.token.minRefreshIntervalSeconds ?? 0) * 1000 });
      })
      .then(
        // The first render of the whole page is a transition: React yields every few milliseconds, so
        // the chart reads started at the token (main.tsx) have their responses read while it renders.
        (session) => current && startTransition(() => setState({ status: 'ready', session })),
        (error: unknown) => current && setState({ status: 'failed', reason: describeFailure(error) }),
      );
    return () => {
      current = false;
    };
  }, [ready, config]);

  // The EHR's styling hints, applied once the launch says where they are; the app's palette until then.
  const styleUrl = state.status === 'ready' ? state.session.smartStyleUrl : undefined;
  useEffect(() => {
    if (!styleUrl) {
      return undefined;
    }
    let current = true;
    let remove: (() => void) | undefined;
    void fetchSmartStyle(styleUrl).then((style) => {
      if (current) {
        remove = applySmartStyle(style, document.documentElement);
      }
    });
    return () => {
      current = false;
      remove?.();
    };
  }, [styleUrl]);

  switch (state.status) {
    case 'connecting':
      return (
        <p className="app-status" role="status">
          Connecting to your EHR…
        </p>
      );
    case 'failed':
      return <RelaunchNotice reason={state.reason} />;
    case 'ready':
      return <SmartContext value={state.session}>{children}</SmartContext>;
  }
}
