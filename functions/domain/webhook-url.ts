import { BlockList, isIP } from 'node:net';

/**
 * Which callback URLs a webhook may have. In the cloud: https only, and never
 * a loopback, private, link-local or otherwise internal address (a webhook
 * must not become a way into the network it is sent from). Locally the
 * receiver is on this machine, so plain http to a loopback address is allowed.
 */
export interface UrlPolicy {
  readonly allowLoopback: boolean;
}

const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  internal.addSubnet(net, prefix, 'ipv4');
}
// No IPv4-mapped range here: BlockList checks IPv4 addresses against those too (all of them
// would match); a mapped address is unwrapped and checked as IPv4 instead.
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(net, prefix, 'ipv6');
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** True when a resolved address may be called under the policy. */
export function addressAllowed(address: string, policy: UrlPolicy): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (policy.allowLoopback && loopback.check(address, type)) return true;
  // An IPv4-mapped IPv6 address is its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return addressAllowed(mapped, policy);
  return !internal.check(address, type);
}

/** Why a URL may not be a webhook's, or undefined when it may. */
export function webhookUrlProblem(text: string, policy: UrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not an absolute URL';
  }
  if (url.username || url.password) return 'credentials do not belong in a webhook URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) !== 0;
  const isLoopbackName = host === 'localhost' || host.endsWith('.localhost');
  const local =
    policy.allowLoopback && (isLoopbackName || (literal && addressAllowed(host, policy)));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return policy.allowLoopback
      ? 'use https, or http to a loopback address (local runtime)'
      : 'use https';
  }
  if (isLoopbackName && !policy.allowLoopback) return 'localhost is not reachable from the cloud';
  if (literal && !addressAllowed(host, policy)) return 'an internal address is not allowed';
  return undefined;
}
