/**
 * Baseline for getPost: a bare handler with the same SDK client making the
 * same one call, and nothing else (no validation, middleware or telemetry).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    // The functions' credential choice (functions/adapters/lambda-credentials.ts).
    credentials: fromEnv(),
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
  }),
);

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const { Item } = await db.send(
    new GetCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: `POST#${event.pathParameters?.id}`, sk: 'POST' },
    }),
  );
  return Item
    ? { statusCode: 200, body: JSON.stringify(Item) }
    : { statusCode: 404, body: '{"title":"Not Found"}' };
};
