/**
 * `npm run dev`: the whole API on this machine, nothing else to start.
 * State lives in `.local/` (git-ignored), so a restart loses nothing.
 */
import { startLocalCloud } from '../local/local-cloud';
import { silenceSdkNodeVersionWarning } from '../local/node-version-warning';

silenceSdkNodeVersionWarning();

const port = Number(process.env.PORT ?? 3000);
const dynamodbPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const s3Port = Number(process.env.S3_PORT ?? 4569);
const sqsPort = Number(process.env.SQS_PORT ?? 9324);

const cloud = await startLocalCloud({
  port,
  dynamodbPort,
  s3Port,
  sqsPort,
  dataDir: process.env.LOCAL_DATA_DIR ?? '.local',
  watch: process.env.WATCH !== '0',
  cacheUrl: process.env.CACHE_URL,
  partnerApiUrl: process.env.PARTNER_API_URL,
  partnerPort: Number(process.env.PARTNER_PORT ?? 0),
  // Dashboard points and alarm periods divided by this (docs/operations.md, local time compression).
  timeScale: Number(process.env.LOCAL_TIME_SCALE ?? 1),
});

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
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
