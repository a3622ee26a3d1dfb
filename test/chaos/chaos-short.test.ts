import { expect, it } from 'vitest';
import { runChaos } from '../../bench/chaos/chaos-run';
import { shortRun } from '../../bench/chaos/presets';
import { formatReport } from '../../bench/chaos/report-table';

// npm run chaos -- --short: the local cloud as a child process behind fault proxies, a few
// faults under steady traffic, and the same audit as the full run.
it('loses no accepted write, leaves nothing non-terminal and answers no unexpected 5xx through a few faults', async () => {
  const result = await runChaos({ ...shortRun, keep: false, log: () => undefined });
  const report = formatReport(result);
  expect(result.windows.map((w) => w.name)).toEqual(shortRun.faults);
  // Traffic went through: posts, analyses and webhook callbacks to audit.
  expect(result.totals.posts).toBeGreaterThan(0);
  expect(result.totals.deliveries).toBeGreaterThan(0);
  expect(
    result.checks.filter((c) => !c.ok),
    report,
  ).toEqual([]);
  // About 40 s on an idle machine (a cold start of the local cloud is most of it); the
  // bound only spares a busy machine a timeout instead of the audit's own table.
}, 240_000);
