/** What the event source does with a batch once the function has answered. */
export type Settlement =
  /** Delete every message except these. */
  | { readonly kind: 'partial'; readonly failed: ReadonlySet<string> }
  /** Delete nothing: all of them come back after the visibility timeout. */
  | { readonly kind: 'batch-failed'; readonly reason: string };

/**
 * Lambda's rules for a function that reports batch item failures
 * (ReportBatchItemFailures): an empty or null response, or an empty or null
 * `batchItemFailures`, is complete success; a listed `itemIdentifier` is a
 * failed record; a response it cannot read (not an object, a list that is not
 * a list, an identifier that is empty, null, not a string or not in the
 * batch) makes the whole batch a failure.
 */
export function settleBatch(payload: unknown, messageIds: readonly string[]): Settlement {
  const none: Settlement = { kind: 'partial', failed: new Set() };
  if (payload === null || payload === undefined || payload === '') return none;
  if (typeof payload !== 'object' || Array.isArray(payload)) {
    return { kind: 'batch-failed', reason: 'the response is not a JSON object' };
  }
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return none;
  if (!Array.isArray(failures)) {
    return { kind: 'batch-failed', reason: 'batchItemFailures is not a list' };
  }
  const inBatch = new Set(messageIds);
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id =
      failure && typeof failure === 'object'
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== 'string' || id === '') {
      return { kind: 'batch-failed', reason: 'an itemIdentifier is missing, null or empty' };
    }
    if (!inBatch.has(id)) {
      return { kind: 'batch-failed', reason: `itemIdentifier ${id} is not a message of the batch` };
    }
    failed.add(id);
  }
  return { kind: 'partial', failed };
}
