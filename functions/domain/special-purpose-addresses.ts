import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether an IP address is global unicast: reachable on the public internet
 * and nothing else. Every block of the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries is refused (private, shared, loopback, link-local,
 * documentation, benchmarking, protocol assignments, multicast, reserved),
 * and IPv6 must lie in 2000::/3, the global unicast space.
 *
 * The forms that carry an IPv4 address inside an IPv6 one are judged by the
 * IPv4 address they reach: IPv4-mapped (::ffff:a.b.c.d) and the NAT64
 * well-known prefix (64:ff9b::/96). The deprecated forms (IPv4-compatible
 * ::/96, IPv4-translated ::ffff:0:0:0/96, 6to4 2002::/16, Teredo, site-local
 * fec0::/10) are refused outright: nothing legitimate needs them for a webhook.
 */
export function isGlobalUnicast(address: string): boolean {
  if (isIPv4(address)) return ipv4Global(ipv4Number(address));
  if (!isIPv6(address) || address.includes('%')) return false;
  const value = ipv6Number(address);
  if (value === undefined) return false;
  const embedded = embeddedIpv4(value);
  if (embedded !== undefined) return ipv4Global(embedded);
  return inV6(value, GLOBAL_UNICAST) && !ipv6Blocks.some((block) => inV6(value, block));
}

/** True for 127.0.0.0/8 and ::1 (and ::ffff:127.x.y.z): this machine. */
export function isLoopback(address: string): boolean {
  if (isIPv4(address)) return ipv4Number(address) >>> 24 === 127;
  if (!isIPv6(address)) return false;
  const value = ipv6Number(address);
  if (value === undefined) return false;
  if (value === 1n) return true;
  const embedded = inV6(value, MAPPED) ? Number(value & 0xffffffffn) : undefined;
  return embedded !== undefined && embedded >>> 24 === 127;
}

type V4Block = readonly [network: string, prefix: number];
type V6Block = { readonly network: bigint; readonly prefix: number };

/** IANA IPv4 Special-Purpose Address Registry, with multicast and the reserved class E. */
const ipv4Registry: readonly V4Block[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (the instance metadata service)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.31.196.0', 24], // AS112-v4
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['192.175.48.0', 24], // direct delegation AS112
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the limited broadcast 255.255.255.255
];
const ipv4Blocks = ipv4Registry.map(([network, prefix]) => ({
  network: ipv4Number(network),
  mask: prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0,
}));

function ipv4Global(value: number): boolean {
  return !ipv4Blocks.some(({ network, mask }) => (value & mask) >>> 0 === network);
}

const v6 = (text: string, prefix: number): V6Block => ({
  network: ipv6Number(text) ?? 0n,
  prefix,
});
const GLOBAL_UNICAST = v6('2000::', 3);
const MAPPED = v6('::ffff:0:0', 96);
const NAT64 = v6('64:ff9b::', 96);

/** IANA IPv6 Special-Purpose Address Registry entries inside 2000::/3. */
const ipv6Blocks: readonly V6Block[] = [
  v6('2001::', 23), // IETF protocol assignments: Teredo, benchmarking, ORCHID, AMT, AS112
  v6('2001:db8::', 32), // documentation
  v6('2002::', 16), // 6to4: it reaches whatever IPv4 address it embeds
  v6('2620:4f:8000::', 48), // direct delegation AS112
  v6('3fff::', 20), // documentation
];

/** The IPv4 address an IPv4-mapped or NAT64 (well-known prefix) address reaches. */
function embeddedIpv4(value: bigint): number | undefined {
  if (inV6(value, MAPPED) || inV6(value, NAT64)) return Number(value & 0xffffffffn);
  return undefined;
}

function inV6(value: bigint, block: V6Block): boolean {
  const shift = BigInt(128 - block.prefix);
  return value >> shift === block.network >> shift;
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
}

/** A valid IPv6 address (as `isIPv6` accepts it) as one 128-bit number. */
function ipv6Number(address: string): bigint | undefined {
  let text = address.toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4) is the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (quad) {
    const n = ipv4Number(quad);
    text = `${text.slice(0, -quad.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  return groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n);
}
