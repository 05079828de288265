// The proxy writes each call's AuditEvent just after answering. Before the next timed call the
// benchmarks wait until that write has landed in the store, so it never falls into the next
// measurement (whichever path that is), without idling the processes for a fixed time.

/** Reads a proxy answer to its end; returns its body and the request id the proxy gave it (its AuditEvent's id). */
export async function proxyCall(url: string, headers: Record<string, string>): Promise<{ readonly body: ArrayBuffer; readonly requestId: string | null }> {
  const response = await fetch(url, { headers });
  const body = await response.arrayBuffer();
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}: ${new TextDecoder().decode(body).slice(0, 300)}`);
  }
  return { body, requestId: response.headers.get('x-request-id') };
}

/** Waits (up to `timeoutMs`) until the store holds `AuditEvent/<requestId>`. */
export async function auditStored(storeUrl: string, requestId: string | null, timeoutMs = 5_000): Promise<void> {
  if (!requestId) {
    return;
  }
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const response = await fetch(`${storeUrl}/AuditEvent/${requestId}`, { headers: { Accept: 'application/fhir+json' } });
    await response.arrayBuffer();
    if (response.ok) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`The proxy's AuditEvent ${requestId} did not reach the store within ${timeoutMs} ms`);
}
