import { resolve } from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Bundles a benchmark's own helper script (a child process: the cold-start
 * probe, the hello-world server) to plain JavaScript, so the child starts as
 * bare `node` with no TypeScript loader skewing what it measures.
 */
export async function buildScript(
  entry: string,
  outfile: string,
  plugins: esbuild.Plugin[] = [],
): Promise<string> {
  await esbuild.build({
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS dependencies still call `require`.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);",
    },
    logLevel: 'silent',
    plugins,
  });
  return resolve(outfile);
}
