import { CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { service } from '../description';
import { retentionOf } from './log-retention';

const methods: Record<(typeof service.media.cors.allowedMethods)[number], s3.HttpMethods> = {
  POST: s3.HttpMethods.POST,
  GET: s3.HttpMethods.GET,
  HEAD: s3.HttpMethods.HEAD,
};

/**
 * The media bucket: private (every public access blocked, ACLs disabled),
 * encrypted (SSE-S3), TLS only, versioned, with CORS for browser uploads,
 * server access logs, and a lifecycle rule for every prefix: incomplete
 * multipart uploads aborted, what is left under uploads/ (rejected or never
 * processed) expired, renditions and cards moved to Intelligent-Tiering once a
 * month old; noncurrent versions removed after a while.
 */
export class MediaBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  /** The log group of CDK's bucket-notifications handler, with the service's retention. */
  private notificationLogs?: logs.LogGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { media } = service;
    // Log delivery by bucket policy (AWS's recommendation), not the LogDeliveryWrite ACL, so
    // both buckets keep ACLs disabled; set here so it holds whatever the app's context says.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 server access logs can only be delivered to an SSE-S3 bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      // Logs are operational, not user data: they go with the stack (emptied first).
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the media bucket server access logs; logging it too would only log the log deliveries.',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // SSE-S3: encrypted at rest with no key policy; presigned POSTs and GETs need no KMS grant.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'media/',
      // An overwrite or delete (by a bug, or by stolen credentials) keeps the previous version
      // for `noncurrentVersionDays`, then the lifecycle removes it.
      versioned: true,
      cors: [
        {
          allowedOrigins: [...media.cors.allowedOrigins],
          allowedMethods: media.cors.allowedMethods.map((m) => methods[m]),
          allowedHeaders: [...media.cors.allowedHeaders],
          exposedHeaders: [...media.cors.exposedHeaders],
          maxAge: media.cors.maxAgeSeconds,
        },
      ],
      lifecycleRules: [
        {
          id: 'abort-incomplete-multipart-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(
            media.lifecycle.abortIncompleteUploadsAfterDays,
          ),
        },
        {
          // The worker deletes every upload it decides on; what is still here was rejected
          // but could not be deleted, or never processed (its event in the DLQ past redrive).
          id: 'expire-rejected-and-unprocessed-uploads',
          prefix: media.prefixes.uploads,
          expiration: Duration.days(media.lifecycle.expireUploadsAfterDays),
        },
        // Every other prefix holds what a post shows for as long as it lives: tiered, not expired.
        ...[media.prefixes.renditions, media.prefixes.cards].map((prefix) => ({
          id: `tier-${prefix.replace(/\/$/, '')}`,
          prefix,
          transitions: [
            {
              storageClass: s3.StorageClass.INTELLIGENT_TIERING,
              transitionAfter: Duration.days(media.lifecycle.tierKeptImagesAfterDays),
            },
          ],
        })),
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(media.lifecycle.noncurrentVersionDays),
          expiredObjectDeleteMarker: true,
        },
      ],
      // Images are user data: deleting the stack must never delete them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Announces every object created under uploads/ on `queue` (S3 event
   * notifications; the queue gets the policy letting this bucket send).
   */
  notifyUploads(queue: sqs.IQueue): void {
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(queue), {
      prefix: service.media.prefixes.uploads,
    });
    // S3 notifications are configured through a CDK-provided custom resource: one Lambda per
    // stack, with CDK's own role. Its findings are acknowledged where it lives.
    const handler = Stack.of(this).node.tryFindChild(
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
    );
    const role = handler?.node.tryFindChild('Role');
    const fn = handler?.node.tryFindChild('Resource');
    // CDK writes it as a plain CfnResource of type AWS::Lambda::Function.
    if (fn instanceof CfnResource && !this.notificationLogs) {
      // Left alone, Lambda creates its log group on first run, with no retention.
      this.notificationLogs = new logs.LogGroup(this, 'NotificationsHandlerLogs', {
        retention: retentionOf(service.logRetentionDays),
        removalPolicy: RemovalPolicy.DESTROY,
      });
      fn.addPropertyOverride('LoggingConfig', { LogGroup: this.notificationLogs.logGroupName });
    }
    if (role) {
      Validations.of(role).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "CDK's bucket-notifications custom resource: its role carries AWSLambdaBasicExecutionRole, as CDK builds it; it runs only at deploy time.",
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            "CDK's bucket-notifications custom resource needs s3:PutBucketNotification on the buckets it configures; CDK writes that policy, with a wildcard resource.",
        },
      );
    }
  }
}
