import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PostsApiStack } from '../../lib/posts-api-stack';
import { synthStack } from '../support/synth';
import { functions, queues, service, type FunctionName } from '../../lib/description';

interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}
interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

let stack: PostsApiStack;
let resources: Record<string, CfnResource>;

beforeAll(() => {
  ({ stack } = synthStack());
  resources = synthStack().resources as Record<string, CfnResource>;
});

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const bucketId = () => idOf(stack.media.bucket);
const bucket = () => resources[bucketId()]!;

function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') return [o.Ref];
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
    return Object.values(o).flatMap(referencedIds);
  }
  return [];
}

/** `<bucket arn>/<suffix>` as CloudFormation writes it, or undefined for any other resource. */
function objectPattern(resource: unknown): string | undefined {
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return undefined;
  const [first, suffix] = join[1];
  if (referencedIds(first)[0] !== bucketId() || typeof suffix !== 'string') return undefined;
  return suffix;
}

function statementsOf(name: FunctionName): Statement[] {
  const fn = resources[idOf(stack.functions.byName[name])]!;
  const [role] = referencedIds(fn.Properties.Role);
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' && referencedIds(r.Properties.Roles).includes(role ?? ''),
    )
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('media bucket', () => {
  it('is private: every public access blocked, ACLs disabled, retained with the stack gone', () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
    expect(bucket().DeletionPolicy).toBe('Retain');
  });

  it('encrypts at rest (SSE-S3) and refuses anything but TLS', () => {
    expect(bucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ],
    });
    const policy = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::S3::BucketPolicy' &&
        referencedIds(r.Properties.Bucket).includes(bucketId()),
    );
    const statements = (policy?.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('has a lifecycle rule for every prefix and old versions: uploads expire, renditions and cards are tiered', () => {
    const { lifecycle, prefixes } = service.media;
    expect(bucket().Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'abort-incomplete-multipart-uploads',
          AbortIncompleteMultipartUpload: {
            DaysAfterInitiation: lifecycle.abortIncompleteUploadsAfterDays,
          },
          Status: 'Enabled',
        },
        {
          Id: 'expire-rejected-and-unprocessed-uploads',
          Prefix: prefixes.uploads,
          ExpirationInDays: lifecycle.expireUploadsAfterDays,
          Status: 'Enabled',
        },
        ...[prefixes.renditions, prefixes.cards].map((prefix) => ({
          Id: `tier-${prefix.slice(0, -1)}`,
          Prefix: prefix,
          Transitions: [
            {
              StorageClass: 'INTELLIGENT_TIERING',
              TransitionInDays: lifecycle.tierKeptImagesAfterDays,
            },
          ],
          Status: 'Enabled',
        })),
        {
          Id: 'expire-noncurrent-versions',
          ExpiredObjectDeleteMarker: true,
          NoncurrentVersionExpiration: { NoncurrentDays: lifecycle.noncurrentVersionDays },
          Status: 'Enabled',
        },
      ],
    });
    const rules = (bucket().Properties.LifecycleConfiguration as { Rules: { Prefix?: string }[] })
      .Rules;
    for (const prefix of Object.values(prefixes)) {
      expect(
        rules.map((r) => r.Prefix),
        prefix,
      ).toContain(prefix);
    }
  });

  it('is versioned: an overwrite or delete keeps the previous version', () => {
    expect(bucket().Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('allows browser uploads (CORS from the description) and writes server access logs to its own private bucket', () => {
    const { cors } = service.media;
    expect(bucket().Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedOrigins: cors.allowedOrigins,
          AllowedMethods: cors.allowedMethods,
          AllowedHeaders: cors.allowedHeaders,
          ExposedHeaders: cors.exposedHeaders,
          MaxAge: cors.maxAgeSeconds,
        },
      ],
    });
    const logging = bucket().Properties.LoggingConfiguration as { DestinationBucketName: unknown };
    const logs = resources[referencedIds(logging.DestinationBucketName)[0] ?? '']!;
    expect(logs.Type).toBe('AWS::S3::Bucket');
    expect(logs.Properties.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(logs.Properties.AccessControl).toBeUndefined();
  });
});

