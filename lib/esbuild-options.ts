import type { BuildOptions } from 'esbuild';
import { bundling } from './bundling';

/**
 * The esbuild options of one function's bundle, from lib/bundling.ts and the
 * function's native packages. The one translation of the bundling options:
 * the stack (lib/constructs/stack-bundles.ts), the local cloud and the bench
 * pass it to esbuild.
 */
export interface FunctionEsbuildOptions {
  readonly bundle: true;
  readonly target: string;
  readonly format: typeof bundling.format;
  readonly platform: typeof bundling.platform;
  readonly minify: boolean;
  readonly sourcemap: boolean;
  readonly sourcesContent: boolean;
  readonly mainFields: string[];
  readonly banner: { js: string };
  /** Native packages stay out of the bundle; they are installed beside it. */
  readonly external: string[];
  readonly alias: Record<string, string>;
}

export function esbuildOptions(nativeModules: readonly string[] = []): FunctionEsbuildOptions {
  return {
    bundle: true,
    target: bundling.target,
    format: bundling.format,
    platform: bundling.platform,
    minify: bundling.minify,
    sourcemap: bundling.sourcemap,
    sourcesContent: bundling.sourcesContent,
    mainFields: [...bundling.mainFields],
    banner: { js: bundling.banner },
    external: [...new Set([...bundling.external, ...nativeModules])],
    alias: { ...bundling.alias },
  } satisfies BuildOptions;
}
