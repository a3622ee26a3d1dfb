/**
 * `npm run dlq -- list | redrive <queue> [--aws] [--stack <name>] [--endpoint <url>]`
 *
 * Dead-letter queues of the job queues: their depth, and redrive (messages
 * back to the queue they failed on). Against the local queue service of a
 * running `npm run dev` by default; with `--aws`, against the deployed
 * stack's queues with the usual AWS credentials and region.
 */
import { queueNames, service } from '../lib/description';
import { parseCommandLine } from './cli/command-line';

const usage = `usage: npm run dlq -- list | redrive <queue> [--aws] [--stack <name>] [--endpoint <url>]

Dead-letter queues of the job queues: their depth, and redrive (the DLQ's
messages back to the queue they failed on). Against the local queue service
of a running npm run dev by default (port SQS_PORT, default 9324).

commands:
  list               every job queue and its DLQ: waiting, in flight, dead, last redrive
  redrive <queue>    move the DLQ's messages back; <queue> is one of
                     ${queueNames.join(', ')}

options:
  --aws              the deployed stack's queues, with the usual AWS credentials and region
  --stack <name>     the stack whose queues --aws means (default PostsApiStack)
  --endpoint <url>   the SQS endpoint to call instead
  -h, --help         this help
`;

const commandLine = parseCommandLine({
  name: 'dlq',
  usage,
  options: {
    aws: { type: 'boolean', default: false },
    stack: { type: 'string', default: 'PostsApiStack' },
    endpoint: { type: 'string' },
  },
  positionals: { min: 1, max: 2 },
});
const { values } = commandLine;
const [command, queueArgument] = commandLine.positionals;
if (command === 'list') {
  if (queueArgument !== undefined) commandLine.fail(`list takes no queue (got "${queueArgument}")`);
} else if (command === 'redrive') {
  if (queueArgument === undefined) commandLine.fail('which queue? redrive <queue>');
} else {
  commandLine.fail(`unknown command "${command}"`);
}

const { SQSClient } = await import('@aws-sdk/client-sqs');
const { localCredentials, localRegion } = await import('../local/local-credentials');
const { silenceSdkNodeVersionWarning } = await import('../local/node-version-warning');
const { listQueues, queueFromArgument, redrive } = await import('./dlq-commands');
silenceSdkNodeVersionWarning();

// Queue names: <stack>-<kind>[-dlq] in the cloud, <service>-<kind>[-dlq] locally.
const prefix = values.aws ? values.stack : service.name;
const client = values.aws
  ? new SQSClient(values.endpoint ? { endpoint: values.endpoint } : {})
  : new SQSClient({
      endpoint: values.endpoint ?? `http://localhost:${process.env.SQS_PORT ?? 9324}`,
      region: localRegion,
      credentials: localCredentials,
    });

try {
  if (command === 'list') {
    const rows = await listQueues(client, prefix);
    for (const row of rows) {
      process.stdout.write(
        `${row.queue.padEnd(14)} ${row.name}: ${row.visible} waiting, ${row.inFlight} in flight | ` +
          `${row.deadLetterName}: ${row.deadLetters}` +
          (row.lastRedrive ? ` | last redrive ${row.lastRedrive}` : '') +
          '\n',
      );
    }
  } else if (command === 'redrive') {
    const queue = (() => {
      try {
        return queueFromArgument(queueArgument ?? '');
      } catch (error) {
        return commandLine.fail((error as Error).message);
      }
    })();
    const result = await redrive(client, prefix, queue);
    if (result.status === 'NOTHING_TO_MOVE') {
      process.stdout.write(`${queue}: the dead-letter queue is empty, nothing to redrive\n`);
    } else {
      process.stdout.write(
        `${queue}: redrive ${result.status}, ${result.moved} of ${result.toMove} moved back` +
          (result.failureReason ? ` (${result.failureReason})` : '') +
          '\n',
      );
      if (result.status !== 'COMPLETED') process.exitCode = 1;
    }
  }
} catch (error) {
  const e = error as Error & { code?: string };
  const unreachable = !values.aws && /ECONNREFUSED/.test(`${e.code ?? ''} ${e.message}`);
  process.stderr.write(
    unreachable
      ? 'The local queue service is not running: start `npm run dev` first (or pass --endpoint).\n'
      : `${e.name}: ${e.message}\n`,
  );
  process.exitCode = 1;
} finally {
  client.destroy();
}
