import { functions, type FunctionSpec, type RouteSpec } from '../../lib/description';

/**
 * Functions and routes that exist only in tests, served by the local cloud
 * beside the described ones (`startLocalCloud({ extraFunctions, extraRoutes })`),
 * through the same bundling, pools, gateway and middleware.
 */
const base: FunctionSpec = { ...(Object.values(functions)[0] as FunctionSpec), tableActions: [] };

export const testFunctions = {
  /** Sleeps past its own deadline: the middleware must answer before Lambda's timeout. */
  overrunTest: {
    ...base,
    entry: 'test/support/functions/overrun.ts',
    description: 'test: runs past its deadline',
    // Room for a slow cold start on a loaded machine: the init counts against the timeout.
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
  },
  /** Answers at once; behind a tight route throttle. */
  echoTest: {
    ...base,
    entry: 'test/support/functions/echo.ts',
    description: 'test: answers 200 at once',
    reservedConcurrency: 10,
  },
} satisfies Record<string, FunctionSpec>;

export type TestFunctionName = keyof typeof testFunctions;

export const echoThrottle = { rateLimit: 1, burstLimit: 3 };

/** Test routes are in no document: no schemas to name. */
const untyped = { summary: 'test route', responses: {}, errors: [] } as const;

export const testRoutes: readonly RouteSpec<TestFunctionName>[] = [
  { method: 'GET', path: '/_test/overrun', function: 'overrunTest', ...untyped },
  { method: 'GET', path: '/_test/echo', function: 'echoTest', throttle: echoThrottle, ...untyped },
];
