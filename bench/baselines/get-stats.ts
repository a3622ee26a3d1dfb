/**
 * Baseline for getStats: a bare handler with the same client making the same
 * calls: the totals (one GetItem) and the last days (one Query).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const pk = `STATS#${event.queryStringParameters?.author_id ?? 'ALL'}`;
  const [{ Item }, { Items = [] }] = await Promise.all([
    db.send(new GetCommand({ TableName: table(), Key: { pk, sk: 'TOTAL' } })),
    db.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
        ExpressionAttributeValues: { ':pk': pk, ':day': 'DAY#' },
        ScanIndexForward: false,
        Limit: Number(event.queryStringParameters?.days ?? 30),
      }),
    ),
  ]);
  return { statusCode: 200, body: JSON.stringify({ totals: Item ?? {}, days: Items }) };
};
