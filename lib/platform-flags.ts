import type { IConstruct } from 'constructs';

/**
 * The optional parts of the platform, chosen at deploy time with CDK context:
 *
 *   npx cdk deploy -c apiKeys=on -c tracing=on -c alarmEmail=ops@example.com
 *   npx cdk deploy -c waf=off -c cognitoPlan=essentials
 *
 * API keys (they change the contract for clients) and X-Ray traces (they cost money
 * every month) are off by default. The WAF web ACL is on: it is what limits the
 * public reads per client address (docs/security.md); `-c waf=off` leaves it out of
 * a dev stack, for its monthly cost. The Cognito plan is Plus unless Essentials is
 * asked for.
 */
export interface PlatformFlags {
  /** Usage plans with per-client quotas; every method then needs an `x-api-key`. */
  readonly apiKeys: boolean;
  /** An AWS WAF web ACL with a per-IP rate-based rule on the public reads (on by default). */
  readonly waf: boolean;
  /** X-Ray active tracing on every function and on the API stage. */
  readonly tracing: boolean;
  /** Where alarm notifications are emailed (the address confirms the subscription). */
  readonly alarmEmail?: string;
  /**
   * The user pool's feature plan (`-c cognitoPlan=essentials`): Plus (the default) adds
   * threat protection, blocking compromised credentials and risky sign-ins, for
   * $0.02 per monthly active user; Essentials has none of it, for $0.015 (docs/cost.md).
   */
  readonly cognitoPlan: CognitoPlan;
}

export const COGNITO_PLANS = ['plus', 'essentials'] as const;
export type CognitoPlan = (typeof COGNITO_PLANS)[number];

export const FLAG_NAMES = ['apiKeys', 'waf', 'tracing'] as const;

/** What a flag is when the context does not name it. */
const FLAG_DEFAULTS: Record<(typeof FLAG_NAMES)[number], boolean> = {
  apiKeys: false,
  waf: true,
  tracing: false,
};

export function platformFlags(scope: IConstruct): PlatformFlags {
  const [apiKeys, waf, tracing] = FLAG_NAMES.map((name) =>
    onOff(name, scope.node.tryGetContext(name), FLAG_DEFAULTS[name]),
  ) as [boolean, boolean, boolean];
  const cognitoPlan = planOf(scope.node.tryGetContext('cognitoPlan'));
  const alarmEmail = scope.node.tryGetContext('alarmEmail') as unknown;
  if (alarmEmail !== undefined && alarmEmail !== '') {
    if (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
      throw new Error(`-c alarmEmail=${String(alarmEmail)} is not an email address`);
    }
    return { apiKeys, waf, tracing, alarmEmail, cognitoPlan };
  }
  return { apiKeys, waf, tracing, cognitoPlan };
}

function planOf(value: unknown): CognitoPlan {
  if (value === undefined || value === '') return 'plus';
  const plan = COGNITO_PLANS.find((p) => p === value);
  if (!plan) throw new Error(`-c cognitoPlan=${String(value)}: use ${COGNITO_PLANS.join(' or ')}`);
  return plan;
}

/** `on`/`off` (also true/false, as cdk.json or tests may give them); a typo fails synth. */
function onOff(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === false || value === 'off' || value === 'false') return false;
  if (value === true || value === 'on' || value === 'true') return true;
  throw new Error(`-c ${name}=${String(value)}: use on or off`);
}
