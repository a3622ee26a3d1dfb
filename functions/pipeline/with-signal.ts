/** An adapter that can send its calls with an invocation's abort signal. */
export interface SignalAware {
  withSignal(signal: AbortSignal | undefined): this;
}

function isSignalAware(value: unknown): value is SignalAware {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<SignalAware>).withSignal === 'function'
  );
}

/**
 * A use case's dependencies for one invocation: every adapter in them bound to
 * the pipeline's abort signal (the rest as they are), so the use case's SDK and
 * HTTP calls stop at the deadline. Adapters stay per container; the bound
 * views are per invocation and cost one object each.
 */
export function withSignal<D extends object>(deps: D, signal: AbortSignal): D {
  // A loop, not Object.entries/map/fromEntries: this runs on every invocation, and the three
  // arrays it allocated were a visible part of a cached GET's CPU.
  const bound: Record<string, unknown> = {};
  for (const key of Object.keys(deps)) {
    bound[key] = bindSignal((deps as Record<string, unknown>)[key], signal);
  }
  return bound as D;
}

/** One dependency bound to the signal, if it can be (a test's or bench's stand-in may not). */
export function bindSignal<T>(dependency: T, signal: AbortSignal): T {
  return isSignalAware(dependency) ? dependency.withSignal(signal) : dependency;
}

/** `withSignal` for an adapter's own class: a view of `target` whose `signal` is this one. */
export function boundTo<T extends object>(target: T, signal: AbortSignal | undefined): T {
  return Object.assign(Object.create(target) as T, { signal });
}
