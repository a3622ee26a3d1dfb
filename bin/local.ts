/**
 * `npm run dev`: the whole API on this machine, nothing else to start.
 * State lives in `.local/` (git-ignored), so a restart loses nothing.
 */
import { parseCommandLine } from './cli/command-line';
import { devSettings, devVariablesHelp } from './dev-settings';

const usage = `usage: npm run dev [-- --help]

Starts the local cloud: the API, DynamoDB, S3, SQS, the workers and a
dashboard, all on this machine. Takes no arguments; it reads these
environment variables (name, default, meaning):

${devVariablesHelp()}
`;

const commandLine = parseCommandLine({ name: 'dev', usage });
const settings = (() => {
  try {
    return devSettings(process.env);
  } catch (error) {
    return commandLine.fail((error as Error).message);
  }
})();

// A taken port or a data folder in use: one line naming it, and nothing started.
const { preflight, lockDataDir } = await import('./dev-preflight');
const refuse = (reason: string): never => {
  process.stderr.write(`dev: ${reason}\n`);
  process.exit(1);
};
const refusal = await preflight(settings);
if (refusal) refuse(refusal);
const lock = await lockDataDir(settings.dataDir);
if ('refused' in lock) refuse(lock.refused);
const { release } = lock as { release: () => Promise<void> };

// Only now the local cloud: --help and bad settings neither load nor start anything.
const { silenceSdkNodeVersionWarning } = await import('../local/node-version-warning');
silenceSdkNodeVersionWarning();
const { startLocalCloud } = await import('../local/local-cloud');
const { queueNames } = await import('../lib/description');
const { retryBackoff } = settings;

// A service that cannot start (a port taken since the check): one line naming its step.
const cloud = await startLocalCloud({
  port: settings.port,
  dynamodbPort: settings.dynamodbPort,
  s3Port: settings.s3Port,
  sqsPort: settings.sqsPort,
  dataDir: settings.dataDir,
  watch: settings.watch,
  cacheUrl: settings.cacheUrl,
  partnerApiUrl: settings.partnerApiUrl,
  partnerPort: settings.partnerPort,
  logFormat: settings.logFormat,
  color: settings.color && process.stdout.isTTY === true,
  // Dashboard points and alarm periods divided by this (docs/operations.md, local time compression).
  timeScale: settings.timeScale,
  clientEndpoints: settings.clientEndpoints,
  niceWorkers: settings.niceWorkers,
  niceScaleOut: settings.niceWorkers,
  queues: retryBackoff && Object.fromEntries(queueNames.map((queue) => [queue, { retryBackoff }])),
}).catch(async (error: unknown) => {
  await release();
  return refuse((error as Error).message);
});
if (settings.faults) {
  const { killRunningWorkerOnSignal } = await import('../local/fault-signal');
  killRunningWorkerOnSignal(cloud.pools, (line) => process.stdout.write(`${line}\n`));
}

// Writes need a signed-in user; this one is ready to paste (npm run -s token -- <user> for others).
const demoUser = 'demo';
const demoToken = await cloud.issuer.token(demoUser);

process.stdout.write(
  [
    '',
    `  posts-api is running locally`,
    `  API        ${cloud.url}   (also under /v1, as deployed)`,
    `  DynamoDB   ${cloud.dynamodbEndpoint}   (table "${cloud.tableName}")`,
    `  S3         ${cloud.s3Endpoint}   (bucket "${cloud.mediaBucket}", path-style)`,
    `  Cache      ${cloud.cacheUrl.startsWith('memory:') ? 'in-process (set CACHE_URL=redis://… for a real server)' : cloud.cacheUrl}`,
    `  Partner    ${cloud.partnerApiUrl}` +
      (cloud.partner ? `   (sample; curl -X PUT ${cloud.partner.controlUrl} -d failing)` : ''),
    `  SQS        ${cloud.sqs.url}   (${Object.values(cloud.sqs.queues)
      .map((q) => q.name)
      .join(', ')}, each with a -dlq)`,
    `  Dashboard  ${cloud.dashboardUrl}` +
      (cloud.dashboard.timeScale > 1 ? `   (time compressed ×${cloud.dashboard.timeScale})` : ''),
    `  Try        curl -s ${cloud.url}/posts`,
    '',
    `  A token for user "${demoUser}" (writes need one; TOKEN=$(npm run -s token -- <user>) for another):`,
    '',
    `  export TOKEN=${demoToken}`,
    '',
    `  curl -s -X POST ${cloud.url}/posts -H "Authorization: Bearer $TOKEN" \\`,
    `    -H 'content-type: application/json' -d '{"content":"Hello","post_type":"news"}'`,
    '',
    `  Logs       one line per event; LOG_FORMAT=json prints them exactly as written`,
    '  Ctrl-C to stop.',
    '',
    '',
  ].join('\n'),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping...\n');
  await cloud.close();
  await release();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
