import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { metafileKey } from '../../lib/bundle-imports';
import { esbuildOptions } from '../../lib/esbuild-options';

export interface BuiltBundle {
  /** Absolute path of the `.mjs` written (its source map beside it). */
  readonly path: string;
  /** Minified size of the bundle, as esbuild's metafile states it. */
  readonly bytes: number;
  readonly mapBytes: number;
  /** Bytes each input contributes to the output, by input path. */
  readonly inputs: Readonly<Record<string, number>>;
  /** What the bundle still imports at run time (Node built-ins, the packages left out). */
  readonly externals: readonly string[];
}

export interface BuildBundleOptions {
  /** The function's native packages (`nativeModules`): left out, as in the stack. */
  readonly nativeModules?: readonly string[];
  /** Only swap modules (the overhead benchmark's in-memory repository); they change no option. */
  readonly plugins?: esbuild.Plugin[];
}

/**
 * Bundles one entry exactly as the stack and the local runtime do
 * (`esbuildOptions` of lib/esbuild-options.ts), with a metafile. The native
 * packages left out load from the repository's node_modules, which is above
 * the scratch directory, as Lambda loads them from the ones beside the bundle.
 */
export async function buildBundle(
  entry: string | { readonly source: string },
  outfile: string,
  { nativeModules = [], plugins = [] }: BuildBundleOptions = {},
): Promise<BuiltBundle> {
  const result = await esbuild.build({
    // A generated entry (source text) resolves its imports from the repository root.
    ...(typeof entry === 'string'
      ? { entryPoints: [resolve(entry)] }
      : { stdin: { contents: entry.source, resolveDir: process.cwd(), loader: 'ts' as const } }),
    ...esbuildOptions(nativeModules),
    outfile,
    metafile: true,
    logLevel: 'silent',
    plugins,
  });
  return builtOutput(result.metafile, outfile);
}

/**
 * Bundles several entries in one esbuild run (each its own bundle, no code shared
 * between them: the same bytes as one `buildBundle` per entry), so the modules they
 * share (the SDK) are read and parsed once. The native packages of all of them are
 * left out of each; one an entry never imports changes nothing in its bundle.
 */
export async function buildBundles(
  entries: Readonly<Record<string, string>>,
  outDir: string,
  { nativeModules = [] }: Pick<BuildBundleOptions, 'nativeModules'> = {},
): Promise<Record<string, BuiltBundle>> {
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, entry]) => [name, resolve(entry)]),
    ),
    ...esbuildOptions(nativeModules),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'silent',
  });
  return Object.fromEntries(
    Object.keys(entries).map((name) => [
      name,
      builtOutput(result.metafile, join(outDir, `${name}.mjs`)),
    ]),
  );
}

function builtOutput(metafile: esbuild.Metafile, outfile: string): BuiltBundle {
  const outputs = metafile.outputs;
  const key = metafileKey(outfile);
  const output = outputs[key];
  if (!output) throw new Error(`esbuild wrote no ${key}`);
  return {
    path: resolve(outfile),
    bytes: output.bytes,
    mapBytes: outputs[`${key}.map`]?.bytes ?? 0,
    inputs: Object.fromEntries(
      Object.entries(output.inputs).map(([path, input]) => [path, input.bytesInOutput]),
    ),
    externals: [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))],
  };
}
