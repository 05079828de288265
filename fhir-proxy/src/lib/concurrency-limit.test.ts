import { expect, test } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit.ts';

test('runs at most the limit at once, the rest in order, and recovers from failures', async () => {
  const limit = new ConcurrencyLimit(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const job = (n: number) => limit.run(async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
    order.push(n);
    if (n === 1) {
      throw new Error('boom');
    }
    return n;
  });
  const results = await Promise.allSettled([1, 2, 3, 4, 5].map(job));
  expect(peak).toBe(2);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  expect(order.slice(2)).toEqual([3, 4, 5]);
});
