import { describe, expect, it } from 'vitest';
import { addressAllowed, webhookUrlProblem } from '../../functions/domain/webhook-url';

const cloud = { allowLoopback: false };
const local = { allowLoopback: true };

describe('webhook URLs', () => {
  it('accepts https to a public host in the cloud', () => {
    expect(webhookUrlProblem('https://hooks.example.com/posts', cloud)).toBeUndefined();
    expect(webhookUrlProblem('https://93.184.215.14:8443/x', cloud)).toBeUndefined();
  });

  it.each([
    ['http://hooks.example.com/', 'use https'],
    ['ftp://hooks.example.com/', 'use https'],
    ['https://localhost/hook', 'localhost'],
    ['https://api.localhost/hook', 'localhost'],
    ['https://127.0.0.1/hook', 'internal'],
    ['https://10.1.2.3/hook', 'internal'],
    ['https://172.20.0.1/hook', 'internal'],
    ['https://192.168.1.1/hook', 'internal'],
    ['https://169.254.169.254/latest/meta-data', 'internal'],
    ['https://100.64.0.1/', 'internal'],
    ['https://0.0.0.0/', 'internal'],
    ['https://[::1]/hook', 'internal'],
    ['https://[fd00::1]/hook', 'internal'],
    ['https://[fe80::1]/hook', 'internal'],
    ['https://[::ffff:127.0.0.1]/hook', 'internal'],
    // WHATWG URL parsing turns these spellings into 127.0.0.1.
    ['https://2130706433/', 'internal'],
    ['https://0x7f.1/', 'internal'],
    ['https://user:pass@hooks.example.com/', 'credentials'],
    ['not a url', 'absolute'],
  ])('refuses %s in the cloud', (url, reason) => {
    expect(webhookUrlProblem(url, cloud)).toContain(reason);
  });

  it('allows plain http to loopback only in the local runtime', () => {
    for (const url of [
      'http://127.0.0.1:4000/hook',
      'http://localhost:4000/',
      'http://[::1]:80/',
    ]) {
      expect(webhookUrlProblem(url, local), url).toBeUndefined();
    }
    expect(webhookUrlProblem('http://hooks.example.com/', local)).toContain('https');
    expect(webhookUrlProblem('https://10.0.0.1/', local)).toContain('internal');
  });

  it('checks resolved addresses the same way', () => {
    expect(addressAllowed('93.184.215.14', cloud)).toBe(true);
    expect(addressAllowed('127.0.0.1', cloud)).toBe(false);
    expect(addressAllowed('127.0.0.1', local)).toBe(true);
    expect(addressAllowed('::ffff:10.0.0.1', local)).toBe(false);
    expect(addressAllowed('2606:2800:220:1::1', cloud)).toBe(true);
    expect(addressAllowed('not-an-ip', local)).toBe(false);
  });

  // One address of every special-purpose block and every form that embeds an IPv4 address.
  it.each([
    ['0.1.2.3', '"this network"'],
    ['10.0.0.1', 'private'],
    ['100.100.0.1', 'shared (CGNAT)'],
    ['127.0.0.53', 'loopback'],
    ['169.254.169.254', 'link-local (metadata)'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.10', 'TEST-NET-1'],
    ['192.31.196.1', 'AS112'],
    ['192.52.193.1', 'AMT'],
    ['192.88.99.1', '6to4 relay anycast'],
    ['192.168.0.1', 'private'],
    ['192.175.48.1', 'AS112 direct delegation'],
    ['198.19.0.1', 'benchmarking'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.9', 'TEST-NET-3'],
    ['224.0.0.251', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'limited broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::7f00:1', 'IPv4-compatible 127.0.0.1'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata'],
    ['::ffff:0:7f00:1', 'IPv4-translated'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
    ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
    ['64:ff9b:1::1', 'NAT64 local-use'],
    ['100::1', 'discard-only'],
    ['2001::1', 'Teredo'],
    ['2001:2::1', 'benchmarking'],
    ['2001:20::1', 'ORCHIDv2'],
    ['2001:db8::1', 'documentation'],
    ['2002:7f00:1::', '6to4 of 127.0.0.1'],
    ['2002:5db8:d70e::1', '6to4 of a public address'],
    ['2620:4f:8000::1', 'AS112 direct delegation'],
    ['3fff::1', 'documentation (2024)'],
    ['5f00::1', 'SRv6 SIDs'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['fec0::1', 'site-local (deprecated)'],
    ['ff02::1', 'multicast'],
  ])('refuses %s (%s), as a resolved address and as a URL', (address, _what) => {
    expect(addressAllowed(address, cloud)).toBe(false);
    expect(addressAllowed(address, local)).toBe(/^(127\.|::1$|::ffff:(127\.|7f))/.test(address));
    if (!address.includes('%')) {
      const host = address.includes(':') ? `[${address}]` : address;
      expect(webhookUrlProblem(`https://${host}/hook`, cloud)).toContain('internal');
    }
  });

  it.each([
    ['93.184.215.14', 'public IPv4'],
    ['8.8.8.8', 'public IPv4'],
    ['::ffff:93.184.215.14', 'IPv4-mapped public'],
    ['64:ff9b::5db8:d70e', 'NAT64 of a public address'],
    ['2606:4700::6810:84e5', 'public IPv6'],
    ['2a00:1450:4001:82b::200e', 'public IPv6'],
  ])('accepts %s (%s)', (address) => {
    expect(addressAllowed(address, cloud)).toBe(true);
  });
});
