/**
 * `npm run ops -- <command>`: operations against the deployed stack, with
 * the usual AWS credentials and region (AWS_PROFILE, AWS_REGION, …).
 *
 *   cache-status [name]   the serverless cache (the CacheName output), or every one
 */
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { silenceSdkNodeVersionWarning } from '../local/node-version-warning';
import { cacheStatus } from './ops/cache-status';

silenceSdkNodeVersionWarning();
const [command, ...args] = process.argv.slice(2);
const print = (line: string) => process.stdout.write(`${line}\n`);

try {
  if (command === 'cache-status' && args.length <= 1) {
    const client = new ElastiCacheClient({
      endpoint: process.env.AWS_ENDPOINT_URL_ELASTICACHE || undefined,
    });
    process.exitCode = await cacheStatus(client, args[0], print);
  } else {
    process.stderr.write('usage: npm run ops -- cache-status [cache name]\n');
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`ops: ${(error as Error).name}: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
