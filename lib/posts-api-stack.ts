import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { ApiFunctions } from './constructs/api-functions';
import { MediaBucket } from './constructs/media-bucket';
import { PostsTable } from './constructs/posts-table';
import { Users } from './constructs/users';
import { service } from './service';

/** The whole posts API, built from the one service description in `lib/service.ts`. */
export class PostsApiStack extends Stack {
  readonly api: Api;
  readonly functions: ApiFunctions;
  readonly postsTable: PostsTable;
  readonly media: MediaBucket;
  readonly users: Users;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: `${service.name}: API Gateway REST -> Lambda -> DynamoDB`,
      ...props,
    });

    this.postsTable = new PostsTable(this, 'Data');
    this.media = new MediaBucket(this, 'Media');
    this.functions = new ApiFunctions(this, 'Functions', {
      table: this.postsTable.table,
      mediaBucket: this.media.bucket,
    });
    this.users = new Users(this, 'Users');
    this.api = new Api(this, 'Api', {
      functions: this.functions.byName,
      userPool: this.users.userPool,
    });

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
  }
}
