/** The SQS client of the baselines that enqueue or read a queue, with the same credentials. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const sqs = new SQSClient({
  credentials: fromEnv(),
  endpoint: process.env.AWS_ENDPOINT_URL_SQS || undefined,
});
