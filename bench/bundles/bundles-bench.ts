import { join } from 'node:path';
import { undeclaredNatives } from '../../lib/bundle-imports';
import type { Benchmark, TargetCheck } from '../harness/benchmark';
import { buildBundles, type BuiltBundle } from '../harness/bundle-build';
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

export interface SubjectBundles {
  readonly bundle: BuiltBundle;
  readonly baseline?: BuiltBundle;
}

/**
 * One build of every function, as the stack builds it, and of its bare baseline, in one
 * esbuild run (`buildBundles`: the same bundles as one run each, the shared SDK parsed
 * once): the step the benchmark repeats (test/infra/bench-bundles.test.ts runs it).
 */
export async function buildSubjectBundles(
  subjects: readonly FunctionSubject[],
  outDir: string,
): Promise<Map<FunctionSubject['name'], SubjectBundles>> {
  const entries: Record<string, string> = {};
  for (const subject of subjects) {
    entries[subject.name] = subject.entry;
    if (subject.baseline) entries[`${subject.name}.baseline`] = subject.baseline;
  }
  // The baselines' native packages (resvg, sharp) are left out as the functions' are.
  const nativeModules = [...new Set(subjects.flatMap((subject) => subject.nativeModules))];
  const built = await buildBundles(entries, outDir, { nativeModules });
  return new Map(
    subjects.map((subject) => {
      const bundle = built[subject.name];
      if (!bundle) throw new Error(`no bundle of ${subject.name}`);
      const baseline = built[`${subject.name}.baseline`];
      const undeclared = undeclaredNatives(
        [bundle, ...(baseline ? [baseline] : [])].flatMap((b) => b.externals),
        nativeModules,
        subject.nativeModules,
      );
      if (undeclared.length > 0) {
        throw new Error(
          `${subject.name} imports ${undeclared.join(', ')}, not in its nativeModules`,
        );
      }
      return [subject.name, baseline ? { bundle, baseline } : { bundle }];
    }),
  );
}

/**
 * Minified size of every function's bundle (SDK bundled, lib/bundling.ts
 * options), its five largest contributors, and the same for its bare
 * baseline. Sizes are deterministic: the builds are repeated to show it.
 */
export const bundlesBenchmark: Benchmark = {
  async run(log) {
    const outDir = join(scratchDir, 'bundles');
    const measured: FunctionBundle[] = [];
    const subjects = await functionSubjects();
    const builds: Map<FunctionSubject['name'], SubjectBundles>[] = [];
    for (let build = 0; build < BUILDS; build += 1) {
      builds.push(await buildSubjectBundles(subjects, outDir));
    }
    for (const subject of subjects) {
      const sizes: number[] = [];
      const baselineSizes: number[] = [];
      const ratios: number[] = [];
      let top: Contributor[] = [];
      let baselineTop: Contributor[] = [];
      let mapBytes = 0;
      for (const built of builds) {
        const one = built.get(subject.name);
        if (!one) throw new Error(`no bundle of ${subject.name}`);
        const { bundle, baseline: bare } = one;
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
