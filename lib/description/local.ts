/** How the local runtime stands in for what AWS does not let us describe. */
export const local = {
  /**
   * The account's concurrency, scaled to a laptop (AWS's default is 1,000): the
   * invocations all functions may run at once. The functions without reserved
   * concurrency share what the others do not reserve, as in Lambda. Each running
   * container is a worker thread (docs/local-runtime.md says what one costs).
   */
  accountConcurrency: 100,
  /** An idle container is reclaimed after this long, as Lambda freezes and recycles them. */
  idleReclaimMs: 5 * 60 * 1000,
} as const;
