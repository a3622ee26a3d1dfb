/**
 * Baseline for analyzeText: a bare handler with the same clients making the same
 * calls, and nothing else: the job's ledger entry put, the job sent to its
 * queue (the entry deleted again when the send fails).
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';
import { sqs } from './bare-sqs';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const { text } = JSON.parse(event.body ?? '{}') as { text?: string };
  const jobId = randomUUID();
  const key = { pk: `JOB#${jobId}`, sk: 'JOB' };
  await db.send(new PutCommand({ TableName: table(), Item: { ...key, status: 'queued' } }));
  try {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: process.env.TEXT_ANALYSIS_QUEUE_URL,
        MessageBody: JSON.stringify({ job_id: jobId, text }),
      }),
    );
  } catch (error) {
    await db.send(new DeleteCommand({ TableName: table(), Key: key }));
    throw error;
  }
  return { statusCode: 202, body: JSON.stringify({ job_id: jobId, status: 'queued' }) };
};
