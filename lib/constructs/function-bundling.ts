import * as path from 'node:path';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { FunctionSpec } from '../description';
import { esbuildOptions, type FunctionEsbuildOptions } from '../esbuild-options';

const outputFormat: Record<FunctionEsbuildOptions['format'], OutputFormat> = {
  esm: OutputFormat.ESM,
};

/**
 * npm's own cross-platform install (sharp's documented way): the native packages beside the
 * bundle are the linux-arm64 glibc builds Lambda arm64 loads, whatever machine synthesises.
 */
const lambdaArm64Install = {
  npm_config_os: 'linux',
  npm_config_cpu: 'arm64',
  npm_config_libc: 'glibc',
};

/**
 * NodejsFunction's bundling props for one function: the esbuild options the
 * local cloud and the bench build with (lib/esbuild-options.ts), in the
 * construct's words, so what runs on a laptop is the code that deploys.
 * NodejsFunction runs esbuild from the project root, where the aliases resolve.
 */
export function functionBundling(spec: FunctionSpec): BundlingOptions {
  const esbuild = esbuildOptions(spec.nativeModules);
  return {
    target: esbuild.target,
    format: outputFormat[esbuild.format],
    minify: esbuild.minify,
    sourceMap: esbuild.sourcemap,
    sourcesContent: esbuild.sourcesContent,
    mainFields: esbuild.mainFields,
    banner: esbuild.banner.js,
    // Never the default: NodejsFunction would otherwise leave the AWS SDK out.
    externalModules: esbuild.external,
    esbuildArgs: {
      '--alias': Object.entries(esbuild.alias).map(([from, to]) => `${from}=${to}`),
    },
    ...nativeBundling(spec),
  };
}

/**
 * Native packages as their docs advise for Lambda: left out of the bundle (`external`) and
 * installed beside it for linux-arm64; asset folders (fonts) copied beside it.
 */
function nativeBundling(spec: FunctionSpec): Partial<BundlingOptions> {
  const assetDirs = spec.assetDirs ?? [];
  return {
    ...(spec.nativeModules?.length
      ? { nodeModules: [...spec.nativeModules], environment: lambdaArm64Install }
      : {}),
    ...(assetDirs.length > 0
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) =>
              assetDirs.map(
                (dir) =>
                  `cp -R "${path.join(inputDir, dir)}" "${path.join(outputDir, path.basename(dir))}"`,
              ),
          },
        }
      : {}),
  };
}
