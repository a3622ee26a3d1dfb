/**
 * Baseline for imageWorker: a bare SQS handler with the same clients and the
 * same renderer making the same calls per job, and nothing else: the post
 * read, its share card drawn with resvg from the shipped fonts, the PNG put in
 * S3, the post's follow-up marked done.
 */
import { readFile } from 'node:fs/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { renderAsync } from '@resvg/resvg-js';
import { db, table } from './bare-dynamodb';
import { bucket, s3 } from './bare-s3';
import { bareSqsHandler } from './bare-sqs-batch';
import { bundledAssetDir } from '../../functions/adapters/bundled-assets';

// The fonts beside the bundle, as the function finds them.
const font = `${await bundledAssetDir(import.meta.url, 'fonts')}DejaVuSans.ttf`;
const escape = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

export const handler = bareSqsHandler(async ({ post_id: id }) => {
  const key = { pk: `POST#${String(id)}`, sk: 'POST' };
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key }));
  if (!Item) return;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="100%" height="100%" fill="#fff"/><text x="60" y="120" font-size="48" font-family="DejaVu Sans">${escape(String(Item.content).slice(0, 120))}</text></svg>`;
  await readFile(font);
  const png = (
    await renderAsync(svg, { font: { fontFiles: [font], loadSystemFonts: false } })
  ).asPng();
  await s3.send(
    new PutObjectCommand({ Bucket: bucket(), Key: `cards/${String(id)}.png`, Body: png }),
  );
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET jobs.image = :done',
      ExpressionAttributeValues: { ':done': 'done' },
    }),
  );
});
