/**
 * Baseline for listPosts: a bare handler with the same SDK client making the
 * same index query, and nothing else (no validation, middleware or telemetry).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    // The functions' credential choice (functions/adapters/lambda-credentials.ts).
    credentials: fromEnv(),
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
  }),
);

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const author = event.queryStringParameters?.author_id;
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      IndexName: author ? 'byAuthor' : 'feed',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': author ? 'gsi1pk' : 'gsi2pk' },
      ExpressionAttributeValues: { ':pk': author ? `AUTHOR#${author}` : 'FEED' },
      ScanIndexForward: false,
      Limit: Number(event.queryStringParameters?.limit ?? 20),
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ items: Items }) };
};
