/**
 * Baseline for deletePost: a bare handler with the same SDK client making the
 * same conditional delete, and nothing else (no validation, middleware or telemetry).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { DynamoDBDocumentClient, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    // The functions' credential choice (functions/adapters/lambda-credentials.ts).
    credentials: fromEnv(),
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
  }),
);

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    await db.send(
      new DeleteCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: `POST#${event.pathParameters?.id}`, sk: 'POST' },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    return { statusCode: 204, body: '' };
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      return { statusCode: 404, body: '{"title":"Not Found"}' };
    }
    throw error;
  }
};
