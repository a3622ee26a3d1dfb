/**
 * Just enough of DynamoDB, SQS, S3 and KMS, in process, for the overhead
 * benchmark's stubbed transport (stub-aws-transport.ts): items are kept as
 * the SDK sends them (marshalled), read back by key or by a query's
 * partition (and `begins_with` on the sort key), written, deleted. Updates
 * are acknowledged without being applied, conditions always hold: the
 * benchmark repeats one request thousands of times, and each repetition must
 * take the same path as the first. Not a DynamoDB: dynalite is that.
 */
import { createHash } from 'node:crypto';
import type { AwsAnswer, AwsCall, AwsResponder } from './stub-aws-transport';

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

const items = new Map<string, Item>();
const keyOf = (key: Item): string => `${JSON.stringify(key.pk)}|${JSON.stringify(key.sk)}`;

/** S3 objects by key, what a GetObject answers with. */
const objects = new Map<string, { body: Buffer; contentType: string }>();

export function putObject(key: string, body: Buffer, contentType: string): void {
  objects.set(key, { body, contentType });
}

function text(value: AttributeValue | undefined): string | undefined {
  if (!value) return undefined;
  const s = value.S ?? value.N;
  return typeof s === 'string' ? s : undefined;
}

function query(input: Record<string, unknown>): AwsAnswer {
  const expression = String(input.KeyConditionExpression ?? '');
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Item;
  const name = (token: string) => names[token] ?? token;
  const hash = /(#?\w+)\s*=\s*(:\w+)/.exec(expression);
  if (!hash?.[1] || !hash[2]) throw new Error(`query without a partition: ${expression}`);
  const hashName = name(hash[1]);
  const hashValue = text(values[hash[2]]);
  const prefix = /begins_with\(\s*(#?\w+)\s*,\s*(:\w+)\s*\)/.exec(expression);
  const rangeName = prefix?.[1] ? name(prefix[1]) : hashName === 'pk' ? 'sk' : 'gsi1sk';
  const rangePrefix = prefix?.[2] ? (text(values[prefix[2]]) ?? '') : '';
  let found = [...items.values()].filter(
    (item) =>
      text(item[hashName]) === hashValue && (text(item[rangeName]) ?? '').startsWith(rangePrefix),
  );
  found.sort((a, b) => (text(a[rangeName]) ?? '').localeCompare(text(b[rangeName]) ?? ''));
  if (input.ScanIndexForward === false) found.reverse();
  if (typeof input.Limit === 'number') found = found.slice(0, input.Limit);
  return { body: { Items: found, Count: found.length, ScannedCount: found.length } };
}

function dynamodb(call: AwsCall): AwsAnswer {
  const input = call.input ?? {};
  switch (call.operation) {
    case 'GetItem': {
      const item = items.get(keyOf(input.Key as Item));
      return { body: item ? { Item: item } : {} };
    }
    case 'PutItem':
      items.set(keyOf(input.Item as Item), input.Item as Item);
      return { body: {} };
    case 'DeleteItem': {
      const key = keyOf(input.Key as Item);
      const old = items.get(key);
      items.delete(key);
      return { body: input.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {} };
    }
    case 'UpdateItem': {
      const existing = items.get(keyOf(input.Key as Item));
      return {
        body:
          input.ReturnValues && input.ReturnValues !== 'NONE'
            ? { Attributes: existing ?? (input.Key as Item) }
            : {},
      };
    }
    case 'Query':
      return query(input);
    case 'BatchWriteItem':
      for (const requests of Object.values(
        (input.RequestItems ?? {}) as Record<string, Record<string, unknown>[]>,
      )) {
        for (const request of requests) {
          const put = request.PutRequest as { Item?: Item } | undefined;
          const del = request.DeleteRequest as { Key?: Item } | undefined;
          if (put?.Item) items.set(keyOf(put.Item), put.Item);
          if (del?.Key) items.delete(keyOf(del.Key));
        }
      }
      return { body: { UnprocessedItems: {} } };
    case 'BatchGetItem': {
      const responses: Record<string, Item[]> = {};
      for (const [table, request] of Object.entries(
        (input.RequestItems ?? {}) as Record<string, { Keys: Item[] }>,
      )) {
        responses[table] = request.Keys.flatMap((key): Item[] => {
          const item = items.get(keyOf(key));
          return item ? [item] : [];
        });
      }
      return { body: { Responses: responses, UnprocessedKeys: {} } };
    }
    default:
      throw new Error(`in-process DynamoDB has no ${call.operation}`);
  }
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function sqs(call: AwsCall): AwsAnswer {
  const input = call.input ?? {};
  switch (call.operation) {
    case 'SendMessage':
      return {
        body: { MessageId: 'bench', MD5OfMessageBody: md5(String(input.MessageBody)) },
      };
    case 'SendMessageBatch':
      return {
        body: {
          Successful: (input.Entries as { Id: string; MessageBody: string }[]).map((entry) => ({
            Id: entry.Id,
            MessageId: `bench-${entry.Id}`,
            MD5OfMessageBody: md5(entry.MessageBody),
          })),
          Failed: [],
        },
      };
    case 'GetQueueAttributes':
      return { body: { Attributes: { ApproximateNumberOfMessages: '0' } } };
    default:
      // ChangeMessageVisibility, DeleteMessage and the like answer nothing.
      return { body: {} };
  }
}

/** A KMS whose ciphertext is the plaintext: both sides pay the call, neither needs a key. */
function kms(call: AwsCall): AwsAnswer {
  const input = call.input ?? {};
  switch (call.operation) {
    case 'Encrypt':
      return { body: { CiphertextBlob: input.Plaintext, KeyId: input.KeyId } };
    case 'Decrypt':
      return { body: { Plaintext: input.CiphertextBlob, KeyId: 'bench' } };
    default:
      throw new Error(`in-process KMS has no ${call.operation}`);
  }
}

function s3(call: AwsCall): AwsAnswer {
  // Virtual-host style: the bucket is in the host name, the path is the key.
  const key = decodeURIComponent(call.path.replace(/^\/+/, ''));
  switch (call.operation) {
    case 'GET': {
      const object = objects.get(key);
      if (!object) return { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' };
      return {
        headers: { 'content-type': object.contentType, etag: '"bench"' },
        body: object.body,
      };
    }
    case 'HEAD':
      return { headers: { 'content-length': '0', etag: '"bench"' } };
    case 'PUT':
      return { headers: { etag: '"bench"' } };
    case 'DELETE':
      return { status: 204 };
    case 'POST':
      // DeleteObjects: nothing was there to fail.
      return { body: '<?xml version="1.0" encoding="UTF-8"?><DeleteResult></DeleteResult>' };
    default:
      throw new Error(`in-process S3 has no ${call.operation}`);
  }
}

/** Every call of a function and of its baseline, answered from the same in-process state. */
export const inProcessAws: AwsResponder = (call) => {
  switch (call.service) {
    case 'dynamodb':
      return dynamodb(call);
    case 'sqs':
      return sqs(call);
    case 'kms':
      return kms(call);
    case 's3':
      return s3(call);
    default:
      throw new Error(`in-process AWS has no ${call.service}`);
  }
};
