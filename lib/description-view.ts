import * as described from './service';
import type { FunctionSpec, RouteSpec } from './service';

/**
 * The service description as the guardrail checks (timeout budget, worker
 * concurrency) read it: plain data, so a test can hand them a deliberately
 * broken copy, and the stack the real one.
 */
export interface DescriptionView {
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly routes: readonly RouteSpec<string>[];
  readonly api: { readonly integrationTimeoutMs: number };
  /** Job queues and the worker each triggers, when the description declares any. */
  readonly queues?: Readonly<Record<string, QueueView>>;
}

export interface QueueView {
  readonly visibilityTimeoutSeconds: number;
  /** The worker function's name in `functions`, or its spec written inline. */
  readonly worker?: string | FunctionSpec;
  /** The event source's maximum concurrency, when set. */
  readonly maxConcurrency?: number;
}

/**
 * The real description. Queues are read from `queues` (exported, or under
 * `service`) whatever else they carry, so the checks cover them from the day
 * they are declared; the worker is the entry's `worker` or `function`, or the
 * function whose spec says `queue: <that queue>`. An entry with no worker (a
 * dead-letter queue) has nothing to check.
 */
export function describedService(): DescriptionView {
  const { functions, routes, service } = described;
  // Asked with `in`: the module may not export `queues` at all (yet).
  const queues = 'queues' in described ? (described as { queues?: unknown }).queues : undefined;
  return viewOf({ functions, routes, service, queues });
}

/** The raw shape a description module has: its exports, queues optional and of any shape. */
export interface DescriptionSource {
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly routes: readonly RouteSpec<string>[];
  readonly service: { readonly api: { readonly integrationTimeoutMs: number } };
  readonly queues?: unknown;
}

export function viewOf(source: DescriptionSource): DescriptionView {
  const queues = queuesOf(
    source.queues ?? ('queues' in source.service ? source.service.queues : undefined),
    source.functions,
  );
  return {
    functions: source.functions,
    routes: source.routes,
    api: source.service.api,
    ...(queues ? { queues } : {}),
  };
}

function queuesOf(
  value: unknown,
  functions: Readonly<Record<string, FunctionSpec>>,
): Record<string, QueueView> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const views: Record<string, QueueView> = {};
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object') continue;
    const q = entry as Record<string, unknown>;
    // The queue names its worker, or a function names the queue it consumes.
    const worker =
      q.worker ??
      q.function ??
      Object.keys(functions).find(
        (fn) => (functions[fn] as { queue?: unknown } | undefined)?.queue === name,
      );
    const maxConcurrency = q.maxConcurrency ?? q.maximumConcurrency;
    views[name] = {
      // NaN when absent: the budget check then reports it rather than passing silently.
      visibilityTimeoutSeconds:
        typeof q.visibilityTimeoutSeconds === 'number' ? q.visibilityTimeoutSeconds : Number.NaN,
      ...(typeof worker === 'string' || isFunctionSpec(worker) ? { worker } : {}),
      ...(typeof maxConcurrency === 'number' ? { maxConcurrency } : {}),
    };
  }
  return views;
}

function isFunctionSpec(value: unknown): value is FunctionSpec {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as { timeoutSeconds?: unknown }).timeoutSeconds === 'number'
  );
}

/** The worker spec a queue triggers, by name or inline; undefined when the name is unknown. */
export function workerOf(
  view: DescriptionView,
  queue: QueueView,
): { name: string; spec: FunctionSpec | undefined; inline: boolean } | undefined {
  if (queue.worker === undefined) return undefined;
  if (typeof queue.worker === 'string') {
    return { name: queue.worker, spec: view.functions[queue.worker], inline: false };
  }
  return { name: 'its worker', spec: queue.worker, inline: true };
}
