import type { TokenBucket } from './token-bucket';

/**
 * One level of throttling (a usage plan's key, a method, the account, ...):
 * the bucket that a request is counted against at this level, or none when
 * the level does not apply to it.
 */
export interface ThrottleLevel<R> {
  readonly name: string;
  bucketFor(request: R): TokenBucket | undefined;
}

/**
 * Levels of throttling checked in order, as API Gateway applies its limits:
 * a request passes only if every level that applies has a token, and only
 * then takes one from each. A request refused at one level spends nothing at
 * another, so a flood refused by its own method's bucket leaves the shared
 * buckets to everyone else. A new level (e.g. a per-client limit) is one more
 * entry in the list.
 */
export class ThrottlePipeline<R> {
  constructor(private readonly levels: readonly ThrottleLevel<R>[]) {}

  /** The name of the level that refuses the request, or undefined once it has taken its tokens. */
  admit(request: R): string | undefined {
    const buckets: TokenBucket[] = [];
    for (const level of this.levels) {
      const bucket = level.bucketFor(request);
      if (!bucket) continue;
      if (!bucket.hasToken()) return level.name;
      buckets.push(bucket);
    }
    for (const bucket of buckets) bucket.take();
    return undefined;
  }

  /** Milliseconds until every level that applies to the request holds a token again. */
  msUntilAdmitted(request: R): number {
    let ms = 0;
    for (const level of this.levels) {
      ms = Math.max(ms, level.bucketFor(request)?.msUntilToken() ?? 0);
    }
    return ms;
  }
}
