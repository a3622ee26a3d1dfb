import { describe, expect, it } from 'vitest';
import { cachedVerify, type Verified, type Verify } from '../../local/auth/authorizer-cache';

/** A verifier that accepts the tokens it is given, each valid until its `expiresAtMs`, and counts its calls. */
function verifier(valid: Record<string, number>) {
  const calls: string[] = [];
  const verify: Verify = async (token) => {
    calls.push(token);
    const expiresAtMs = valid[token];
    return expiresAtMs === undefined ? undefined : { claims: { sub: token }, expiresAtMs };
  };
  return { verify, calls };
}

describe("the local authorizer's answers, kept as API Gateway keeps them", () => {
  const ttlSeconds = 300;

  it('verifies an accepted token once within the TTL, then again after it', async () => {
    let now = 0;
    const { verify, calls } = verifier({ ana: 3_600_000 });
    const cached = cachedVerify(verify, ttlSeconds, () => now);
    const first = await cached('ana');
    now = ttlSeconds * 1000 - 1;
    expect(await cached('ana')).toBe(first);
    expect(calls).toEqual(['ana']);
    now = ttlSeconds * 1000;
    expect((await cached('ana'))?.claims).toEqual({ sub: 'ana' });
    expect(calls).toEqual(['ana', 'ana']);
  });

  it("never keeps an answer past the token's own expiry", async () => {
    let now = 0;
    const valid: Record<string, number> = { ben: 10_000 };
    const { verify, calls } = verifier(valid);
    const cached = cachedVerify(verify, ttlSeconds, () => now);
    expect(await cached('ben')).toBeDefined();
    now = 9_999;
    expect(await cached('ben')).toBeDefined();
    expect(calls).toHaveLength(1);
    // Expired: verified again, and the verifier (as jose does) refuses it.
    now = 10_000;
    delete valid.ben;
    expect(await cached('ben')).toBeUndefined();
    expect(calls).toHaveLength(2);
  });

  it('keeps no refusal: a refused token is verified every time', async () => {
    const { verify, calls } = verifier({});
    const cached = cachedVerify(verify, ttlSeconds, () => 0);
    expect(await cached('forged')).toBeUndefined();
    expect(await cached('forged')).toBeUndefined();
    expect(calls).toEqual(['forged', 'forged']);
  });

  it('keeps nothing with a TTL of 0, as API Gateway with caching off', async () => {
    const { verify, calls } = verifier({ cy: 3_600_000 });
    const cached = cachedVerify(verify, 0, () => 0);
    await cached('cy');
    await cached('cy');
    expect(calls).toEqual(['cy', 'cy']);
  });

  it('stays bounded under a flood of distinct tokens, and still answers each correctly', async () => {
    const tokens = Array.from({ length: 12_000 }, (_, i) => `t${i}`);
    const { verify, calls } = verifier(Object.fromEntries(tokens.map((t) => [t, 3_600_000])));
    const cached = cachedVerify(verify, ttlSeconds, () => 0);
    for (const token of tokens) expect((await cached(token))?.claims.sub).toBe(token);
    // The newest are still kept; the oldest were let go and are verified again.
    const before = calls.length;
    expect((await cached('t11999')) as Verified).toBeDefined();
    expect(calls.length).toBe(before);
    expect(await cached('t0')).toBeDefined();
    expect(calls.length).toBe(before + 1);
  });
});
