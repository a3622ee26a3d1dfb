/** Messages between the pool (main thread) and a container (worker thread). */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  readonly event: unknown;
  /** Epoch ms at which Lambda would end the invocation (a warm container's). */
  readonly deadline: number;
  /** The function's timeout: a cold container's invocation gets it whole after its init. */
  readonly timeoutMs: number;
  /** Lambda's init limit: an init past it eats into the function's timeout (see the pool). */
  readonly initLimitMs: number;
}

/** A new container's init is over (the bundle imported); its invocation runs next. */
export interface InitializedMessage {
  readonly type: 'initialized';
}

/** What a container wrote outside a result (a long invocation, or between invocations). */
export interface OutputMessage {
  readonly type: 'output';
  readonly text: string;
}

/**
 * A write of the in-process cache (`memory://`), relayed by the host to every other
 * container process (functions/adapters/cache/memory-store.ts).
 */
export interface BroadcastMessage {
  readonly type: 'broadcast';
  readonly channel: string;
  readonly data: unknown;
}

export type FromContainer = ResultMessage | InitializedMessage | OutputMessage | BroadcastMessage;

export type ResultMessage =
  | {
      readonly type: 'result';
      readonly requestId: string;
      readonly ok: true;
      readonly payload: unknown;
      readonly initMs?: number;
      readonly maxMemoryMb: number;
      /** What the container wrote during the invocation, before its result. */
      readonly output?: string;
    }
  | {
      readonly type: 'result';
      readonly requestId: string;
      readonly ok: false;
      readonly errorType: string;
      readonly errorMessage: string;
      readonly stack?: string;
      readonly initMs?: number;
      readonly maxMemoryMb: number;
      readonly output?: string;
      /** The container cannot serve again (its init failed). */
      readonly fatal?: boolean;
    };

export interface ContainerConfig {
  readonly bundlePath: string;
  readonly functionName: string;
  readonly memoryMb: number;
  /** Linux nice value for the container's thread (see thread-priority.ts); absent = normal. */
  readonly niceness?: number;
  /** Linux's SCHED_IDLE class for the container as well (see thread-priority.ts). */
  readonly idleScheduling?: boolean;
  /** V8's compile cache for the bundle, kept in this folder (see `LocalCloudOptions.compileCache`). */
  readonly compileCache?: string;
}

/** What an invocation came to, as Lambda's Invoke API would tell it. */
export type InvokeOutcome =
  | { readonly ok: true; readonly payload: unknown }
  | {
      readonly ok: false;
      /** e.g. `Sandbox.Timedout`, `TooManyRequestsException`, or the handler's error name. */
      readonly errorType: string;
      readonly errorMessage: string;
      readonly throttled?: boolean;
      readonly timedOut?: boolean;
    };
