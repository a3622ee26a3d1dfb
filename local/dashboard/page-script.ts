import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const entry = fileURLToPath(new URL('./browser/dashboard-app.ts', import.meta.url));

let built: Promise<{ script: string; style: string }> | undefined;

/**
 * The page's script, bundled once on first use with uPlot (from
 * node_modules, never a CDN), and uPlot's stylesheet. Type-checked with the
 * DOM types by `npm run typecheck` (local/dashboard/browser/tsconfig.json).
 */
export function pageAssets(): Promise<{ script: string; style: string }> {
  built ??= (async () => {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const require = createRequire(import.meta.url);
    const style = await readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
    return { script: result.outputFiles[0]?.text ?? '', style };
  })();
  built.catch(() => (built = undefined));
  return built;
}
