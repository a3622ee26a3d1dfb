import { describe, expect, it } from 'vitest';
import {
  description as real,
  queues,
  type Description,
  type FunctionSpec,
  type QueueSpec,
} from '../../lib/description';
import {
  assertTimeoutBudget,
  callLayers,
  timeoutBudgetViolations,
  type BudgetRule,
} from '../../lib/timeout-budget';

const [firstRoute] = real.routes;
if (!firstRoute) throw new Error('the description has no routes');
const routed = firstRoute.function;
const routedSpec = real.functions[routed] as FunctionSpec;

/** A copy of the real description with one function's spec changed. */
function withFunction(name: string, change: Partial<FunctionSpec>): Description {
  const spec = real.functions[name] as FunctionSpec;
  return { ...real, functions: { ...real.functions, [name]: { ...spec, ...change } } };
}

function withQueues(queues: Record<string, QueueSpec>): Description {
  return { ...real, queues };
}

const rules = (view: Description): BudgetRule[] => timeoutBudgetViolations(view).map((v) => v.rule);

describe('the timeout budget of the real description', () => {
  it('holds: no violations, and the stack check passes', () => {
    expect(timeoutBudgetViolations(real)).toEqual([]);
    expect(() => assertTimeoutBudget(real)).not.toThrow();
  });

  it('is checked for every function and every route the description has', () => {
    // Not vacuous: each function has at least its SDK layer, each route a described function.
    for (const [name, spec] of Object.entries(real.functions)) {
      expect(
        callLayers(spec).map(([layer]) => layer),
        name,
      ).toContain('sdk');
    }
    for (const route of real.routes) expect(real.functions[route.function]).toBeDefined();
  });
});

describe('a deliberately broken copy', () => {
  it('catches SDK attempts that outlast the handler deadline', () => {
    const deadlineMs = routedSpec.timeoutSeconds * 1000 - routedSpec.deadlineMarginMs;
    const broken = withFunction(routed, {
      sdk: { ...routedSpec.sdk, requestTimeoutMs: deadlineMs / routedSpec.sdk.maxAttempts },
    });
    const violations = timeoutBudgetViolations(broken);
    expect(violations).toEqual([
      expect.objectContaining({ subject: `functions.${routed}.sdk`, rule: 'call-inside-deadline' }),
    ]);
    expect(() => assertTimeoutBudget(broken)).toThrow(/call-inside-deadline/);
  });

  it('catches more attempts than the deadline has room for', () => {
    expect(rules(withFunction(routed, { sdk: { ...routedSpec.sdk, maxAttempts: 10 } }))).toEqual([
      'call-inside-deadline',
    ]);
  });

  it('catches an HTTP or cache layer as well as the SDK one', () => {
    const broken = withFunction(routed, {
      http: { connectTimeoutMs: 500, requestTimeoutMs: 3_000, maxAttempts: 3 },
      cache: { requestTimeoutMs: 50, maxAttempts: 1 },
    });
    const violations = timeoutBudgetViolations(broken);
    expect(violations.map((v) => v.subject)).toEqual([`functions.${routed}.http`]);
  });

  it('catches a connect timeout not inside its request timeout', () => {
    const broken = withFunction(routed, {
      sdk: { ...routedSpec.sdk, connectTimeoutMs: routedSpec.sdk.requestTimeoutMs },
    });
    expect(rules(broken)).toEqual(['connect-inside-request']);
  });

  it('catches a deadline margin that eats the whole Lambda timeout', () => {
    expect(
      rules(withFunction(routed, { deadlineMarginMs: routedSpec.timeoutSeconds * 1000 })),
    ).toEqual(['deadline-inside-lambda']);
    expect(rules(withFunction(routed, { deadlineMarginMs: 0 }))).toEqual([
      'deadline-inside-lambda',
    ]);
  });

  it('catches a Lambda timeout at or over the integration timeout of its route', () => {
    const broken = withFunction(routed, {
      timeoutSeconds: real.api.integrationTimeoutMs / 1000,
    });
    const violations = timeoutBudgetViolations(broken);
    expect(violations).toContainEqual(
      expect.objectContaining({
        subject: `${firstRoute.method} ${firstRoute.path}`,
        rule: 'lambda-inside-integration',
      }),
    );
  });

  it('catches a route integration timeout over 29 s, or under its function', () => {
    const over = {
      ...real,
      routes: real.routes.map((r, i) => (i === 0 ? { ...r, integrationTimeoutMs: 30_000 } : r)),
    };
    expect(rules(over)).toEqual(['integration-limit']);
    const under = {
      ...real,
      routes: real.routes.map((r, i) =>
        i === 0 ? { ...r, integrationTimeoutMs: routedSpec.timeoutSeconds * 1000 } : r,
      ),
    };
    expect(rules(under)).toEqual(['lambda-inside-integration']);
    expect(rules({ ...real, api: { integrationTimeoutMs: 35_000 } })).toContain(
      'integration-limit',
    );
  });

  it('catches a route to a function the description does not have', () => {
    const broken = { ...real, routes: [{ ...firstRoute, function: 'nobody' }] };
    expect(rules(broken)).toEqual(['unknown-function']);
  });
});

describe('queues', () => {
  const [first] = Object.values(queues);
  if (!first) throw new Error('the description has no queues');
  const aQueue: QueueSpec = first;
  const queue = (worker: Partial<FunctionSpec>, visibilityTimeoutSeconds: number): QueueSpec => ({
    ...aQueue,
    worker: { ...aQueue.worker, ...worker },
    visibilityTimeoutSeconds,
  });

  it('accepts a visibility timeout of at least 6 x the worker timeout', () => {
    expect(
      timeoutBudgetViolations(withQueues({ jobs: queue({ timeoutSeconds: 30 }, 180) })),
    ).toEqual([]);
  });

  it('catches a visibility timeout under 6 x the worker timeout', () => {
    const violations = timeoutBudgetViolations(
      withQueues({ jobs: queue({ timeoutSeconds: 30 }, 179) }),
    );
    expect(violations).toEqual([
      expect.objectContaining({ subject: 'queues.jobs', rule: 'visibility-covers-worker' }),
    ]);
    expect(violations[0]?.detail).toMatch(/179 s is under 6 x its worker's 30 s = 180 s/);
  });

  it("checks every queue's worker as a function, its own layers included", () => {
    const [name, spec] = Object.entries(real.functions).find(([fn]) => fn.endsWith('Worker')) ?? [];
    if (!name || !spec) throw new Error('the description has no worker');
    const broken = withFunction(name, { sdk: { ...spec.sdk, maxAttempts: 100 } });
    expect(timeoutBudgetViolations(broken)).toEqual([
      expect.objectContaining({ subject: `functions.${name}.sdk`, rule: 'call-inside-deadline' }),
    ]);
  });
});
