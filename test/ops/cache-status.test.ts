import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheStatus } from '../../bin/ops/cache-status';

/**
 * `npm run ops -- cache-status` with the real ElastiCache client against a
 * loopback server answering the ElastiCache query API as AWS documents it.
 */
const cache = (name: string, status: string) => `
      <member>
        <ServerlessCacheName>${name}</ServerlessCacheName>
        <Description>posts-api: cache-aside for posts</Description>
        <CreateTime>2026-01-02T03:04:05.000Z</CreateTime>
        <Status>${status}</Status>
        <Engine>valkey</Engine>
        <MajorEngineVersion>8</MajorEngineVersion>
        <FullEngineVersion>8.0</FullEngineVersion>
        <CacheUsageLimits>
          <DataStorage><Maximum>1</Maximum><Unit>GB</Unit></DataStorage>
          <ECPUPerSecond><Maximum>5000</Maximum></ECPUPerSecond>
        </CacheUsageLimits>
        <SecurityGroupIds><SecurityGroupId>sg-0123</SecurityGroupId></SecurityGroupIds>
        <Endpoint><Address>${name}-abc.serverless.euw1.cache.amazonaws.com</Address><Port>6379</Port></Endpoint>
        <ReaderEndpoint><Address>${name}-abc.serverless.euw1.cache.amazonaws.com</Address><Port>6380</Port></ReaderEndpoint>
        <ARN>arn:aws:elasticache:eu-west-1:111122223333:serverlesscache:${name}</ARN>
        <UserGroupId>${name}-users</UserGroupId>
        <SubnetIds><SubnetId>subnet-a</SubnetId><SubnetId>subnet-b</SubnetId></SubnetIds>
      </member>`;

const requests: URLSearchParams[] = [];
let server: Server;
let client: ElastiCacheClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      requests.push(params);
      const name = params.get('ServerlessCacheName');
      if (name === 'missing') {
        res.writeHead(404, { 'content-type': 'text/xml' }).end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>ServerlessCacheNotFoundFault</Code>
           <Message>Serverless cache missing not found</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
        );
        return;
      }
      const members = name
        ? cache(name, 'available')
        : cache('one', 'available') + cache('two', 'creating');
      res.writeHead(200, { 'content-type': 'text/xml' }).end(
        `<DescribeServerlessCachesResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">
           <DescribeServerlessCachesResult><ServerlessCaches>${members}</ServerlessCaches></DescribeServerlessCachesResult>
           <ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata>
         </DescribeServerlessCachesResponse>`,
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  client = new ElastiCacheClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

async function run(name?: string) {
  const lines: string[] = [];
  const code = await cacheStatus(client, name, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

describe('npm run ops -- cache-status', () => {
  it('describes the named cache: status, endpoint, engine, limits, network', async () => {
    const { code, text } = await run('postsapistack-cache-1a2b');
    expect(requests.at(-1)?.get('Action')).toBe('DescribeServerlessCaches');
    expect(requests.at(-1)?.get('ServerlessCacheName')).toBe('postsapistack-cache-1a2b');
    expect(code).toBe(0);
    expect(text).toContain('postsapistack-cache-1a2b  available');
    expect(text).toContain(
      'endpoint    postsapistack-cache-1a2b-abc.serverless.euw1.cache.amazonaws.com:6379 (TLS)',
    );
    expect(text).toContain('valkey 8.0');
    expect(text).toContain('storage ≤ 1 GB, ≤ 5000 ECPU/s');
    expect(text).toContain('subnets subnet-a, subnet-b; security groups sg-0123');
    expect(text).toContain('at rest     AWS owned key');
  });

  it('lists every cache without a name, and fails while one is not available', async () => {
    const { code, text } = await run();
    expect(requests.at(-1)?.has('ServerlessCacheName')).toBe(false);
    expect(text).toMatch(/one {2}available[\s\S]*two {2}creating/);
    expect(code).toBe(1);
  });

  it('says so when the cache does not exist', async () => {
    const { code, text } = await run('missing');
    expect(code).toBe(1);
    expect(text).toMatch(/No serverless cache is named missing/);
  });
});
