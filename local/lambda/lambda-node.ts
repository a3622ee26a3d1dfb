import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Node major Lambda's `nodejs24.x` runs, and the one the local containers want. */
export const LAMBDA_NODE_MAJOR = 24;

export interface LambdaNode {
  /** The binary the containers run on. */
  readonly path: string;
  /** Its `process.version`, e.g. `v24.22.3`. */
  readonly version: string;
  /** false: no Lambda Node for this platform, the containers run on the Node running the cloud. */
  readonly matchesLambda: boolean;
  /** Why the running Node is used (one line), when it is. */
  readonly notice?: string;
}

let found: LambdaNode | undefined;

/**
 * The Node the local containers run the bundles on: Lambda's major, from the
 * npm package `node-<platform>-<arch>` that `npm ci` installs as an optional
 * dependency (package.json lists the platforms the registry has it for), or
 * else the Node running the cloud, with a one-line notice saying so.
 */
export function lambdaNode(): LambdaNode {
  found ??= find();
  return found;
}

function find(): LambdaNode {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform as string];
  const name = `node-${platform ?? process.platform}-${process.arch}`;
  const running = (reason: string): LambdaNode => ({
    path: process.execPath,
    version: process.version,
    matchesLambda: process.versions.node.split('.')[0] === String(LAMBDA_NODE_MAJOR),
    notice:
      `Lambda containers run on this Node ${process.version}, not Node ${LAMBDA_NODE_MAJOR} as ` +
      `nodejs${LAMBDA_NODE_MAJOR}.x does: ${reason}.`,
  });
  let path: string;
  try {
    const require = createRequire(import.meta.url);
    const binary = process.platform === 'win32' ? 'node.exe' : join('bin', 'node');
    path = join(dirname(require.resolve(`${name}/package.json`)), binary);
  } catch {
    return running(`no ${name} package installed (npm ci brings it where the registry has one)`);
  }
  try {
    const version = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    if (version.split('.')[0] !== `v${LAMBDA_NODE_MAJOR}`) {
      return running(`${name} is ${version}`);
    }
    return { path, version, matchesLambda: true };
  } catch (error) {
    return running(`${name} does not run here (${(error as Error).message.split('\n')[0]})`);
  }
}

let told = false;

/** The notice of `lambdaNode()`, the first time only: one line per cloud process, not per pool. */
export function lambdaNodeNotice(): string | undefined {
  if (told) return undefined;
  told = true;
  return lambdaNode().notice;
}
