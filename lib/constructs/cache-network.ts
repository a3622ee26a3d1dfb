import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { service } from '../description';
import { retentionOf } from './log-retention';

/**
 * The private network the cache lives in: isolated subnets in two AZs (the
 * serverless cache needs two), no internet gateway and no NAT. Functions in
 * it keep DynamoDB through a gateway endpoint (free); nothing in it can reach
 * the internet or any other AWS service, which is why functions that call out
 * (the partner) or use SQS (the senders, the workers, the health check) are
 * never placed here. No interface endpoint: each costs by the hour in every
 * AZ, and nothing in the VPC needs one (docs/cost.md).
 *
 * Security groups: `functions` is every in-VPC function's; `cache` admits
 * only it, on the cache's ports.
 */
export class CacheNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly functions: ec2.SecurityGroup;
  readonly cache: ec2.SecurityGroup;
  readonly subnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  readonly flowLogs: logs.LogGroup;
  private readonly dynamodbEndpoint: ec2.GatewayVpcEndpoint;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: retentionOf(service.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      createInternetGateway: false,
      subnetConfiguration: [
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      // Restricting the default group takes a custom-resource Lambda; nothing is ever put in it.
      restrictDefaultSecurityGroup: false,
      // Every flow, accepted or not: the record of who talked to the cache.
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogs),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });

    this.functions = new ec2.SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: `${service.name}: functions that use the cache`,
      allowAllOutbound: false,
    });
    this.cache = new ec2.SecurityGroup(this, 'Cache', {
      vpc: this.vpc,
      description: `${service.name}: the Valkey cache, reachable from the cache functions only`,
      allowAllOutbound: false,
    });

    // The serverless cache answers on its port (primary) and the next one (reader endpoint).
    const cachePorts = ec2.Port.tcpRange(service.cache.port, service.cache.port + 1);
    this.cache.addIngressRule(this.functions, cachePorts, 'Valkey from the cache functions');
    this.functions.addEgressRule(this.cache, cachePorts, 'Valkey');
    // DynamoDB's gateway endpoint is a route to a regional prefix list whose id takes a
    // lookup to know; with no internet route, HTTPS out reaches only that endpoint anyway.
    this.functions.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'DynamoDB (gateway endpoint); there is no route to the internet',
    );

    this.dynamodbEndpoint = this.vpc.addGatewayEndpoint('DynamoDB', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [this.subnets],
    });
  }

  /**
   * The endpoint policy: through the DynamoDB endpoint (the VPC's only one), only this
   * account's principals, and only the table's item and query actions on this table
   * (what the in-VPC functions do). A stolen credential of another account, or a call
   * to another table, goes nowhere from here.
   */
  restrictEndpoints(table: dynamodb.ITable): void {
    const account = Stack.of(this).account;
    const ours = { StringEquals: { 'aws:PrincipalAccount': account } };
    this.dynamodbEndpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:Query',
          'dynamodb:DescribeTable',
        ],
        resources: [table.tableArn, `${table.tableArn}/index/*`],
        conditions: ours,
      }),
    );
  }
}
