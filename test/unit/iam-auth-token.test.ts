import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { elastiCacheIamToken } from '../../functions/adapters/cache/iam-auth-token';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session/token+with=special',
};
const signingDate = new Date('2026-01-02T03:04:05Z');

const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

describe('the ElastiCache IAM auth token', () => {
  it('is a SigV4 presigned connect request for the cache and user, valid 15 minutes', async () => {
    const token = await elastiCacheIamToken({
      cacheName: 'postsapistack-cache-1a2b3c4d',
      userId: 'postsapistack-cache-1a2b3c4d-app',
      region: 'eu-west-1',
      credentials,
      signingDate,
    });
    const [host, query = ''] = token.split('/?');
    expect(host).toBe('postsapistack-cache-1a2b3c4d');
    expect(token).not.toMatch(/^https?:/);
    const params = new URLSearchParams(query);
    expect(Object.fromEntries(params)).toMatchObject({
      Action: 'connect',
      User: 'postsapistack-cache-1a2b3c4d-app',
      ResourceType: 'ServerlessCache',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20260102/eu-west-1/elasticache/aws4_request',
      'X-Amz-Date': '20260102T030405Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Security-Token': credentials.sessionToken,
    });

    // The signature, recomputed here from the SigV4 specification with node:crypto alone.
    const canonicalQuery = [...params]
      .filter(([name]) => name !== 'X-Amz-Signature')
      .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
      .sort()
      .join('&');
    const canonicalRequest = [
      'GET',
      '/',
      canonicalQuery,
      `host:${host}`,
      '',
      'host',
      sha256(''),
    ].join('\n');
    const scope = '20260102/eu-west-1/elasticache/aws4_request';
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      '20260102T030405Z',
      scope,
      sha256(canonicalRequest),
    ].join('\n');
    let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, '20260102');
    for (const part of ['eu-west-1', 'elasticache', 'aws4_request']) key = hmac(key, part);
    expect(params.get('X-Amz-Signature')).toBe(hmac(key, stringToSign).toString('hex'));
  });
});
