import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildSubjectBundles } from '../../bench/bundles/bundles-bench';
import { functionSubjects } from '../../bench/harness/function-subjects';
import { functions } from '../../lib/description';

/** The default credential chain's SSO and STS clients: never used in Lambda (see lib/bundling.ts). */
const defaultChain = /node_modules\/@aws-sdk\/(nested-clients|credential-provider-sso)\//;

// `npm run bench -- bundles` builds each function this way; a function that does not bundle
// here (a native binding esbuild cannot load) stops the whole benchmark.
describe('the bundles benchmark', () => {
  it('builds every function and its baseline as the stack does, native packages left out, without the default credential chain', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'posts-api-bench-bundles-'));
    onTestFinished(() => rm(outDir, { recursive: true, force: true }));
    const subjects = await functionSubjects();
    expect(subjects.map((s) => s.name).sort()).toEqual(Object.keys(functions).sort());
    // No figure of the benchmark reads "no baseline": a new function brings its bare handler.
    expect(subjects.filter((s) => !s.baseline).map((s) => s.name)).toEqual([]);
    const built = await buildSubjectBundles(subjects, outDir);
    for (const subject of subjects) {
      const { bundle, baseline } = built.get(subject.name) ?? {};
      if (!bundle) throw new Error(`${subject.name} was not built`);
      const inputs = Object.keys(bundle.inputs);
      expect(bundle.bytes, subject.name).toBeGreaterThan(0);
      expect(
        inputs.filter((path) => defaultChain.test(path)),
        subject.name,
      ).toEqual([]);
      for (const native of subject.nativeModules) {
        expect(
          inputs.filter((path) => path.includes(`node_modules/${native}/`)),
          `${subject.name} bundles ${native}`,
        ).toEqual([]);
      }
      if (baseline) {
        expect(Object.keys(baseline.inputs).filter((path) => defaultChain.test(path))).toEqual([]);
      }
    }
    // One esbuild run for every function and baseline, the text worker's with a 3.5 MB model:
    // CPU only, seconds on a quiet 2-core machine, past 120 s in the suite at load 25+.
  }, 480_000);
});
