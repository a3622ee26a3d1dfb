import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { service, type IndexSpec } from '../description';
import { devStack } from '../stack-context';

/** The single table every post and idempotency record lives in. */
export class PostsTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const spec = service.table;
    const stringKey = (name: string): dynamodb.Attribute => ({
      name,
      type: dynamodb.AttributeType.STRING,
    });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(spec.partitionKey),
      sortKey: stringKey(spec.sortKey),
      // Traffic is spiky and small: on-demand costs nothing idle and needs no capacity alarms.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // An AWS managed key: encrypted at rest with no key policy to maintain. A customer
      // managed key buys key-level audit and revocation, not needed for public posts.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: spec.ttlAttribute,
      // Posts are user data: deleting the stack must never delete them, and neither may a
      // stray DeleteTable call (off only in a throwaway `-c dev=on` stack).
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: !devStack(this),
    });

    const indexes: [string, IndexSpec][] = Object.entries(spec.indexes);
    for (const [indexName, index] of indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        // Only what the index's query reads: a write pays in the index when it changes that.
        ...(index.include
          ? {
              projectionType: dynamodb.ProjectionType.INCLUDE,
              nonKeyAttributes: [...index.include],
            }
          : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
      });
    }
  }
}
