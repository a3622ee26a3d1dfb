/**
 * The document client every baseline uses: the functions' credential choice
 * (`fromEnv()`, functions/adapters/lambda-credentials.ts) and nothing else.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    credentials: fromEnv(),
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
  }),
);

export const table = (): string => process.env.TABLE_NAME ?? 'posts';
