/**
 * Baseline for textAnalysisWorker: a bare SQS handler with the same client and
 * the same NLP model, making the same calls per job, and nothing else (no
 * lease, settlement or telemetry): the job read, the text analysed with
 * wink-nlp, the result written. The model is the function's work, not its
 * overhead, so the baseline loads it as the function does, at init.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { db, table } from './bare-dynamodb';
import { bareSqsHandler } from './bare-sqs-batch';

const nlp = winkNLP(model);
const its = nlp.its;

export const handler = bareSqsHandler(async ({ job_id: id, text }) => {
  const key = { pk: `JOB#${String(id)}`, sk: 'JOB' };
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key }));
  if (!Item || Item.status === 'succeeded') return;
  const doc = nlp.readDoc(String(text));
  const result = {
    words: doc
      .tokens()
      .filter((t) => t.out(its.type) === 'word')
      .length(),
    sentences: doc.sentences().length(),
    sentiment: doc.out(its.sentiment),
    hashtags: doc
      .tokens()
      .filter((t) => t.out(its.type) === 'hashtag')
      .out(),
  };
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET #s = :done, #r = :result',
      ExpressionAttributeNames: { '#s': 'status', '#r': 'result' },
      ExpressionAttributeValues: { ':done': 'succeeded', ':result': result },
    }),
  );
});
