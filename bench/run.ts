/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name>...` runs some.
 * Each writes bench/results/<date>-<name>.json and prints a short table.
 */
import { parseCommandLine } from '../bin/cli/command-line';
import { silenceSdkNodeVersionWarning } from '../local/node-version-warning';
import type { TargetCheck } from './harness/benchmark';
import { benchmarkCatalog as all } from './harness/benchmark-catalog';
import { renderTable } from './harness/report-table';
import { resultJson, writeResult } from './harness/results-file';

silenceSdkNodeVersionWarning();

const usage = `usage: npm run bench [-- <benchmark>...]

Runs every benchmark, or the ones named, in this order. Each writes
bench/results/<date>-<name>.json and prints a short table; bench/README.md
explains what they measure.

benchmarks:
${all.map((b) => `  ${b.name.padEnd(10)} ${b.title}`).join('\n')}

environment:
  BENCH_LOAD_REPS   repetitions of load (default 3; 1 for a quick look)
`;

const commandLine = parseCommandLine({
  name: 'bench',
  usage,
  positionals: { min: 0, max: Infinity },
});
const asked = commandLine.positionals;
const unknown = asked.filter((name) => !all.some((b) => b.name === name));
if (unknown.length > 0) commandLine.fail(`unknown benchmark: ${unknown.join(', ')}`);
const selected = asked.length === 0 ? all : all.filter((b) => asked.includes(b.name));

const allTargets: (TargetCheck & { benchmark: string })[] = [];
const started = performance.now();
for (const benchmark of selected) {
  const at = new Date();
  const t0 = performance.now();
  process.stdout.write(`\n== ${benchmark.name}: ${benchmark.title}\n`);
  const outcome = await (await benchmark.load()).run((line) => process.stdout.write(`${line}\n`));
  const file = await writeResult(
    benchmark.name,
    resultJson(benchmark.name, at, { ...outcome.results, targets: outcome.targets }),
  );
  process.stdout.write(`\n${outcome.table}\n\n`);
  for (const written of [file, ...(outcome.files ?? [])])
    process.stdout.write(`  wrote ${written}\n`);
  process.stdout.write(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  allTargets.push(...outcome.targets.map((t) => ({ ...t, benchmark: benchmark.name })));
}

const verdict = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');
process.stdout.write(
  `\n== targets\n${renderTable(
    ['benchmark', 'figure', 'value', 'target', ''],
    allTargets.map((t) => [t.benchmark, t.figure, t.value, t.target, verdict(t.met)]),
  )}\n\nall done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
