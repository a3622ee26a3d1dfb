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

/** The one build of a run, shared by every project that names this global setup. */
interface SharedBuild {
  readonly dir: Promise<string>;
  users: number;
}

// Vitest loads a project's global setup through that project's own module runner, so a
// module-level variable here would be one per project: the build lives on the main
// process's global object instead.
const holder = globalThis as { postsApiFunctionBundles?: SharedBuild };

async function build(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'posts-api-bundles-'));
  await buildFunctionBundles(dir);
  return dir;
}

/**
 * Vitest's global setup: bundles every described function once, before the test files
 * start, for every local cloud they start (`setup.ts` passes the folder on as
 * `LOCAL_PREBUILT_BUNDLES`) instead of one full esbuild run per cloud (about 18 clouds in a
 * run). Vitest runs each project's global setup in turn: the projects that name this file
 * (clients, services) share one build rather than bundling everything once each. A cloud
 * still builds its test fixtures itself, and a watching cloud everything.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder.postsApiFunctionBundles ??= { dir: build(), users: 0 });
  shared.users += 1;
  project.provide('functionBundles', await shared.dir);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete holder.postsApiFunctionBundles;
    await rm(await shared.dir, { recursive: true, force: true });
  };
}
