import { relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { bundling } from '../../lib/bundling';

export interface BuiltBundle {
  /** Absolute path of the `.mjs` written (its source map beside it). */
  readonly path: string;
  /** Minified size of the bundle, as esbuild's metafile states it. */
  readonly bytes: number;
  readonly mapBytes: number;
  /** Bytes each input contributes to the output, by input path. */
  readonly inputs: Readonly<Record<string, number>>;
}

/**
 * Bundles one entry exactly as the stack and the local runtime do (the
 * options in lib/bundling.ts), with a metafile. `plugins` only swap modules
 * (the overhead benchmark's in-memory repository); they change no option.
 */
export async function buildBundle(
  entry: string | { readonly source: string },
  outfile: string,
  plugins: esbuild.Plugin[] = [],
): Promise<BuiltBundle> {
  const result = await esbuild.build({
    // A generated entry (source text) resolves its imports from the repository root.
    ...(typeof entry === 'string'
      ? { entryPoints: [resolve(entry)] }
      : { stdin: { contents: entry.source, resolveDir: process.cwd(), loader: 'ts' as const } }),
    outfile,
    bundle: true,
    target: bundling.target,
    format: bundling.format,
    platform: bundling.platform,
    minify: bundling.minify,
    sourcemap: bundling.sourcemap,
    sourcesContent: bundling.sourcesContent,
    mainFields: [...bundling.mainFields],
    banner: { js: bundling.banner },
    external: bundling.external,
    metafile: true,
    logLevel: 'silent',
    plugins,
  });
  const outputs = result.metafile.outputs;
  const key = relative(process.cwd(), outfile);
  const output = outputs[key];
  if (!output) throw new Error(`esbuild wrote no ${key}`);
  return {
    path: resolve(outfile),
    bytes: output.bytes,
    mapBytes: outputs[`${key}.map`]?.bytes ?? 0,
    inputs: Object.fromEntries(
      Object.entries(output.inputs).map(([path, input]) => [path, input.bytesInOutput]),
    ),
  };
}
