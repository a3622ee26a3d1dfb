/** Baseline for listWebhooks: a bare handler with the same client making the same one Query. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const owner = String(event.requestContext.authorizer?.claims?.sub);
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byAuthor',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `WEBHOOKS#${owner}` },
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ items: Items }) };
};