describe('upload notifications', () => {
  const queueId = () => idOf(stack.jobQueues.byName.media.queue);

  it('sends every ObjectCreated under uploads/ (and nothing else) to the media queue', () => {
    const notifications = Object.values(resources).filter(
      (r) => r.Type === 'Custom::S3BucketNotifications',
    );
    expect(notifications).toHaveLength(1);
    const props = notifications[0]!.Properties;
    expect(referencedIds(props.BucketName)).toEqual([bucketId()]);
    expect(props.NotificationConfiguration).toEqual({
      QueueConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: { FilterRules: [{ Name: 'prefix', Value: service.media.prefixes.uploads }] },
          },
          QueueArn: { 'Fn::GetAtt': [queueId(), 'Arn'] },
        },
      ],
    });
  });

  it('lets only this bucket send to the media queue, which dead-letters after its receives', () => {
    const policies = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::SQS::QueuePolicy' &&
        referencedIds(r.Properties.Queues).includes(queueId()),
    );
    const allows = policies
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(
      actions(allows[0]!).every((a) =>
        /^sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$/.test(a),
      ),
    ).toBe(true);
    expect(allows).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [queueId(), 'Arn'] },
        Principal: { Service: 's3.amazonaws.com' },
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId(), 'Arn'] } } },
      }),
    ]);
    const queue = resources[queueId()]!.Properties;
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [idOf(stack.jobQueues.byName.media.deadLetter), 'Arn'] },
      maxReceiveCount: queues.media.maxReceiveCount,
    });
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * queues.media.worker.timeoutSeconds);
  });

  it('triggers the media worker, one upload at a time, reporting batch item failures', () => {
    const mappings = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::Lambda::EventSourceMapping' &&
        referencedIds(r.Properties.EventSourceArn).includes(queueId()),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      BatchSize: queues.media.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: queues.media.maxConcurrency },
    });
    expect(referencedIds(mappings[0]!.Properties.FunctionName)).toEqual([
      idOf(stack.functions.byName.mediaWorker),
    ]);
  });
});

describe('grants on the media bucket', () => {
  const names = Object.keys(functions) as FunctionName[];

  it.each(names)(
    '%s: exactly its bucketAccess, each on its own prefix, nothing on the bucket itself',
    (name) => {
      const granted = statementsOf(name)
        .filter((s) => actions(s).some((a) => a.startsWith('s3:')))
        .flatMap((s) => {
          const resourceList = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
          return resourceList.flatMap((r) =>
            actions(s).map((a) => `${a} ${objectPattern(r) ?? 'ELSEWHERE'}`),
          );
        })
        .sort();
      const expected = (functions[name].bucketAccess ?? [])
        .flatMap((g) => g.actions.map((a) => `${a} /${g.prefix}*`))
        .sort();
      expect(granted).toEqual(expected);
    },
  );

  it('lets the workers read uploads, the workers and a post delete remove them, only the media worker write renditions', () => {
    const who = (action: string, prefix: string) =>
      names.filter((n) =>
        (functions[n].bucketAccess ?? []).some(
          (g) => g.prefix === prefix && g.actions.includes(action as never),
        ),
      );
    expect(who('s3:GetObject', 'uploads/')).toEqual(['mediaWorker']);
    expect(who('s3:DeleteObject', 'uploads/').sort()).toEqual(['deletePost', 'mediaWorker']);
    expect(who('s3:DeleteObject', 'media/').sort()).toEqual(['deletePost', 'mediaWorker']);
    expect(who('s3:DeleteObject', 'cards/').sort()).toEqual(['deletePost', 'imageWorker']);
    expect(who('s3:PutObject', 'uploads/')).toEqual(['requestMediaUpload']);
    expect(who('s3:PutObject', 'media/')).toEqual(['mediaWorker']);
    expect(who('s3:PutObject', 'cards/')).toEqual(['imageWorker']);
  });

  it('gives each worker the memory and timeout of its description', () => {
    for (const name of ['mediaWorker', 'imageWorker'] as const) {
      const props = resources[idOf(stack.functions.byName[name])]!.Properties;
      expect(props.MemorySize).toBe(functions[name].memoryMb);
      expect(props.Timeout).toBe(functions[name].timeoutSeconds);
    }
  });
});
