import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { ApiFunctions } from './constructs/api-functions';
import { JobQueues } from './constructs/job-queues';
import { PostsTable } from './constructs/posts-table';
import { Schedules } from './constructs/schedules';
import { service } from './service';

/** The whole posts API, built from the one service description in `lib/service.ts`. */
export class PostsApiStack extends Stack {
  readonly api: Api;
  readonly functions: ApiFunctions;
  readonly postsTable: PostsTable;
  readonly jobQueues: JobQueues;
  readonly schedules: Schedules;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: `${service.name}: API Gateway REST -> Lambda -> DynamoDB`,
      ...props,
    });

    this.postsTable = new PostsTable(this, 'Data');
    this.jobQueues = new JobQueues(this, 'Jobs');
    this.functions = new ApiFunctions(this, 'Functions', {
      table: this.postsTable.table,
      queues: this.jobQueues.queues,
    });
    this.jobQueues.connectWorkers(this.functions.byName);
    this.schedules = new Schedules(this, 'Schedules', { functions: this.functions.byName });
    this.api = new Api(this, 'Api', { functions: this.functions.byName });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Invoke URL of the API stage',
      value: this.api.url,
    });
    new CfnOutput(this, 'TableName', {
      description: 'DynamoDB table holding posts and idempotency records',
      value: this.postsTable.table.tableName,
    });
  }
}
