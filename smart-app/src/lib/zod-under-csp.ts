import { config } from 'zod/mini';

// Imported first by each entry (main.tsx, smart/launch.ts), before any module builds a schema.
// zod probes whether it may compile parsers with `new Function` the first time an object schema is
// built. Under the app's Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval') the probe
// fails, and although zod swallows the EvalError the browser still reports a `securitypolicyviolation`:
// one violation report per launch to a hospital's CSP endpoint, and (in a traced bench launch) ~20 ms of
// the page's thread spent locating the offending script while the chart loads. `jitless` skips the probe;
// the compiled parsers were never allowed under this policy anyway.
config({ jitless: true });
