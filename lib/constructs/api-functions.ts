import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  functionDescription,
  functionEnvironment,
  functions,
  internetDependencies,
  queueEnvironment,
  routes,
  service,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
} from '../description';
import type { CacheNetwork } from './cache-network';
import { retentionOf } from './log-retention';
import type { ServerlessCache } from './serverless-cache';
import { StackBundles } from './stack-bundles';

/** The repository root: handler entries in the service description are relative to it. */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ApiFunctionsProps {
  readonly table: dynamodb.Table;
  /** The cache and its network; absent with `-c cache=off` (no VPC, no cache). */
  readonly cache?: { readonly network: CacheNetwork; readonly cache: ServerlessCache };
  /** The partner API's URL, for the functions that use `partner`. */
  readonly partnerApiUrl?: string;
  /**
   * The job queues: functions get the URLs of those they use and may send to `sendsTo` only;
   * the functions that use `queue-status` (the health check) probe them all.
   */
  readonly queues?: Readonly<Record<QueueName, sqs.IQueue>>;
  readonly mediaBucket: s3.IBucket;
  /** Seals webhook signing secrets: Encrypt for `secrets: 'seal'`, Decrypt for `'open'`. */
  readonly secretsKey: kms.IKey;
}

/** One Lambda function per entry in the service description, each with its own role and logs. */
export class ApiFunctions extends Construct {
  readonly byName: Readonly<Record<FunctionName, lambda.Function>>;
  private readonly bundles = new StackBundles(repoRoot);

  constructor(scope: Construct, id: string, props: ApiFunctionsProps) {
    super(scope, id);
    const names = Object.keys(functions) as FunctionName[];
    this.byName = Object.fromEntries(
      names.map((name) => [name, this.build(name, props.table, props)]),
    ) as Record<FunctionName, lambda.Function>;
  }

  private build(
    name: FunctionName,
    table: dynamodb.Table,
    props: ApiFunctionsProps,
  ): lambda.Function {
    const spec: FunctionSpec = functions[name];
    const uses = spec.uses ?? [];
    if (uses.includes('cache') && uses.some((u) => internetDependencies.includes(u))) {
      throw new Error(
        `${name}: a function cannot use the cache (in the VPC, no NAT) and reach the internet`,
      );
    }
    // Only functions that use the cache go in the VPC, and only when there is a cache.
    const cache = uses.includes('cache') ? props.cache : undefined;
    const scope = new Construct(this, name);

    const logGroup = new logs.LogGroup(scope, 'Logs', {
      retention: retentionOf(service.logRetentionDays),
      // Logs are operational, not user data: they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: that managed policy lets the
    // function write to any log group in the account; this one may only write to its own.
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${service.name} ${name}: its own log group, its table actions and bucket prefixes only`,
    });
    logGroup.grantWrite(role);

    const fn = new lambda.Function(scope, 'Function', {
      // The bundle is index.mjs, from the one esbuild run of every function (stack-bundles.ts).
      code: this.bundles.code(name),
      handler: 'index.handler',
      description: functionDescription(name, spec.description),
      runtime: lambda.Runtime.NODEJS_24_X,
      // Graviton: cheaper per GB-second and as fast for this I/O-bound work.
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      reservedConcurrentExecutions: spec.reservedConcurrency,
      role,
      logGroup,
      environment: {
        ...functionEnvironment(
          {
            tableName: table.tableName,
            mediaBucket: props.mediaBucket.bucketName,
            secretsKey: props.secretsKey.keyArn,
            // functionEnvironment gives each function only what its `uses` asks for.
            cache: props.cache?.cache.connection,
            partnerApiUrl: props.partnerApiUrl,
            queueUrls: Object.fromEntries(
              Object.entries(props.queues ?? {}).map(([queue, q]) => [queue, q.queueUrl]),
            ),
          },
          spec,
        ),
        ...(props.queues
          ? queueEnvironment(name, (queue) => props.queues![queue].queueUrl, spec)
          : {}),
      },
      ...(cache
        ? {
            vpc: cache.network.vpc,
            vpcSubnets: cache.network.subnets,
            securityGroups: [cache.network.functions],
          }
        : {}),
    });

    grantTableItems(role, table, name, spec);
    if (spec.secrets === 'seal') props.secretsKey.grant(role, 'kms:Encrypt');
    if (spec.secrets === 'open') props.secretsKey.grant(role, 'kms:Decrypt');
    if (cache) {
      cache.cache.grantConnect(role);
      grantNetworkInterfaces(role);
    }
    if (uses.includes('queue-status')) {
      for (const queue of Object.values(props.queues ?? {})) {
        queue.grant(role, 'sqs:GetQueueAttributes');
      }
    }
    // Send only; a worker's consume rights come with its event source (job-queues.ts).
    for (const queue of spec.sendsTo ?? []) props.queues?.[queue].grantSendMessages(fn);
    for (const grant of spec.bucketAccess ?? []) {
      const bucket = props.mediaBucket;
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...grant.actions],
          resources: [bucket.arnForObjects(`${grant.prefix}*`)],
        }),
      );
      const bucketLogicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${grant.prefix}*]`,
        reason: `Objects are per post and per upload, so the grant names the ${grant.prefix} prefix; only ${grant.actions.join(', ')}, on this bucket only.`,
      });
    }
    return fn;
  }
}

/**
 * The function's table rights, down to the item: its `tableActions` only on
 * items whose partition key is one of its `tableKeys` (`dynamodb:LeadingKeys`),
 * `UpdateItem` on its callers' request counters (`LIMIT#`) when a route of it
 * has a `callerLimit`, and `Query` on the indexes it names. No function can
 * reach another's items (webhook secrets, idempotency records, jobs) by key.
 */
function grantTableItems(
  role: iam.Role,
  table: dynamodb.ITable,
  name: FunctionName,
  spec: FunctionSpec,
): void {
  if (spec.tableActions.length > 0) {
    const keys = spec.tableKeys ?? [];
    if (keys.length === 0) {
      throw new Error(`${name}: tableActions need the tableKeys they apply to (lib/description)`);
    }
    role.addToPrincipalPolicy(onItems([...spec.tableActions], table, keys));
  }
  if (routes.some((r) => r.function === name && r.callerLimit)) {
    role.addToPrincipalPolicy(onItems(['dynamodb:UpdateItem'], table, [LIMIT_KEY_PREFIX]));
  }
  const indexes = spec.tableIndexes ?? [];
  if (indexes.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  }
}

/** The per-caller request counters' partition key prefix (functions/adapters/request-counters-table.ts). */
const LIMIT_KEY_PREFIX = 'LIMIT#';

function onItems(actions: string[], table: dynamodb.ITable, keys: readonly string[]) {
  return new iam.PolicyStatement({
    actions,
    resources: [table.tableArn],
    conditions: {
      'ForAllValues:StringLike': {
        'dynamodb:LeadingKeys': keys.map((key) => (key.endsWith('#') ? `${key}*` : key)),
      },
    },
  });
}

/**
 * What Lambda needs to attach a function to the VPC: the content of the AWS
 * managed AWSLambdaVPCAccessExecutionRole, written inline because every role
 * here is explicit (CDK adds the managed policy only to roles it creates).
 */
function grantNetworkInterfaces(role: iam.Role): void {
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    }),
  );
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Lambda creates and deletes the VPC network interfaces of an in-VPC function with its ' +
      "role; the EC2 Describe actions take no resource, and the ENIs' ids are not known.",
  });
}
