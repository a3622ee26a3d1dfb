/** Baseline for getJob: a bare handler with the same client making the same one GetItem. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const { Item } = await db.send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `JOB#${event.pathParameters?.id}`, sk: 'JOB' },
    }),
  );
  return Item
    ? { statusCode: 200, body: JSON.stringify(Item) }
    : { statusCode: 404, body: '{"title":"Not Found"}' };
};
