/** A retry backoff as `LOCAL_RETRY_BACKOFF` carries it: `<base>,<max>` whole seconds. */
export interface BackoffPair {
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

const pattern = /^(\d+),(\d+)$/;

/**
 * The pair in `text`, or undefined when it is not `<base>,<max>`. Read where `npm run dev`
 * takes the variable and where a worker reads it back; imports nothing, so `--help` stays
 * cheap.
 */
export function parseBackoffPair(text: string): BackoffPair | undefined {
  const match = pattern.exec(text);
  return match ? { baseSeconds: Number(match[1]), maxSeconds: Number(match[2]) } : undefined;
}

export function backoffPairText(pair: BackoffPair): string {
  return `${pair.baseSeconds},${pair.maxSeconds}`;
}
