import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { queueNames, service, workerOf, type FunctionSpec } from '../../lib/description';
import { subDir } from '../data-dir';
import type { LocalService } from '../service';
import { AccountConcurrency } from './account-concurrency';
import { buildFunctionBundles, RUNTIME_ENTRY, type FunctionBundles } from './function-bundles';
import { lambdaEnvironment, type LocalResources } from './lambda-environment';
import type { LambdaEvents } from './lambda-events';
import { LambdaPool } from './lambda-pool';

export interface LambdaServiceOptions {
  /** The data folder: bundles and the secrets key are kept in it. */
  readonly dataDir: string;
  /** Every function to run: the description's and any test fixtures. */
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  /** The test fixtures among them, bundled beside the description's. */
  readonly extraFunctions?: Readonly<Record<string, FunctionSpec>>;
  /** Rebuild and reload functions when their sources change. */
  readonly watch?: boolean;
  /** A folder where the description's functions are already built (see `LocalCloudOptions`). */
  readonly prebuiltBundles?: string;
  /** What the containers' environment names of the rest of the cloud. */
  readonly resources: Omit<LocalResources, 'secretsKey'>;
  readonly events: LambdaEvents;
  /** false: queue workers at normal priority (see `LocalCloudOptions.niceWorkers`). */
  readonly niceWorkers?: boolean;
  /** true: scale-out containers at a lower priority (see `LocalCloudOptions.niceScaleOut`). */
  readonly niceScaleOut?: boolean;
  /** A folder for the containers' compile cache (see `LocalCloudOptions.compileCache`). */
  readonly compileCache?: string;
  /** A message of the local runtime (functions rebuilt). */
  readonly notice: (line: string) => void;
}

/** Weight 110 against 1,024 at nice 0: about a ninth of a first container's share of a core. */
const SCALE_OUT_NICENESS = 10;

export interface LambdaService {
  /** One pool per function, by name. */
  readonly pools: ReadonlyMap<string, LambdaPool>;
  /** Ends every invocation running now, as a Lambda sandbox that is stopped. */
  endInvocations(): Promise<void>;
}

/**
 * Lambda: the functions bundled as they deploy, and a pool of containers per function,
 * each with its environment and its share of the account's concurrency.
 */
export function lambdaService(options: LambdaServiceOptions): LocalService<LambdaService> {
  const pools = new Map<string, LambdaPool>();
  let bundles: FunctionBundles | undefined;
  const closePools = () => Promise.all([...pools.values()].map((pool) => pool.close()));
  return {
    name: 'lambda',
    async start() {
      const { functions } = options;
      // Lambda's unreserved concurrency: the account's, less what functions reserve.
      const unreserved = new AccountConcurrency(
        service.local.accountConcurrency -
          Object.values(functions).reduce((sum, spec) => sum + (spec.reservedConcurrency ?? 0), 0),
      );
      bundles = await buildFunctionBundles(
        await subDir(options.dataDir, 'build'),
        options.watch
          ? (changed) => {
              // As a deployment updates only the functions whose code changed, and leaves the
              // others' sandboxes warm.
              const reloaded = [...pools].filter(([name]) => changed.has(name));
              for (const [, pool] of reloaded) pool.reload();
              options.notice(
                rebuildNotice(
                  reloaded.map(([name]) => name),
                  pools.size,
                ),
              );
            }
          : undefined,
        options.extraFunctions,
        options.watch ? undefined : options.prebuiltBundles,
      );
      const resources: LocalResources = {
        ...options.resources,
        // KMS's stand-in: given only to the functions with `secrets`.
        secretsKey: await localSecretsKey(options.dataDir),
      };
      const queueWorkers = new Set<string>(queueNames.map((queue) => workerOf(queue)));
      for (const [name, spec] of Object.entries(functions)) {
        pools.set(
          name,
          new LambdaPool({
            name,
            spec,
            runtimePath: bundles.path(RUNTIME_ENTRY),
            bundlePath: bundles.path(name),
            environment: lambdaEnvironment(name, spec, resources),
            concurrency: spec.reservedConcurrency,
            unreserved,
            idleReclaimMs: service.local.idleReclaimMs,
            // Queue workers share this machine's cores with the API (on AWS they would not):
            // at nice 19, and in SCHED_IDLE where it can, they take only what the API leaves
            // (bench/README.md, load and flood).
            ...(queueWorkers.has(name) && options.niceWorkers !== false
              ? { niceness: 19, idleScheduling: true }
              : {}),
            // A function's scale-out containers give way to every function's first one: a burst
            // on one route takes about one container's share of the cores, not one per
            // concurrent invocation (on AWS each has its own; docs/local-runtime.md, "CPU isolation").
            scaleOutNiceness: options.niceScaleOut ? SCALE_OUT_NICENESS : undefined,
            compileCache: options.compileCache,
            events: options.events,
          }),
        );
      }
      return {
        pools,
        endInvocations: async () => {
          await closePools();
        },
      };
    },
    async close() {
      await closePools();
      await bundles?.close();
      bundles = undefined;
    },
  };
}

/** The local webhook secrets key, `local:<base64>`, made on first use and kept in the data folder. */
async function localSecretsKey(base: string): Promise<string> {
  const file = join(await subDir(base, 'secrets'), 'webhook-secrets.key');
  try {
    return `local:${(await readFile(file, 'utf8')).trim()}`;
  } catch {
    const key = randomBytes(32).toString('base64');
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return `local:${key}`;
  }
}

/**
 * The developer's line after a rebuild: which functions run new code. A change to shared
 * code changes most bundles, and two dozen names on one line say less than "all".
 */
export function rebuildNotice(reloaded: readonly string[], functions: number): string {
  if (reloaded.length === 0) return "functions rebuilt: no function's code changed";
  if (reloaded.length === functions && functions > 1) {
    return `functions rebuilt: all ${functions} run the new code`;
  }
  const verb = reloaded.length === 1 ? 'runs' : 'run';
  return `functions rebuilt: ${reloaded.join(', ')} ${verb} the new code`;
}
