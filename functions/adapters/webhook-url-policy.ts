import { readEnvironment, type EnvironmentSource } from '../../lib/description';
import type { UrlPolicy } from '../domain/webhook-url';

/**
 * Set by the local runtime only (local/local-cloud.ts): there the receiver of
 * a webhook is on this machine. The stack never sets it, so the cloud
 * accepts https to public addresses only.
 */
export function webhookUrlPolicy(environment?: EnvironmentSource): UrlPolicy {
  return { allowLoopback: readEnvironment(undefined, environment).webhooksMayCallLoopback() };
}
