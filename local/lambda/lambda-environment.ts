import {
  functionEnvironment,
  functions,
  localCloudEnvironment,
  queueEnvironment,
  queueNames,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type QueueSpec,
} from '../../lib/description';
import { localCredentials, localRegion } from '../local-credentials';

/** What a container's environment names of the rest of the local cloud. */
export interface LocalResources {
  readonly tableName: string;
  readonly cacheUrl: string;
  readonly partnerApiUrl: string;
  readonly mediaBucket: string;
  /** KMS's stand-in for the functions with `secrets` (`local:<base64 key>`). */
  readonly secretsKey: string;
  /** The job queues as this cloud runs them (tests shorten their settings). */
  readonly queues: Readonly<
    Record<
      QueueName,
      { readonly url: string; readonly spec: Pick<QueueSpec, 'retryBackoff' | 'maxReceiveCount'> }
    >
  >;
  /** The addresses the functions use: the emulators', or what stands in front of them. */
  readonly endpoints: { readonly dynamodb: string; readonly s3: string; readonly sqs: string };
}

/**
 * Every variable a function's container gets, and nothing of the host: what the stack
 * gives the function when it deploys, the emulators' endpoints and credentials, and what
 * Lambda's own runtime sets.
 */
export function lambdaEnvironment(
  name: string,
  spec: FunctionSpec,
  local: LocalResources,
): Record<string, string> {
  const described = isDescribed(name) ? name : undefined;
  return {
    ...functionEnvironment(
      {
        tableName: local.tableName,
        cache: { url: local.cacheUrl },
        partnerApiUrl: local.partnerApiUrl,
        queueUrls: Object.fromEntries(queueNames.map((queue) => [queue, local.queues[queue].url])),
        mediaBucket: local.mediaBucket,
        secretsKey: local.secretsKey,
      },
      spec,
    ),
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
    ...localCloudEnvironment(
      {
        endpoints: local.endpoints,
        credentials: localCredentials,
        retryBackoff: (queue) => local.queues[queue].spec.retryBackoff,
        maxReceiveCount: (queue) => local.queues[queue].spec.maxReceiveCount,
      },
      described,
    ),
    ...(described ? queueEnvironment(described, (queue) => local.queues[queue].url) : {}),
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    // Powertools reports a cold start only in an on-demand sandbox, as Lambda marks it.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'local',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    TZ: 'UTC',
  };
}

/** A function of the description (not a test fixture). */
function isDescribed(name: string): name is FunctionName {
  return name in functions;
}
