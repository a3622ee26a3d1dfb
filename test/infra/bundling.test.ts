import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bundling } from '../../lib/bundling';
import { PostsApiStack } from '../../lib/posts-api-stack';
import { functions } from '../../lib/description';

const specs = Object.values(functions);
/**
 * A Node built-in whose ES module view costs a cold start work that `require` does not (Node 24):
 * `http`'s loads undici, half the CPU of a container's first SDK call (lib/bundling.ts, alias).
 */
const costlyModuleViews = /^(node:)?http$/;
const nativeModules = new Set(specs.flatMap((spec) => spec.nativeModules ?? []));

/** The linux-arm64 (glibc) binary each native package loads on Lambda arm64. */
const arm64Binary: Record<string, string> = {
  sharp: '@img/sharp-linux-arm64',
  '@resvg/resvg-js': '@resvg/resvg-js-linux-arm64-gnu',
};

/** The npm packages a bundle's source map draws from more than one installed copy. */
function packagesBundledTwice(sources: readonly string[]): string[] {
  const copies = new Map<string, Set<string>>();
  for (const source of sources) {
    // The innermost package: `a/node_modules/b/node_modules/@s/c/x.js` is `@s/c`, in `…/b/…`.
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(source);
    if (!match?.[1] || !match[2]) continue;
    copies.set(match[2], (copies.get(match[2]) ?? new Set()).add(match[1]));
  }
  return [...copies].filter(([, paths]) => paths.size > 1).map(([name]) => name);
}

/**
 * Whether the npm registry answers: the native packages' `npm ci` needs it (or a warm cache;
 * without the registry that cannot be told in advance, so the suite skips, saying why).
 */
