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
});
