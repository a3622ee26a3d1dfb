import { isIP } from 'node:net';
import { isGlobalUnicast, isLoopback } from './special-purpose-addresses';

/**
 * Which callback URLs a webhook may have. In the cloud: https only, and only
 * to global unicast addresses (special-purpose-addresses.ts): a webhook must
 * not become a way into the network it is sent from. The name is checked
 * here; the address actually connected to is checked again at every
 * delivery (adapters/http-webhook-sender.ts). Locally the
 * receiver is on this machine, so plain http to a loopback address is allowed.
 */
export interface UrlPolicy {
  readonly allowLoopback: boolean;
}

/** True when a resolved address may be called under the policy: global unicast only. */
export function addressAllowed(address: string, policy: UrlPolicy): boolean {
  if (policy.allowLoopback && isLoopback(address)) return true;
  return isGlobalUnicast(address);
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
