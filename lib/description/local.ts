/** How the local runtime stands in for what AWS does not let us describe. */
export const local = {
  /** Containers a function without reserved concurrency may run at once (the account's unreserved pool, scaled to a laptop). */
  unreservedConcurrency: 10,
  /** An idle container is reclaimed after this long, as Lambda freezes and recycles them. */
  idleReclaimMs: 5 * 60 * 1000,
} as const;
