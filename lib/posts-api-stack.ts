import { Aspects, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { ActiveTracing } from './active-tracing';
import { Api } from './constructs/api';
import { acknowledgeNoFirewall, ApiFirewall } from './constructs/api-firewall';
import { ApiFunctions } from './constructs/api-functions';
import { ApiUsagePlans } from './constructs/api-usage-plans';
import { CacheNetwork } from './constructs/cache-network';
import { JobQueues } from './constructs/job-queues';
import { Observability } from './constructs/observability';
import { queuesIn } from './constructs/observed-queues';
import { MediaBucket } from './constructs/media-bucket';
import { PostsTable } from './constructs/posts-table';
import { Schedules } from './constructs/schedules';
import { ServerlessCache } from './constructs/serverless-cache';
import { Users } from './constructs/users';
import { EventSourceConcurrency } from './event-source-concurrency';
import { platformFlags } from './platform-flags';
import { cacheEnabled, partnerApiUrl } from './stack-context';
import { description, service } from './description';
import { describeViolations, timeoutBudgetViolations } from './timeout-budget';
import { workerConcurrencyViolations } from './worker-concurrency';

/** The whole posts API, built from the one service description in `lib/description/`. */
export class PostsApiStack extends Stack {
  readonly api: Api;
  readonly functions: ApiFunctions;
  readonly postsTable: PostsTable;
  readonly media: MediaBucket;
  readonly users: Users;
  readonly usagePlans?: ApiUsagePlans;
  readonly firewall?: ApiFirewall;
  readonly observability: Observability;
  /** The VPC and the Valkey cache; absent with `-c cache=off`. */
  readonly cache?: { readonly network: CacheNetwork; readonly cache: ServerlessCache };
  readonly jobQueues: JobQueues;
  readonly schedules: Schedules;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: `${service.name}: API Gateway REST -> Lambda -> DynamoDB`,
      ...props,
    });

    this.postsTable = new PostsTable(this, 'Data');
    if (cacheEnabled(this)) {
      const network = new CacheNetwork(this, 'Network');
      this.cache = { network, cache: new ServerlessCache(this, 'Cache', { network }) };
    }
    this.jobQueues = new JobQueues(this, 'Jobs');
    this.media = new MediaBucket(this, 'Media');
    // Webhook signing secrets are sealed with this key; only the function that registers a
    // webhook may encrypt, only the worker that signs callbacks may decrypt (api-functions.ts).
    const secretsKey = new kms.Key(this, 'WebhookSecretsKey', {
      description: `${service.name}: seals webhook signing secrets`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.functions = new ApiFunctions(this, 'Functions', {
      secretsKey,
      table: this.postsTable.table,
      mediaBucket: this.media.bucket,
      cache: this.cache,
      partnerApiUrl: partnerApiUrl(this),
      queues: this.jobQueues.queues,
    });
    this.jobQueues.connectWorkers(this.functions.byName);
    this.cache?.network.restrictEndpoints(this.postsTable.table);
    this.media.notifyUploads(this.jobQueues.byName.media.queue);
    this.schedules = new Schedules(this, 'Schedules', { functions: this.functions.byName });
    const flags = platformFlags(this);
    this.users = new Users(this, 'Users', { plan: flags.cognitoPlan });
    this.api = new Api(this, 'Api', {
      functions: this.functions.byName,
      userPool: this.users.userPool,
    });

    // Guardrails: a description that breaks its timeout budget or leaves a worker's
    // concurrency unbounded does not synthesize.
    this.node.addValidation({ validate: () => descriptionErrors() });
    this.node.addValidation(new EventSourceConcurrency(this));

    const stage = this.api.restApi.deploymentStage;
    if (flags.apiKeys) {
      this.usagePlans = new ApiUsagePlans(this, 'UsagePlans', { restApi: this.api.restApi });
    }
    if (flags.waf) this.firewall = new ApiFirewall(this, 'Firewall', { stage });
    else acknowledgeNoFirewall(stage);
    if (flags.tracing) Aspects.of(this).add(new ActiveTracing());

    new CfnOutput(this, 'ApiUrl', {
      description: 'Invoke URL of the API stage',
      value: this.api.url,
    });
    new CfnOutput(this, 'TableName', {
      description: 'DynamoDB table holding posts and idempotency records',
      value: this.postsTable.table.tableName,
    });
    new CfnOutput(this, 'MediaBucketName', {
      description: 'S3 bucket holding uploads, image renditions and share cards (private)',
      value: this.media.bucket.bucketName,
    });
    new CfnOutput(this, 'UserPoolId', {
      description: 'Cognito user pool whose ID tokens the write routes accept',
      value: this.users.userPool.userPoolId,
    });
    new CfnOutput(this, 'UserPoolClientId', {
      description: 'App client to sign in with (USER_PASSWORD_AUTH or USER_SRP_AUTH)',
      value: this.users.client.userPoolClientId,
    });
    if (this.cache) {
      new CfnOutput(this, 'CacheName', {
        description: 'ElastiCache Serverless cache (npm run ops -- cache-status <name>)',
        value: this.cache.cache.cacheName,
      });
    }

    // Last: it watches every function and queue built above.
    this.observability = new Observability(this, 'Observability', {
      stage,
      functions: Object.entries(this.functions.byName).map(([name, fn]) => ({ name, fn })),
      table: this.postsTable.table,
      // Each job queue by its name in the description, as the local cloud names it.
      queues: queuesIn(this).map((q) => ({
        ...q,
        name:
          Object.entries(this.jobQueues.byName).find(([, j]) => j.queue === q.queue)?.[0] ?? q.name,
      })),
      ...(this.firewall
        ? {
            firewall: {
              webAclMetricName: this.firewall.metricName,
              ruleMetricName: ApiFirewall.RATE_RULE,
            },
          }
        : {}),
      alarmEmail: flags.alarmEmail,
    });
  }
}

function descriptionErrors(): string[] {
  const view = description;
  const budget = timeoutBudgetViolations(view);
  return [
    ...(budget.length > 0 ? [describeViolations(budget)] : []),
    ...workerConcurrencyViolations(view).map((v) => `${v.subject}: ${v.detail}`),
  ];
}
