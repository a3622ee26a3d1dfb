import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildFunctionBundles } from '../../local/lambda/function-bundles';

declare module 'vitest' {
  interface ProvidedContext {
    /** The folder of the description's function bundles, built once for the whole run. */
    functionBundles: string;
  }
}

/**
 * Vitest's global setup: bundles every described function once, before the test files
 * start, for every local cloud they start (`setup.ts` passes the folder on as
 * `LOCAL_PREBUILT_BUNDLES`) instead of one full esbuild run per cloud (about 18 clouds in a
 * run). A cloud still builds its test fixtures itself, and a watching cloud everything.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'posts-api-bundles-'));
  await buildFunctionBundles(dir);
  project.provide('functionBundles', dir);
  return () => rm(dir, { recursive: true, force: true });
}
