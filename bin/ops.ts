/**
 * `npm run ops -- <command>`: operations against the deployed stack, with
 * the usual AWS credentials and region (AWS_PROFILE, AWS_REGION, …).
 *
 *   cache-status [name]   the serverless cache (the CacheName output), or every one
 */
import { parseCommandLine } from './cli/command-line';

const usage = `usage: npm run ops -- <command>

Operations against the deployed stack, with the usual AWS credentials and
region (AWS_PROFILE, AWS_REGION, ...).

commands:
  cache-status [name]   the serverless cache (the CacheName output), or every one;
                        exit 1 unless each one shown is available
                        (AWS_ENDPOINT_URL_ELASTICACHE overrides the endpoint)
`;

const commandLine = parseCommandLine({ name: 'ops', usage, positionals: { min: 1, max: 2 } });
const [command, ...args] = commandLine.positionals;
if (command !== 'cache-status') commandLine.fail(`unknown command "${command}"`);

const print = (line: string) => process.stdout.write(`${line}\n`);
try {
  const { silenceSdkNodeVersionWarning } = await import('../local/node-version-warning');
  silenceSdkNodeVersionWarning();
  const { ElastiCacheClient } = await import('@aws-sdk/client-elasticache');
  const { cacheStatus } = await import('./ops/cache-status');
  const client = new ElastiCacheClient({
    endpoint: process.env.AWS_ENDPOINT_URL_ELASTICACHE || undefined,
  });
  process.exitCode = await cacheStatus(client, args[0], print);
} catch (error) {
  process.stderr.write(`ops: ${(error as Error).name}: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
