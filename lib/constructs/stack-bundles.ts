import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as esbuild from 'esbuild';
import { functions, type FunctionName } from '../description';
import { metafileKey, undeclaredNatives } from '../bundle-imports';
import { esbuildOptions } from '../esbuild-options';

/**
 * npm's own cross-platform install (sharp's documented way): the native packages beside the
 * bundle are the linux-arm64 glibc builds Lambda arm64 loads, whatever machine synthesises.
 */
const lambdaArm64Install = {
  npm_config_os: 'linux',
  npm_config_cpu: 'arm64',
  npm_config_libc: 'glibc',
};

/** The one build of every function: its folder, what each output imports, what it left out. */
interface Build {
  readonly dir: string;
  readonly metafile: esbuild.Metafile;
  readonly natives: readonly string[];
}

/** Built once per process: every stack of an app deploys the same bundles. */
const builds = new Map<string, Build>();

/**
 * Every function's deployment package, from one esbuild run over all their entries (the
 * options of lib/esbuild-options.ts, as the local cloud and the bench build them). Built
 * one function at a time, as NodejsFunction does, each run parsed the same SDK again: 24
 * esbuild processes (and an npx start each) were most of a `cdk synth`. Each function's
 * asset is then its own `index.mjs` and source map, its asset folders (fonts), and its
 * native packages installed for Lambda arm64 by npm from the lock file. A function that
 * imports a native package it does not declare (`nativeModules`) fails the synthesis, as
 * a build of that function alone would.
 */
export class StackBundles {
  constructor(private readonly root: string) {}

  /**
   * The function's code asset. Bundled only when the stack's assets are (not under
   * `aws:cdk:bundling-stacks: []`); named by the hash of what was bundled.
   */
  code(name: FunctionName): lambda.Code {
    return lambda.Code.fromAsset(this.root, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never run: esbuild is a devDependency, so the local bundling below always bundles.
        // The command names the function all the same: CDK keys its cache of staged assets
        // by these options, and without it every function's asset would be the first one's.
        image: DockerImage.fromRegistry('unused-local-bundling-only'),
        command: ['bundle', name],
        local: {
          tryBundle: (outputDir) => {
            this.packageInto(name, outputDir);
            return true;
          },
        },
      },
    });
  }

  private packageInto(name: FunctionName, outputDir: string): void {
    const spec = functions[name];
    const build = this.build();
    for (const file of ['index.mjs', 'index.mjs.map']) {
      copyFileSync(path.join(build.dir, name, file), path.join(outputDir, file));
    }
    const declared = spec.nativeModules ?? [];
    const output =
      build.metafile.outputs[metafileKey(path.join(build.dir, name, 'index.mjs'), this.root)];
    if (!output) throw new Error(`${name}: no bundle in the stack's build`);
    const externals = output.imports.filter((i) => i.external).map((i) => i.path);
    const undeclared = undeclaredNatives(externals, build.natives, declared);
    if (undeclared.length > 0) {
      throw new Error(
        `${name} imports ${undeclared.join(', ')}, not in its nativeModules (lib/description)`,
      );
    }
    for (const dir of spec.assetDirs ?? []) {
      cpSync(path.join(this.root, dir), path.join(outputDir, path.basename(dir)), {
        recursive: true,
      });
    }
    if (declared.length > 0) this.installNative(declared, outputDir);
  }

  private build(): Build {
    const entries = Object.entries(functions).map(([name, spec]) => [
      `${name}/index`,
      path.join(this.root, spec.entry),
    ]);
    // Left out of every bundle: the native packages any function declares.
    const natives = [
      ...new Set(Object.values(functions).flatMap((spec) => spec.nativeModules ?? [])),
    ].sort();
    const key = JSON.stringify([this.root, entries, natives]);
    let build = builds.get(key);
    if (!build) {
      const dir = mkdtempSync(path.join(tmpdir(), 'posts-api-stack-bundles-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const result = esbuild.buildSync({
        ...esbuildOptions(natives),
        entryPoints: Object.fromEntries(entries),
        outdir: dir,
        outExtension: { '.js': '.mjs' },
        // The aliases are relative to the repository root.
        absWorkingDir: this.root,
        metafile: true,
        logLevel: 'warning',
      });
      build = { dir, metafile: result.metafile, natives };
      builds.set(key, build);
    }
    return build;
  }

  /** The packages, at the versions the lock file pins, for Lambda arm64 (`npm ci`). */
  private installNative(packages: readonly string[], outputDir: string): void {
    const manifest = JSON.parse(readFileSync(path.join(this.root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const dependencies = Object.fromEntries(
      packages.map((p) => {
        const version = manifest.dependencies?.[p];
        if (!version) throw new Error(`native package ${p} is not a dependency in package.json`);
        return [p, version];
      }),
    );
    writeFileSync(path.join(outputDir, 'package.json'), JSON.stringify({ dependencies }));
    copyFileSync(
      path.join(this.root, 'package-lock.json'),
      path.join(outputDir, 'package-lock.json'),
    );
    // npm's output goes to stderr: `cdk synth` prints the template on stdout.
    const npm = spawnSync('npm', ['ci'], {
      cwd: outputDir,
      env: { ...process.env, ...lambdaArm64Install },
      stdio: ['ignore', 2, 'inherit'],
      shell: process.platform === 'win32',
    });
    if (npm.status !== 0) {
      throw new Error(
        `npm ci of ${packages.join(', ')} for Lambda arm64 failed (${npm.error?.message ?? `exit ${npm.status}`})`,
      );
    }
  }
}
