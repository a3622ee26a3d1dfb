import type { CallTimeouts, Description, FunctionSpec } from './description';

/**
 * One timeout budget, layer inside layer. For a function behind a route:
 *
 *   every call's attempts  <  handler deadline  <  Lambda timeout  <  integration timeout  <=  29 s
 *   (requestTimeoutMs x maxAttempts)  (timeout - deadlineMarginMs)
 *
 * and a queue's visibility timeout is at least 6 x its worker's timeout (AWS's
 * advice: a message must not reappear while a retried batch still runs).
 * Each layer must end strictly before the one around it, or the outer one
 * fires first and the inner answer (a 503, a 504, a logged error) is lost.
 */

/** API Gateway REST API's integration timeout ceiling (the default quota). */
export const API_GATEWAY_MAX_INTEGRATION_TIMEOUT_MS = 29_000;
/** SQS visibility timeout over the worker's timeout, as AWS recommends for Lambda event sources. */
export const VISIBILITY_TO_WORKER_TIMEOUT = 6;

export type BudgetRule =
  | 'deadline-inside-lambda'
  | 'connect-inside-request'
  | 'call-inside-deadline'
  | 'lambda-inside-integration'
  | 'integration-limit'
  | 'visibility-covers-worker'
  | 'unknown-function';

export interface BudgetViolation {
  /** What is out of budget: `functions.getPost.sdk`, `GET /posts/{id}`, `queues.analytics`. */
  readonly subject: string;
  readonly rule: BudgetRule;
  readonly detail: string;
}

/** Every violation of the budget in a description; empty when it holds. */
export function timeoutBudgetViolations(view: Description): BudgetViolation[] {
  const violations: BudgetViolation[] = [];
  const add = (subject: string, rule: BudgetRule, detail: string) =>
    violations.push({ subject, rule, detail });

  for (const [name, spec] of Object.entries(view.functions)) {
    checkFunction(`functions.${name}`, spec, add);
  }

  if (!(view.api.integrationTimeoutMs <= API_GATEWAY_MAX_INTEGRATION_TIMEOUT_MS)) {
    add(
      'api',
      'integration-limit',
      `integration timeout ${view.api.integrationTimeoutMs} ms is over API Gateway's ${API_GATEWAY_MAX_INTEGRATION_TIMEOUT_MS} ms`,
    );
  }
  for (const route of view.routes) {
    const subject = `${route.method} ${route.path}`;
    const integrationMs = route.integrationTimeoutMs ?? view.api.integrationTimeoutMs;
    if (route.integrationTimeoutMs !== undefined) {
      if (!(integrationMs > 0 && integrationMs <= API_GATEWAY_MAX_INTEGRATION_TIMEOUT_MS)) {
        add(
          subject,
          'integration-limit',
          `integration timeout ${integrationMs} ms is not within (0, ${API_GATEWAY_MAX_INTEGRATION_TIMEOUT_MS}] ms`,
        );
      }
    }
    const spec = view.functions[route.function];
    if (!spec) {
      add(subject, 'unknown-function', `routes to ${route.function}, which is not described`);
      continue;
    }
    const lambdaMs = spec.timeoutSeconds * 1000;
    if (!(lambdaMs < integrationMs)) {
      add(
        subject,
        'lambda-inside-integration',
        `${route.function}'s Lambda timeout ${lambdaMs} ms is not under the integration timeout ${integrationMs} ms: API Gateway would answer its own 504 first`,
      );
    }
  }

  // A queue's worker is also one of `functions` (checked above): here only the queue's own rule.
  for (const [name, queue] of Object.entries(view.queues)) {
    const needed = VISIBILITY_TO_WORKER_TIMEOUT * queue.worker.timeoutSeconds;
    if (!(queue.visibilityTimeoutSeconds >= needed)) {
      add(
        `queues.${name}`,
        'visibility-covers-worker',
        `visibility timeout ${queue.visibilityTimeoutSeconds} s is under ${VISIBILITY_TO_WORKER_TIMEOUT} x its worker's ${queue.worker.timeoutSeconds} s = ${needed} s`,
      );
    }
  }
  return violations;
}

/** Throws, listing every violation, when the budget does not hold (the stack's synth check). */
export function assertTimeoutBudget(view: Description): void {
  const violations = timeoutBudgetViolations(view);
  if (violations.length > 0) throw new Error(describeViolations(violations));
}

export function describeViolations(violations: readonly BudgetViolation[]): string {
  return [
    'The service description breaks its timeout budget (lib/timeout-budget.ts):',
    ...violations.map((v) => `  - ${v.subject} [${v.rule}]: ${v.detail}`),
  ].join('\n');
}

/** Every property of a function spec shaped like CallTimeouts: `sdk`, `http`, `cache`, ... */
export function callLayers(spec: FunctionSpec): [string, CallTimeouts][] {
  return Object.entries(spec).filter((entry): entry is [string, CallTimeouts] => {
    const value = entry[1] as Partial<CallTimeouts> | null;
    return (
      !!value &&
      typeof value === 'object' &&
      typeof value.requestTimeoutMs === 'number' &&
      typeof value.maxAttempts === 'number'
    );
  });
}

function checkFunction(
  subject: string,
  spec: FunctionSpec,
  add: (subject: string, rule: BudgetRule, detail: string) => void,
): void {
  const lambdaMs = spec.timeoutSeconds * 1000;
  const deadlineMs = lambdaMs - spec.deadlineMarginMs;
  if (!(spec.deadlineMarginMs > 0 && deadlineMs > 0)) {
    add(
      subject,
      'deadline-inside-lambda',
      `deadline margin ${spec.deadlineMarginMs} ms leaves no handler deadline inside the ${lambdaMs} ms Lambda timeout`,
    );
    return;
  }
  for (const [layer, call] of callLayers(spec)) {
    const where = `${subject}.${layer}`;
    if (call.connectTimeoutMs !== undefined && !(call.connectTimeoutMs < call.requestTimeoutMs)) {
      add(
        where,
        'connect-inside-request',
        `connect timeout ${call.connectTimeoutMs} ms is not under the request timeout ${call.requestTimeoutMs} ms`,
      );
    }
    const worstMs = call.requestTimeoutMs * call.maxAttempts;
    if (!(call.maxAttempts >= 1 && worstMs < deadlineMs)) {
      add(
        where,
        'call-inside-deadline',
        `${call.maxAttempts} attempts x ${call.requestTimeoutMs} ms = ${worstMs} ms is not under the handler deadline ${deadlineMs} ms (${lambdaMs} ms timeout - ${spec.deadlineMarginMs} ms margin)`,
      );
    }
  }
}
