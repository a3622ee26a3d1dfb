/**
 * Text for a stream, written once per turn of the event loop instead of once
 * per line: under load the functions print a few lines per request, and each
 * write to a terminal or pipe is a system call of its own (synchronous on
 * Linux). Order is kept; `flush()` writes what is pending at once (on close).
 */
export interface BatchedOutput {
  write(text: string): void;
  flush(): void;
}

export function batchedOutput(write: (text: string) => void): BatchedOutput {
  let pending = '';
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  return {
    write(text) {
      pending += text;
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}