async function registryUnreachable(): Promise<string | undefined> {
  const registry = (process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(
    /\/?$/,
    '/',
  );
  try {
    const answer = await fetch(`${registry}-/ping`, { signal: AbortSignal.timeout(5_000) });
    return answer.ok ? undefined : `the npm registry ${registry} answered ${answer.status}`;
  } catch (error) {
    return `the npm registry ${registry} cannot be reached (${(error as Error).message})`;
  }
}
const noRegistry = await registryUnreachable();
if (noRegistry) {
  console.warn(`function bundle tests skipped: ${noRegistry}; they install linux-arm64 packages`);
}

// The one suite that really bundles (local esbuild, no Docker), and the only check that what
// deploys is built the way lib/bundling.ts and the description say. The functions with native
// packages run `npm ci` for linux-arm64 into their asset (from the npm registry or its cache),
// which is most of this test's time.
describe.skipIf(noRegistry !== undefined)('function bundles', () => {
  it('are ESM with the shared banner and a source map, importing only Node built-ins and their own native packages, installed for linux-arm64', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'posts-api-bundles-'));
    onTestFinished(() => rm(outdir, { recursive: true, force: true }));
    const app = new App({ outdir });
    // The assets are bundled as the stack is built.
    new PostsApiStack(app, 'BundleStack');
    app.synth();
    const assets = (await readdir(outdir)).filter(
      (d) => d.startsWith('asset.') && !d.endsWith('.json'),
    );
    const withCode: string[] = [];
    for (const asset of assets) {
      const files = (await readdir(join(outdir, asset))).sort();
      if (!files.includes('index.mjs')) continue; // not a function (e.g. a custom resource's)
      withCode.push(asset);
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
      const importedModules = [
        // An import statement or call: `from` only after `import` outside any string, so a
        // text that ends in "from" (a route's description) is not taken for one.
        ...code.matchAll(
          /(?:\bimport\s*[^;"'()]*?\bfrom\s*|\bimport\s*\(\s*|(?:^|[;}])import\s*)["']([^"']+)["']/gm,
        ),
      ].map((m) => m[1] ?? '');
      const imported = importedModules.filter((name) => !isBuiltin(name));
      // It is reached through `require` (the alias in lib/bundling.ts).
      expect(
        importedModules.filter((name) => costlyModuleViews.test(name)),
        asset,
      ).toEqual([]);
      // Tracing is the platform's (-c tracing=on); the X-Ray SDK (end of support 2027) stays out.
      expect(map.sources.length, asset).toBeGreaterThan(0);
      expect(
        map.sources.filter((source) => /aws-xray-sdk|client-xray/.test(source)),
        asset,
      ).toEqual([]);
      // Credentials come from the environment (lambda-credentials.ts): the default chain's
      // SSO and STS clients are aliased away (lib/bundling.ts), in the stack's build too.
      expect(
        map.sources.filter((source) =>
          /@aws-sdk\/(nested-clients|credential-provider-sso|credential-provider-node)\//.test(
            source,
          ),
        ),
        asset,
      ).toEqual([]);
      expect(
        map.sources.filter((source) => source.endsWith('no-default-credential-chain.ts')),
        asset,
      ).toHaveLength(1);
      // One copy of each package. A dependency that pins its own version of a shared one is
      // bundled twice: s3-presigned-post's own client-s3 was 74 KB more in five bundles, and
      // Powertools' logger and metrics each brought a commons (package.json's overrides).
      expect(packagesBundledTwice(map.sources), asset).toEqual([]);
      const natives = [...new Set(imported)].sort();
      for (const name of natives) expect(nativeModules, `${asset} imports ${name}`).toContain(name);
      const extra = files.filter((f) => !['index.mjs', 'index.mjs.map'].includes(f));
      if (natives.length === 0) {
        expect(extra, asset).toEqual([]);
        continue;
      }
      // Exactly the native packages, beside the bundle, with their Lambda arm64 binaries.
      expect(extra, asset).toContain('node_modules');
      for (const name of natives) {
        await access(join(outdir, asset, 'node_modules', name, 'package.json'));
        await access(join(outdir, asset, 'node_modules', arm64Binary[name] ?? '?', 'package.json'));
      }
      // ...and not the binaries of the machine that synthesised.
      const scoped = await readdir(join(outdir, asset, 'node_modules', '@img')).catch(() => []);
      expect(
        scoped.filter((p) => p.includes('x64')),
        asset,
      ).toEqual([]);
    }
    expect(withCode).toHaveLength(specs.length);
    // The card's fonts travel in the image worker's bundle.
    const withFonts = [];
    for (const asset of withCode) {
      const files = await readdir(join(outdir, asset));
      if (files.includes('fonts')) {
        withFonts.push((await readdir(join(outdir, asset, 'fonts'))).sort());
      }
    }
    expect(withFonts).toEqual([['DejaVuSans-Bold.ttf', 'DejaVuSans.ttf', 'LICENSE']]);
    // One esbuild run for every function (one carrying an NLP model), and two npm installs:
    // seconds on a quiet two-core machine, minutes at a load average of 40.
  }, 420_000);

  it('stop the synthesis when a function imports a native package it does not declare', () => {
    // Every native package is left out of the one build: a function that imports one
    // another function declares would bundle, and fail in Lambda without it beside it.
    const specs = functions as Record<string, { nativeModules?: readonly string[] }>;
    const image = specs.imageWorker!;
    const media = specs.mediaWorker!;
    const declared = { image: image.nativeModules, media: media.nativeModules };
    media.nativeModules = [...(media.nativeModules ?? []), ...(image.nativeModules ?? [])];
    image.nativeModules = [];
    onTestFinished(() => {
      image.nativeModules = declared.image;
      media.nativeModules = declared.media;
    });
    const app = new App({ outdir: join(tmpdir(), `posts-api-undeclared-${process.pid}`) });
    onTestFinished(() => rm(app.outdir, { recursive: true, force: true }));
    expect(() => new PostsApiStack(app, 'UndeclaredStack')).toThrow(
      'imageWorker imports @resvg/resvg-js, not in its nativeModules',
    );
  }, 240_000);
});
