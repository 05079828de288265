// Entry of index.html, the SMART redirect_uri.
import './lib/zod-under-csp.ts';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './app/app.css';
import './app/closed-loop.css';
import { StartupError } from './app/StartupError.tsx';
import { loadRuntimeConfig, RuntimeConfigError } from './config/runtime-config.ts';
import { sectionKeys } from './features/patient-context/api/load-patient-context.ts';
import { preloadPatientContext } from './features/patient-context/api/preload-patient-context.ts';
import { createSmartSession, readyOnce } from './smart/smart-session.ts';

const container = document.getElementById('root');
if (!container) {
  throw new Error('index.html has no #root element.');
}
const root = createRoot(container);

// Finish the authorization (code → token) while config.json loads; SmartProvider awaits the same promise.
// The chart read starts the moment the token arrives, while React renders the page around it. A launch
// that cannot be used starts nothing here; SmartProvider shows why.
readyOnce()
  .then((client) => {
    const session = createSmartSession(client);
    // A specialist's launch has no patient: there is no chart to read ahead.
    if (session.patientId) {
      preloadPatientContext(client, session.patientId, sectionKeys(session.needPatientBanner));
    }
  })
  .catch(() => undefined);

loadRuntimeConfig().then(
  (config) =>
    // A transition, so React yields while it renders: the chart's responses are read as they arrive.
    startTransition(() =>
      root.render(
        <StrictMode>
          <App config={config} />
        </StrictMode>,
      ),
    ),
  (error: unknown) =>
    root.render(<StartupError message={error instanceof RuntimeConfigError ? error.message : 'The configuration could not be loaded.'} />),
);
