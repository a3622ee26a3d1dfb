/**
 * Baseline for createPost: a bare handler with the same SDK client making the
 * same conditional put, and nothing else (no validation, middleware or telemetry).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    // The functions' credential choice (functions/adapters/lambda-credentials.ts).
    credentials: fromEnv(),
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
  }),
);

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? '{}') as Record<string, unknown>;
  const id = randomUUID();
  const at = new Date().toISOString();
  const post = { ...body, id, status: 'processing', created_at: at, updated_at: at };
  await db.send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        pk: `POST#${id}`,
        sk: 'POST',
        gsi1pk: `AUTHOR#${String(body.author_id)}`,
        gsi1sk: `${at}#${id}`,
        gsi2pk: 'FEED',
        gsi2sk: `${at}#${id}`,
        ...post,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return { statusCode: 201, body: JSON.stringify(post) };
};
