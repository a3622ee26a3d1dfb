const collectors = new Set<string[]>();
let restore: (() => void) | undefined;

/** While any collector is active, EMF lines on stdout go to every one of them, not the terminal. */
function startCollecting(lines: string[]): void {
  collectors.add(lines);
  if (restore) return;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.includes('"_aws"')) {
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }
    const emitted = text.split('\n').filter(Boolean);
    for (const collector of collectors) collector.push(...emitted);
    return true;
  }) as typeof process.stdout.write;
  restore = () => {
    process.stdout.write = write;
  };
}

function stopCollecting(lines: string[]): void {
  collectors.delete(lines);
  if (collectors.size === 0) {
    restore?.();
    restore = undefined;
  }
}

/**
 * Runs `work` while collecting what Powertools Metrics writes to stdout (EMF
 * JSON lines), without printing it, and returns every value by metric name.
 * Calls may nest: an outer collection sees what inner ones saw.
 */
export async function emittedMetrics<T>(
  work: () => Promise<T>,
): Promise<{ result: T; metrics: Record<string, number[]> }> {
  const lines: string[] = [];
  startCollecting(lines);
  let result: T;
  try {
    result = await work();
  } finally {
    stopCollecting(lines);
  }
  const metrics: Record<string, number[]> = {};
  for (const line of lines) {
    const emf = JSON.parse(line) as {
      _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
      [name: string]: unknown;
    };
    for (const { Metrics } of emf._aws.CloudWatchMetrics) {
      for (const { Name } of Metrics) {
        const value = emf[Name];
        (metrics[Name] ??= []).push(...(Array.isArray(value) ? value : [value]).map(Number));
      }
    }
  }
  return { result, metrics };
}
