/** What a verified token yields: the claims, and when the token itself stops being valid. */
export interface Verified {
  readonly claims: Readonly<Record<string, string>>;
  readonly expiresAtMs: number;
}

export type Verify = (token: string) => Promise<Verified | undefined>;

/** Tokens kept at most: a flood of distinct tokens must not grow the gateway's memory. */
const MAX_ENTRIES = 10_000;

/**
 * API Gateway keeps a user-pool authorizer's answer for a token for the authorizer's TTL
 * (`AuthorizerResultTtlInSeconds`, `auth.authorizerCacheSeconds` in the description): the
 * same token within it is not verified again. Locally too, with two limits: an answer is
 * never kept past the token's own expiry, and only accepted tokens are kept (a refused one,
 * forged or expired, is verified again each time). A TTL of 0 turns the cache off, as it
 * does on API Gateway.
 */
export function cachedVerify(verify: Verify, ttlSeconds: number, now = Date.now): Verify {
  if (ttlSeconds <= 0) return verify;
  const kept = new Map<string, { verified: Verified; untilMs: number }>();
  return async (token) => {
    const at = now();
    const hit = kept.get(token);
    if (hit && at < hit.untilMs) return hit.verified;
    if (hit) kept.delete(token);
    const verified = await verify(token);
    if (!verified) return undefined;
    if (kept.size >= MAX_ENTRIES) evict(kept, at);
    kept.set(token, {
      verified,
      untilMs: Math.min(at + ttlSeconds * 1000, verified.expiresAtMs),
    });
    return verified;
  };
}

/** Drops the lapsed answers, and if none had lapsed, the oldest tenth. */
function evict(kept: Map<string, { untilMs: number }>, at: number): void {
  for (const [token, { untilMs }] of kept) if (untilMs <= at) kept.delete(token);
  if (kept.size < MAX_ENTRIES) return;
  let drop = Math.ceil(MAX_ENTRIES / 10);
  for (const token of kept.keys()) {
    if (drop-- <= 0) break;
    kept.delete(token);
  }
}
