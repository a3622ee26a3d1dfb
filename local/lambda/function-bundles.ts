import { cp, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve, basename } from 'node:path';
import * as esbuild from 'esbuild';
import { esbuildOptions } from '../../lib/esbuild-options';
import { functions, type FunctionSpec } from '../../lib/description';
import { SourceWatcher } from './source-watcher';

/** The file a worker thread loads as its Lambda runtime. */
export const RUNTIME_ENTRY = '_lambda-runtime';

export interface FunctionBundles {
  /** Absolute path of a function's current bundle (`<outDir>/<name>.mjs`). */
  path(name: string): string;
  close(): Promise<void>;
}

/**
 * Bundles every function with the same esbuild options the stack uses, plus
 * the worker-side runtime. With `onRebuild`, the sources are watched
 * (`SourceWatcher`) and it is called after each successful rebuild (the
 * developer loop) with the functions whose bundle changed: all of them when
 * the runtime's did. `extra` functions (test fixtures) are bundled alongside,
 * with the same options.
 */
export async function buildFunctionBundles(
  outDir: string,
  onRebuild?: (changed: ReadonlySet<string>) => void,
  /** Functions beyond the description (tests), bundled the same way. */
  extra: Readonly<Record<string, Pick<FunctionSpec, 'entry'>>> = {},
  /**
   * A folder where this function already built the description's functions and the
   * runtime (the test suite builds them once for all its files): only `extra` is built
   * then. Not with `onRebuild`, which watches every source.
   */
  prebuilt?: string,
): Promise<FunctionBundles> {
  if (prebuilt !== undefined && onRebuild) {
    throw new Error('prebuilt bundles are not watched: build them here to watch them');
  }
  const entryPoints: Record<string, string> = prebuilt
    ? {}
    : { [RUNTIME_ENTRY]: resolve('local/lambda/lambda-runtime.ts') };
  for (const [name, spec] of Object.entries(prebuilt ? extra : { ...functions, ...extra })) {
    entryPoints[name] = resolve(spec.entry);
  }
  const path = (name: string) =>
    join(prebuilt !== undefined && !(name in extra) ? prebuilt : outDir, `${name}.mjs`);
  if (Object.keys(entryPoints).length === 0) {
    return { path, close: () => Promise.resolve() };
  }
  // As in Lambda, native packages stay out of the bundle and load from node_modules beside it,
  // and asset folders (fonts) sit beside it too.
  const specs = Object.values(functions);
  const nativeModules = [...new Set(specs.flatMap((spec) => spec.nativeModules ?? []))];
  await rm(join(outDir, 'node_modules'), { force: true });
  if (nativeModules.length > 0) {
    await symlink(resolve('node_modules'), join(outDir, 'node_modules'), 'dir');
  }
  for (const dir of new Set(specs.flatMap((spec) => spec.assetDirs ?? []))) {
    await cp(resolve(dir), join(outDir, basename(dir)), { recursive: true });
  }
  // The first build is not a rebuild.
  let builds = 0;
  // Watching, the outputs are written here, only those whose hash (esbuild's) changed since
  // the last build: a rebuild regenerates every bundle, most of them byte for byte.
  const written = new Map<string, string>();
  const writeChanged = async (files: readonly esbuild.OutputFile[]): Promise<Set<string>> => {
    const changed = new Set<string>();
    for (const file of files) {
      if (written.get(file.path) === file.hash) continue;
      await writeFile(file.path, file.contents);
      written.set(file.path, file.hash);
      if (file.path.endsWith('.mjs')) changed.add(basename(file.path, '.mjs'));
    }
    if (!changed.has(RUNTIME_ENTRY)) return changed;
    // New runtime code: every container.
    return new Set(Object.keys(entryPoints).filter((name) => name !== RUNTIME_ENTRY));
  };
  const context = await esbuild.context({
    ...esbuildOptions(nativeModules),
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
    write: onRebuild === undefined,
    // What the watcher watches: every source file of every bundle.
    metafile: onRebuild !== undefined,
    plugins: [
      {
        name: 'rebuild-notice',
        setup(build) {
          build.onEnd(async (result) => {
            if (result.errors.length > 0) {
              for (const message of esbuild.formatMessagesSync(result.errors, { kind: 'error' })) {
                process.stderr.write(message);
              }
              return;
            }
            builds += 1;
            if (!onRebuild) return;
            if (result.metafile) watcher?.watchInputs(Object.keys(result.metafile.inputs));
            const changed = await writeChanged(result.outputFiles ?? []);
            if (builds > 1) onRebuild(changed);
          });
        },
      },
    ],
  });
  const watcher = onRebuild ? new SourceWatcher(() => void rebuild()) : undefined;
  // One rebuild at a time; a change during one starts another after it.
  let running: Promise<void> | undefined;
  let again = false;
  const rebuild = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    do {
      again = false;
      // A failed build is printed by the plugin above; the old bundles keep running.
      running = context.rebuild().then(
        () => undefined,
        () => undefined,
      );
      await running;
    } while (again);
    running = undefined;
  };
  const first = await context.rebuild();
  if (first.errors.length > 0)
    throw new Error('The functions did not bundle; see the errors above.');
  if (!onRebuild) await context.dispose();
  return {
    path,
    close: async () => {
      if (!onRebuild) return;
      watcher?.close();
      await running;
      await context.dispose();
    },
  };
}
