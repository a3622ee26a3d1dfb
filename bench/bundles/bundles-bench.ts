import { join } from 'node:path';
import type { Benchmark, TargetCheck } from '../harness/benchmark';
import { buildBundle, type BuiltBundle } from '../harness/bundle-build';
import { contributors, type Contributor } from '../harness/contributors';
import { functionSubjects, type FunctionSubject } from '../harness/function-subjects';
import { renderTable } from '../harness/report-table';
import { scratchDir } from '../harness/results-file';
import { summarize, type Summary } from '../harness/summary';

const BUILDS = 3;
const KB = 1024;
/**
 * Issue 18's budgets: every bundle at most 1.2 x its bare baseline, and every API function
 * without the cache client under 300 KB, the SDK bundled.
 */
const API_BUDGET_BYTES = 300 * KB;
const MAX_RATIO = 1.2;

interface FunctionBundle {
  readonly name: string;
  readonly api: boolean;
  readonly cache: boolean;
  readonly bytes: Summary;
  readonly mapBytes: number;
  readonly top: readonly Contributor[];
  readonly baseline?: {
    readonly entry: string;
    readonly bytes: Summary;
    readonly top: readonly Contributor[];
  };
  readonly ratio?: Summary;
}

/**
 * One build of a function, as the stack builds it, and of its bare baseline:
 * the step the benchmark repeats (test/infra/bench-bundles.test.ts runs it
 * for every function).
 */
export async function buildSubjectBundles(
  subject: FunctionSubject,
  outDir: string,
): Promise<{ readonly bundle: BuiltBundle; readonly baseline?: BuiltBundle }> {
  const bundle = await buildBundle(subject.entry, join(outDir, `${subject.name}.mjs`), subject);
  if (!subject.baseline) return { bundle };
  const baseline = await buildBundle(
    subject.baseline,
    join(outDir, `${subject.name}.baseline.mjs`),
    // Its native packages (resvg, sharp) are left out as the function's are.
    subject,
  );
  return { bundle, baseline };
}

/**
 * Minified size of every function's bundle (SDK bundled, lib/bundling.ts
 * options), its five largest contributors, and the same for its bare
 * baseline. Sizes are deterministic: the builds are repeated to show it.
 */
export const bundlesBenchmark: Benchmark = {
  name: 'bundles',
  title: 'Bundle size (minified, SDK bundled)',
  async run(log) {
    const outDir = join(scratchDir, 'bundles');
    const measured: FunctionBundle[] = [];
    for (const subject of await functionSubjects()) {
      const sizes: number[] = [];
      const baselineSizes: number[] = [];
      const ratios: number[] = [];
      let top: Contributor[] = [];
      let baselineTop: Contributor[] = [];
      let mapBytes = 0;
      for (let build = 0; build < BUILDS; build += 1) {
        const { bundle, baseline: bare } = await buildSubjectBundles(subject, outDir);
        sizes.push(bundle.bytes);
        mapBytes = bundle.mapBytes;
        top = contributors(bundle.inputs).slice(0, 5);
        if (bare) {
          baselineSizes.push(bare.bytes);
          baselineTop = contributors(bare.inputs).slice(0, 5);
          ratios.push(bundle.bytes / bare.bytes);
        }
      }
      log(`  ${subject.name}: ${((sizes[0] ?? 0) / KB).toFixed(1)} KB`);
      measured.push({
        name: subject.name,
        api: subject.api,
        cache: subject.cache,
        bytes: summarize(sizes),
        mapBytes,
        top,
        ...(subject.baseline
          ? {
              baseline: {
                entry: subject.baseline,
                bytes: summarize(baselineSizes),
                top: baselineTop,
              },
              ratio: summarize(ratios),
            }
          : {}),
      });
    }

    const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
    const targets: TargetCheck[] = measured.flatMap((f) => [
      ...(f.api && !f.cache
        ? [
            {
              figure: `${f.name} bundle`,
              value: kb(f.bytes.median),
              target: `< ${kb(API_BUDGET_BYTES)}`,
              met: f.bytes.median < API_BUDGET_BYTES,
            },
          ]
        : []),
      {
        figure: `${f.name} bundle / bare baseline`,
        value: f.ratio ? `${f.ratio.median.toFixed(2)}x` : 'no baseline',
        target: `<= ${MAX_RATIO}x`,
        met: f.ratio ? f.ratio.median <= MAX_RATIO : null,
      },
    ]);
    const table = renderTable(
      ['function', 'bundle', 'baseline', 'ratio', 'largest contributors'],
      measured.map((f) => [
        f.name,
        kb(f.bytes.median),
        f.baseline ? kb(f.baseline.bytes.median) : '-',
        f.ratio ? `${f.ratio.median.toFixed(2)}x` : '-',
        f.top
          .slice(0, 3)
          .map((c) => `${c.name} ${kb(c.bytes)}`)
          .join(', '),
      ]),
    );
    return {
      results: {
        unit: 'bytes (KB = 1024 bytes in the tables)',
        builds: BUILDS,
        budgets: { apiBundleBytes: API_BUDGET_BYTES, maxRatioToBaseline: MAX_RATIO },
        functions: measured,
      },
      table,
      targets,
    };
  },
};
