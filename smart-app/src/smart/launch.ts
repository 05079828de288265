// Entry of launch.html, the registered SMART launch_uri. Deliberately tiny: no React on this page.
import '../lib/zod-under-csp.ts';
import { loadRuntimeConfig } from '../config/runtime-config.ts';
import { FHIR } from './fhirclient.ts';
import { runLaunch } from './launch-flow.ts';
import './launch.css';

const root = document.querySelector<HTMLElement>('main') ?? document.body;

void runLaunch({
  url: new URL(window.location.href),
  root,
  loadConfig: () => loadRuntimeConfig(),
  authorize: (params) => FHIR.oauth2.authorize(params),
});
