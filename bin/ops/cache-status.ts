import {
  DescribeServerlessCachesCommand,
  type ElastiCacheClient,
  type ServerlessCache,
} from '@aws-sdk/client-elasticache';

/**
 * `npm run ops -- cache-status [name]`: the deployed serverless cache as
 * ElastiCache describes it (status, endpoint, engine, limits, network). Off
 * the request path on purpose: the functions never call the ElastiCache API
 * (they sit in a VPC with no route to it). Exit 0 when every cache shown is
 * available, 1 otherwise.
 */
export async function cacheStatus(
  client: ElastiCacheClient,
  name: string | undefined,
  print: (line: string) => void,
): Promise<number> {
  let caches: ServerlessCache[];
  try {
    const answer = await client.send(
      new DescribeServerlessCachesCommand(name ? { ServerlessCacheName: name } : {}),
    );
    caches = answer.ServerlessCaches ?? [];
  } catch (error) {
    if ((error as Error).name === 'ServerlessCacheNotFoundFault') {
      print(`No serverless cache is named ${name ?? '(none given)'} in this account and region.`);
      return 1;
    }
    throw error;
  }
  if (caches.length === 0) {
    print('No serverless caches in this account and region (deployed with -c cache=off?).');
    return 1;
  }
  for (const cache of caches) for (const line of describe(cache)) print(line);
  return caches.every((c) => c.Status === 'available') ? 0 : 1;
}

export function describe(cache: ServerlessCache): string[] {
  const limits = cache.CacheUsageLimits;
  const endpoint = (e: ServerlessCache['Endpoint']) => (e ? `${e.Address}:${e.Port}` : '-');
  return [
    `${cache.ServerlessCacheName ?? '?'}  ${cache.Status ?? '?'}`,
    `  engine      ${cache.Engine ?? '?'} ${cache.FullEngineVersion ?? cache.MajorEngineVersion ?? ''}`,
    `  endpoint    ${endpoint(cache.Endpoint)} (TLS)   reader ${endpoint(cache.ReaderEndpoint)}`,
    `  limits      storage ≤ ${limits?.DataStorage?.Maximum ?? '-'} ${limits?.DataStorage?.Unit ?? ''}, ` +
      `≤ ${limits?.ECPUPerSecond?.Maximum ?? '-'} ECPU/s`,
    `  at rest     ${cache.KmsKeyId ? `KMS key ${cache.KmsKeyId}` : 'AWS owned key'}`,
    `  user group  ${cache.UserGroupId ?? '-'}`,
    `  network     subnets ${(cache.SubnetIds ?? []).join(', ') || '-'}; ` +
      `security groups ${(cache.SecurityGroupIds ?? []).join(', ') || '-'}`,
    `  created     ${cache.CreateTime?.toISOString() ?? '-'}`,
  ];
}
