/**
 * `npm run dlq -- list | redrive <queue> [--aws] [--stack <name>] [--endpoint <url>]`
 *
 * Dead-letter queues of the job queues: their depth, and redrive (messages
 * back to the queue they failed on). Against the local queue service of a
 * running `npm run dev` by default; with `--aws`, against the deployed
 * stack's queues with the usual AWS credentials and region.
 */
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { service } from '../lib/description';
import { localCredentials, localRegion } from '../local/local-credentials';
import { silenceSdkNodeVersionWarning } from '../local/node-version-warning';
import { listQueues, queueFromArgument, redrive } from './dlq-commands';

silenceSdkNodeVersionWarning();

const usage = `usage: npm run dlq -- list | redrive <queue> [--aws] [--stack PostsApiStack] [--endpoint URL]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    aws: { type: 'boolean', default: false },
    stack: { type: 'string', default: 'PostsApiStack' },
    endpoint: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const [command, queueArgument] = positionals;
if (values.help || !command) {
  process.stdout.write(`${usage}\n`);
  process.exit(command || values.help ? 0 : 2);
}

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
    if (!queueArgument) throw new Error(`Which queue? ${usage}`);
    const queue = queueFromArgument(queueArgument);
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
  } else {
    throw new Error(`Unknown command "${command}". ${usage}`);
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
