import type { UsagePlanSpec } from '../../lib/description';

/**
 * A usage plan's quota, per API key: requests counted per calendar period
 * (UTC), as API Gateway counts them; once the limit is reached the key gets
 * 429 QUOTA_EXCEEDED until the next period.
 */
export class UsagePlanQuota {
  private readonly used = new Map<string, { period: string; count: number }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Counts the request against the key's quota; false when the quota is spent. */
  take(apiKey: string, plan: UsagePlanSpec): boolean {
    const period = periodOf(this.now(), plan.quota.period);
    const entry = this.used.get(apiKey);
    const count = entry?.period === period ? entry.count : 0;
    if (count >= plan.quota.limit) return false;
    this.used.set(apiKey, { period, count: count + 1 });
    return true;
  }
}

function periodOf(at: Date, period: UsagePlanSpec['quota']['period']): string {
  const day = at.toISOString().slice(0, 10);
  if (period === 'DAY') return day;
  if (period === 'MONTH') return day.slice(0, 7);
  // Weeks start on Monday.
  const monday = new Date(at);
  monday.setUTCDate(at.getUTCDate() - ((at.getUTCDay() + 6) % 7));
  return `W${monday.toISOString().slice(0, 10)}`;
}
