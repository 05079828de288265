/**
 * At most `max` calls at once; the rest wait their turn in order. Bounds the requests the proxy has in
 * flight toward one upstream, so its connection pool stays small and busy instead of opening (and
 * idling out) hundreds of sockets under a burst, and a slow store is not buried under retries.
 */
export class ConcurrencyLimit {
  readonly #max: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number) {
    this.#max = Math.max(1, max);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#max) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) {
        next();
      } else {
        this.#running--;
      }
    }
  }
}
