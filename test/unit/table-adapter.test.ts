import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TableAdapter } from '../../functions/adapters/table-adapter';

class Probe extends TableAdapter {
  put(existing: boolean) {
    return this.conditionalWrite(
      new PutCommand({ TableName: this.tableName, Item: { pk: 'A', sk: 'B' } }),
      existing ? { key: { pk: 'A', sk: 'B' } } : undefined,
    );
  }
}

function clientThat(fail: () => Error, read?: Record<string, unknown>) {
  const sent: unknown[] = [];
  const db = {
    send: (command: unknown, options?: { abortSignal?: AbortSignal }) => {
      sent.push({ command, options });
      if (command instanceof GetCommand) return Promise.resolve({ Item: read });
      return Promise.reject(fail());
    },
  } as unknown as DynamoDBDocumentClient;
  return { db, sent };
}

const conditionFailed = (item?: Record<string, { S: string }>) =>
  new ConditionalCheckFailedException({ $metadata: {}, message: 'failed', Item: item });

describe('TableAdapter.conditionalWrite', () => {
  it('takes the existing item from the failure when DynamoDB returns it, without a read', async () => {
    const { db, sent } = clientThat(() => conditionFailed({ pk: { S: 'A' }, owner: { S: 'x' } }));
    const outcome = await new Probe(db, 't').put(true);
    expect(outcome).toEqual({ written: false, existing: { pk: 'A', owner: 'x' } });
    expect(sent).toHaveLength(1);
  });

  it('reads the item again when the failure carries none (dynalite)', async () => {
    const { db, sent } = clientThat(() => conditionFailed(), { pk: 'A', owner: 'y' });
    const outcome = await new Probe(db, 't').put(true);
    expect(outcome).toEqual({ written: false, existing: { pk: 'A', owner: 'y' } });
    expect(sent).toHaveLength(2);
  });

  it('passes other errors on, and a bare condition failure as not written', async () => {
    await expect(new Probe(clientThat(() => new Error('boom')).db, 't').put(false)).rejects.toThrow(
      'boom',
    );
    await expect(
      new Probe(clientThat(() => conditionFailed()).db, 't').put(false),
    ).resolves.toEqual({ written: false });
  });

  it('sends every call of a signal-bound adapter with that abort signal', async () => {
    const { db, sent } = clientThat(() => conditionFailed(), undefined);
    const signal = new AbortController().signal;
    await new Probe(db, 't').withSignal(signal).put(true);
    expect(
      sent.map((s) => (s as { options?: { abortSignal?: AbortSignal } }).options?.abortSignal),
    ).toEqual([signal, signal]);
  });
});
