/**
 * CDK configures a bucket's S3 notifications with a custom resource: one
 * Lambda function per stack, CDK's own (not in the description, never traced,
 * run only at deploy time). Tests about the described functions leave it out.
 */
export const isCdkNotificationsHandler = (logicalId: string): boolean =>
  /^BucketNotificationsHandler[0-9a-f]{32}/.test(logicalId);
