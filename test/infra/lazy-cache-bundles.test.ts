import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it, onTestFinished } from 'vitest';
import { functions, type FunctionName } from '../../lib/description';
import { esbuildOptions } from '../../lib/esbuild-options';

/** What only a configured cache runs: the Valkey client and the IAM token signer. */
const cacheOnly = [/node_modules\/iovalkey\//, /functions\/adapters\/cache\/iam-auth-token\.ts$/];

/** Every input the entry loads at import: static imports, not `import()`. */
function loadedAtImport(metafile: esbuild.Metafile, entry: string): Set<string> {
  const loaded = new Set([entry]);
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const imported of metafile.inputs[path]?.imports ?? []) {
      if (imported.external || imported.kind === 'dynamic-import') continue;
      if (!loaded.has(imported.path)) {
        loaded.add(imported.path);
        pending.push(imported.path);
      }
    }
  }
  return loaded;
}

async function bundleOf(name: FunctionName, outDir: string): Promise<esbuild.Metafile> {
  const { metafile } = await esbuild.build({
    ...esbuildOptions(functions[name].nativeModules),
    entryPoints: [functions[name].entry],
    outfile: join(outDir, `${name}.mjs`),
    metafile: true,
    logLevel: 'silent',
  });
  return metafile;
}

// The bundle keeps an `import()` lazy: its module is wrapped and runs only when called.
describe('the functions that may use the cache', () => {
  it('carry the cache client in their bundle, loaded only by the import() of a configured cache', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'posts-api-lazy-cache-'));
    onTestFinished(() => rm(outDir, { recursive: true, force: true }));
    for (const name of ['getPost', 'deletePost'] as FunctionName[]) {
      const entry = functions[name].entry;
      const metafile = await bundleOf(name, outDir);
      const inputs = Object.keys(metafile.inputs);
      const atImport = [...loadedAtImport(metafile, entry)];
      for (const pattern of cacheOnly) {
        expect(
          inputs.some((path) => pattern.test(path)),
          `${name} bundles ${pattern}`,
        ).toBe(true);
        expect(
          atImport.filter((path) => pattern.test(path)),
          name,
        ).toEqual([]);
      }
    }
  }, 60_000);
});

// Health runs outside the cache's VPC and reads the prober's record: it never opens the cache.
describe('the health function', () => {
  it('carries no cache client at all', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'posts-api-health-bundle-'));
    onTestFinished(() => rm(outDir, { recursive: true, force: true }));
    const inputs = Object.keys((await bundleOf('health', outDir)).inputs);
    for (const pattern of cacheOnly) {
      expect(inputs.filter((path) => pattern.test(path))).toEqual([]);
    }
  }, 60_000);
});
