import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The description states retention in plain days; CloudWatch Logs only takes certain values,
 * so a typo there must fail synth rather than the deployment.
 */
export function retentionOf(days: number): logs.RetentionDays {
  const known = Object.values(logs.RetentionDays).filter((v) => typeof v === 'number');
  if (!known.includes(days)) throw new Error(`${days} days is not a CloudWatch Logs retention`);
  return days as logs.RetentionDays;
}
