import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bundling } from '../../lib/bundling';
import { PostsApiStack } from '../../lib/posts-api-stack';
import { functions } from '../../lib/service';

// The one suite that really bundles (local esbuild, no Docker): about a second for all
// functions, and the only check that what deploys is built the way lib/bundling.ts says.
describe('function bundles', () => {
  it('are ESM with the shared banner and a source map, and import nothing but Node built-ins', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'posts-api-bundles-'));
    onTestFinished(() => rm(outdir, { recursive: true, force: true }));
    const app = new App({ outdir });
    new PostsApiStack(app, 'BundleStack');
    app.synth();
    const assets = (await readdir(outdir)).filter((d) => d.startsWith('asset.'));
    expect(assets).toHaveLength(Object.keys(functions).length);
    for (const asset of assets) {
      const files = (await readdir(join(outdir, asset))).sort();
      expect(files).toEqual(['index.mjs', 'index.mjs.map']);
      const code = await readFile(join(outdir, asset, 'index.mjs'), 'utf8');
      expect(code.startsWith(bundling.banner), asset).toBe(true);
      const map = JSON.parse(await readFile(join(outdir, asset, 'index.mjs.map'), 'utf8')) as {
        sources: string[];
        sourcesContent?: unknown[];
      };
      expect(map.sourcesContent ?? [], asset).toEqual([]);
      // Bundled means the only modules left to load at run time are Node's own.
      // `from` as an import has `}`, `*` or a space before it; elsewhere (a bundled JSON model's
      // "from", an expression attribute ":from") it is not an import.
      const imported = [
        ...code.matchAll(/(?:(?<=[}*\s])from\s*|\bimport\s*\(\s*)["']([^"']+)["']/g),
      ]
        .map((m) => m[1] ?? '')
        .filter((name) => !isBuiltin(name));
      expect(imported, asset).toEqual([]);
      // Tracing is the platform's (-c tracing=on); the X-Ray SDK (end of support 2027) stays out.
      expect(map.sources.length, asset).toBeGreaterThan(0);
      expect(
        map.sources.filter((source) => /aws-xray-sdk|client-xray/.test(source)),
        asset,
      ).toEqual([]);
    }
    // One esbuild run per function: with the workers (one carrying an NLP model) that is
    // more than the default 30 s on a loaded two-core machine.
  }, 180_000);
});
