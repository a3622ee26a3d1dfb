/**
 * `npm run smoke -- <base-url>`: the README's flows end to end against a running API
 * (`npm run dev`, or a deployed stage with a Cognito ID token), one line per step with
 * its status and time; exit 1 when any step fails. See smoke/smoke-run.ts.
 */
import { parseCommandLine } from './cli/command-line';

const usage = `usage: npm run smoke -- <base-url> [--token <id token>] [--webhook-url <url>] [--receiver-port <port>] [--wait <seconds>]

Runs the README's flows against the API at <base-url> (http://localhost:3000 for
npm run dev; a deployed stage's ApiUrl, ending in /v1): health, create with an
Idempotency-Key and its replay, get, list through a cursor, cache headers, text
analysis to a succeeded job, a webhook and its signed callback, an image through
the presigned POST, stats, partner data, delete. One line per step (ok, FAIL or
skip, the HTTP status, the time); it deletes the posts and webhooks it created.
Exit 0 when no step failed, 1 otherwise. A first Ctrl-C skips the steps left and
still deletes what the run made (exit 130); a second one quits at once.

options:
  --token <id token>      the bearer token to sign in with (or SMOKE_TOKEN): a Cognito ID
                          token for a deployed stage (docs/auth.md). Against a local
                          cloud it mints one for a fresh user as npm run token does
                          (the key in LOCAL_DATA_DIR, default .local).
  --webhook-url <url>     a public https URL that forwards to the smoke's webhook receiver
                          (on --receiver-port): a deployed stage cannot call this machine,
                          so without it the webhook steps are skipped there
  --receiver-port <port>  the receiver's port (default: any free one)
  --wait <seconds>        the longest wait for a job, a callback or an image (default 60)
  -h, --help              this help
`;

const commandLine = parseCommandLine({
  name: 'smoke',
  usage,
  options: {
    token: { type: 'string' },
    'webhook-url': { type: 'string' },
    'receiver-port': { type: 'string' },
    wait: { type: 'string', default: '60' },
  },
  positionals: { min: 1, max: 1 },
});
const { values } = commandLine;
const baseUrl = commandLine.positionals[0] ?? '';
if (!/^https?:\/\/[^/]/.test(baseUrl) || !URL.canParse(baseUrl)) {
  commandLine.fail(`not an http(s) URL: ${baseUrl}`);
}
const waitSeconds = Number(values.wait);
if (!(waitSeconds > 0)) commandLine.fail(`--wait takes seconds, not "${values.wait}"`);
const receiverPort = values['receiver-port'] === undefined ? 0 : Number(values['receiver-port']);
if (!Number.isInteger(receiverPort) || receiverPort < 0 || receiverPort > 65_535) {
  commandLine.fail(`--receiver-port takes a port, not "${values['receiver-port']}"`);
}

// The first Ctrl-C stops the steps and still deletes what the run made; a second one quits.
const interruption = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('smoke: interrupted; deleting what it created (Ctrl-C again to quit)\n');
  interruption.abort();
  process.once('SIGINT', () => process.exit(130));
});

const { runSmoke } = await import('../smoke/smoke-run');
const { smokeUser } = await import('../smoke/smoke-user');
try {
  const user = await smokeUser(baseUrl, values.token ?? process.env.SMOKE_TOKEN);
  const { failed, lines } = await runSmoke({
    baseUrl,
    user,
    webhookUrl: values['webhook-url'],
    receiverPort,
    waitMs: waitSeconds * 1000,
    write: (text) => process.stdout.write(text),
    interrupted: interruption.signal,
  });
  process.stdout.write(
    failed
      ? `smoke: ${failed} of ${lines.length} steps failed\n`
      : `smoke: ${lines.length} steps, none failed\n`,
  );
  // The usual cause with a second `npm run dev`: the smoke signed with another folder's key.
  if (user.keyFolder && lines.some((line) => line.status === 401)) {
    process.stderr.write(
      `smoke: the API refused the token minted with the key in ${user.keyFolder} (401); ` +
        'a local cloud signs with the key in its own LOCAL_DATA_DIR: run the smoke with the ' +
        'same LOCAL_DATA_DIR as that `npm run dev`, or pass its token (--token)\n',
    );
  }
  process.exitCode = interruption.signal.aborted ? 130 : failed ? 1 : 0;
} catch (error) {
  process.stderr.write(`smoke: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
