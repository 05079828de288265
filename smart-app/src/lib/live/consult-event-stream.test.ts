import { describe, expect, test, vi } from 'vitest';
import { readConsultEvents } from './consult-event-stream.ts';

function streamOf(chunks: readonly string[]): Response {
  const encoder = new TextEncoder();
  return new Response(new ReadableStream({ start(c) { chunks.forEach((chunk) => c.enqueue(encoder.encode(chunk))); c.close(); } }));
}

describe('reading the proxy\'s event stream', () => {
  test('hands on ready and consult events, even when a chunk splits an event, and skips keep-alives', async () => {
    const onReady = vi.fn();
    const onEvent = vi.fn();
    await readConsultEvents(streamOf(['event: ready\ndata: {"role":"requester"}\n\n: keep-alive\n\nevent: cons', 'ult\ndata: {"consultId":"sr-1","resourceType":"Communication","at":"2026-11-21T10:00:00.000Z"}\r\n\r\n']), { onReady, onEvent });
    expect(onReady).toHaveBeenCalledTimes(1);
    expect(onEvent.mock.calls).toEqual([[{ consultId: 'sr-1', resourceType: 'Communication', at: '2026-11-21T10:00:00.000Z' }]]);
  });

  test('drops a malformed event and keeps reading', async () => {
    const onEvent = vi.fn();
    await readConsultEvents(streamOf(['event: consult\ndata: {not json\n\nevent: consult\ndata: {"consultId":"sr-2","resourceType":"Task","at":"x"}\n\n']), { onReady: vi.fn(), onEvent });
    expect(onEvent.mock.calls.map(([e]) => (e as { consultId: string }).consultId)).toEqual(['sr-2']);
  });
});
