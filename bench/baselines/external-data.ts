/**
 * Baseline for externalData: a bare handler making the same calls, and nothing
 * else (no breaker, budget, middleware or telemetry): the partner's answer over
 * a keep-alive agent, stored as the last good one; read back when the partner fails.
 */
import { Agent, get } from 'node:http';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';

const agent = new Agent({ keepAlive: true });
const key = { pk: 'PARTNER#data', sk: 'LAST_GOOD' };

function fetchPartner(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent, timeout: 2_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        response.statusCode === 200 ? resolve(body) : reject(new Error(`${response.statusCode}`)),
      );
    }).on('error', reject);
  });
}

export const handler = async (): Promise<APIGatewayProxyResult> => {
  const url = process.env.PARTNER_API_URL;
  if (!url) return { statusCode: 503, body: '{"title":"Service Unavailable"}' };
  try {
    const data = await fetchPartner(url);
    await db.send(new PutCommand({ TableName: table(), Item: { ...key, data } }));
    return { statusCode: 200, body: data };
  } catch {
    const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key }));
    return Item
      ? { statusCode: 200, body: String(Item.data) }
      : { statusCode: 503, body: '{"title":"Service Unavailable"}' };
  }
};
