/**
 * `npm run chaos`: the fault-injection run (bench/chaos/). Loopback only, bounded, and it
 * stops by itself; exit 0 when the audit passes, 1 when it does not.
 */
import { parseCommandLine } from './cli/command-line';
import { faultNames, type FaultName } from '../bench/chaos/faults';
import { fullRun, shortRun } from '../bench/chaos/presets';

const usage = `usage: npm run chaos [-- options]

Starts the local cloud (npm run dev) as a child process on free ports and a
temporary LOCAL_DATA_DIR, sends steady traffic from several users (creates
with Idempotency-Key, reads, analyses, uploads, webhook deliveries to a local
de-duplicating receiver) while it injects faults one after another, then
audits what was accepted and prints the table (docs/reliability.md).
Everything stays on 127.0.0.1; it stops by itself (about 4 minutes, more if
the audit waits for stragglers). Exit 0 when the audit passes, 1 when not.

  --short            the version npm test runs: ${shortRun.faults.join(', ')}
  --faults a,b,...   which faults, in order (default all): ${faultNames.join(', ')}
  --hold <seconds>   how long each fault lasts (default ${fullRun.holdMs / 1000})
  --gap <seconds>    plain traffic before and after each fault (default ${fullRun.gapMs / 1000})
  --settle <seconds> how long after the last fault everything must be terminal (default ${fullRun.settleBoundMs / 1000})
  --users <n>        users sending (default ${fullRun.users}; each has a per-user limit)
  --keep             keep the data folder and the local cloud's log
`;

const { values, fail } = parseCommandLine({
  name: 'chaos',
  usage,
  options: {
    short: { type: 'boolean' },
    faults: { type: 'string' },
    hold: { type: 'string' },
    gap: { type: 'string' },
    settle: { type: 'string' },
    users: { type: 'string' },
    keep: { type: 'boolean' },
  },
});

const preset = values.short ? shortRun : fullRun;
const seconds = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0 && value <= 3600))
    fail(`--${name} ${text} is not a number of seconds (0 to 3600)`);
  return value * 1000;
};
const faults = (values.faults?.split(',') ?? preset.faults).map((name) =>
  (faultNames as readonly string[]).includes(name)
    ? (name as FaultName)
    : fail(`unknown fault ${name} (one of ${faultNames.join(', ')})`),
);
const users = values.users === undefined ? preset.users : Number(values.users);
if (!(Number.isInteger(users) && users >= 1 && users <= 50))
  fail(`--users ${values.users} is not 1 to 50`);

const { runChaos } = await import('../bench/chaos/chaos-run');
const { formatReport } = await import('../bench/chaos/report-table');
const { silenceSdkNodeVersionWarning } = await import('../local/node-version-warning');
silenceSdkNodeVersionWarning();
const result = await runChaos({
  ...preset,
  faults,
  users,
  holdMs: seconds('hold', values.hold, preset.holdMs),
  gapMs: seconds('gap', values.gap, preset.gapMs),
  settleBoundMs: seconds('settle', values.settle, preset.settleBoundMs),
  keep: values.keep === true,
  log: (line) => process.stderr.write(`chaos: ${line}\n`),
});
process.stdout.write(`${formatReport(result)}\n`);
if (values.keep) process.stdout.write(`data and log kept in ${result.dataDir}\n`);
process.exit(result.ok ? 0 : 1);
