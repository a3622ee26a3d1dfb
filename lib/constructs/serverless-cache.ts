import { Fn, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { service, type CacheConnection } from '../description';
import type { CacheNetwork } from './cache-network';

export interface ServerlessCacheProps {
  readonly network: CacheNetwork;
}

/**
 * ElastiCache Serverless for Valkey in the isolated subnets, TLS only (as
 * every serverless cache is), encrypted at rest with an AWS owned key.
 *
 * Authentication is IAM: one ElastiCache user in IAM mode, alone in the
 * cache's user group, allowed the four commands the service sends on its own
 * keys. A function signs a short-lived token with its role's credentials
 * (no secret to store or rotate) and needs `elasticache:Connect` on the
 * cache and the user, which `grantConnect` gives.
 */
export class ServerlessCache extends Construct {
  readonly cache: elasticache.CfnServerlessCache;
  readonly user: elasticache.CfnUser;
  readonly userGroup: elasticache.CfnUserGroup;
  /** The lowercase name the cache is known by (and IAM tokens are signed for). */
  readonly cacheName: string;
  readonly userId: string;

  constructor(scope: Construct, id: string, props: ServerlessCacheProps) {
    super(scope, id);
    const { network } = props;
    const settings = service.cache;
    // Deterministic, unique per stack, within ElastiCache's 40 characters and lowercase.
    const base = Names.uniqueResourceName(this, { maxLength: 32, separator: '-' }).toLowerCase();
    this.cacheName = base;
    this.userId = `${base}-app`;

    this.user = new elasticache.CfnUser(this, 'User', {
      engine: settings.engine,
      // IAM users must have user id = user name.
      userId: this.userId,
      userName: this.userId,
      authenticationMode: { Type: 'iam' },
      // Only the commands the service sends (GET, SET, DEL, PING), only on its own keys.
      accessString: `on ~${service.name}:* -@all +get +set +del +ping`,
    });
    this.userGroup = new elasticache.CfnUserGroup(this, 'Users', {
      engine: settings.engine,
      userGroupId: `${base}-users`,
      userIds: [this.userId],
    });
    // The group names the user by id (a string, not a reference): order them explicitly.
    this.userGroup.node.addDependency(this.user);

    this.cache = new elasticache.CfnServerlessCache(this, 'Cache', {
      serverlessCacheName: this.cacheName,
      description: `${service.name}: cache-aside for posts`,
      engine: settings.engine,
      majorEngineVersion: settings.majorEngineVersion,
      securityGroupIds: [network.cache.securityGroupId],
      subnetIds: network.vpc.selectSubnets(network.subnets).subnetIds,
      userGroupId: this.userGroup.ref,
      cacheUsageLimits: {
        dataStorage: { unit: 'GB', maximum: settings.usageLimits.maxDataStorageGb },
        ecpuPerSecond: { maximum: settings.usageLimits.maxEcpuPerSecond },
      },
      // No DailySnapshotTime: a cache of DynamoDB is rebuilt from the table, never restored.
    });
    this.cache.applyRemovalPolicy(RemovalPolicy.DESTROY);
  }

  /** What a cache function's environment gets (see `functionEnvironment`). */
  get connection(): CacheConnection {
    return {
      url: Fn.join('', [
        'rediss://',
        this.cache.attrEndpointAddress,
        ':',
        this.cache.attrEndpointPort,
      ]),
      iamUser: this.userId,
      name: this.cacheName,
    };
  }

  /** IAM authentication as this cache's user: `elasticache:Connect` on both, nothing else. */
  grantConnect(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['elasticache:Connect'],
      resourceArns: [this.cache.attrArn, this.user.attrArn],
    });
  }
}
