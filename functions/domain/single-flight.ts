/**
 * Concurrent calls for one key share one run: the first caller starts it, the
 * others await the same promise. Once it settles the key is free again, so a
 * failure is shared by those waiting on it but never remembered.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (current) return current;
    const started = Promise.resolve()
      .then(work)
      .finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  /** Keys with a run in progress. */
  get size(): number {
    return this.running.size;
  }
}
