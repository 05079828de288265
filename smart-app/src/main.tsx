// Entry of index.html, the SMART redirect_uri.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './app/app.css';
import './app/closed-loop.css';
import { StartupError } from './app/StartupError.tsx';
import { loadRuntimeConfig, RuntimeConfigError } from './config/runtime-config.ts';
import { readyOnce } from './smart/smart-session.ts';

const container = document.getElementById('root');
if (!container) {
  throw new Error('index.html has no #root element.');
}
const root = createRoot(container);

// Finish the authorization (code → token) while config.json loads; SmartProvider awaits the same promise.
readyOnce().catch(() => undefined);

loadRuntimeConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(<StartupError message={error instanceof RuntimeConfigError ? error.message : 'The configuration could not be loaded.'} />),
);
