import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { service } from '../../lib/description';
import type { JobKind } from '../domain/job';
import type { JobLedger, JobRecord, Lease } from '../domain/job-ledger';
import { TableAdapter } from './table-adapter';

/**
 * Job records in the single table:
 *   job  pk=JOB#<id>  sk=JOB  status, lease, result or error, expires_at
 * A lease is a conditional write: a job is started by one run at a time, and
 * by none once it has succeeded or failed, except a failure marked `resumable`
 * (given up on before the DLQ): a redriven message may lease it again.
 */
const JOB_SK = 'JOB';
const ttl = service.table.ttlAttribute;

export class JobsTable extends TableAdapter implements JobLedger {
  async create(jobId: string, kind: JobKind, at: Date, ownerId?: string): Promise<boolean> {
    const { written } = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: pkOf(jobId),
          sk: JOB_SK,
          job_id: jobId,
          kind,
          status: 'queued',
          created_at: at.toISOString(),
          ...(ownerId ? { owner_id: ownerId } : {}),
          [ttl]: expiry(at),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return written;
  }

  async discard(jobId: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: pkOf(jobId), sk: JOB_SK } }),
      this.sendOptions,
    );
  }

  async begin(jobId: string, kind: JobKind, leaseSeconds: number, at: Date): Promise<Lease> {
    const token = randomUUID();
    const now = at.getTime();
    const outcome = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pkOf(jobId), sk: JOB_SK },
        UpdateExpression:
          'SET #status = :running, lease_until = :until, lease_token = :token, ' +
          'started_at = :at, job_id = :id, kind = if_not_exists(kind, :kind), ' +
          'created_at = if_not_exists(created_at, :at), #ttl = if_not_exists(#ttl, :ttl) ' +
          'ADD attempts :one',
        ConditionExpression:
          'attribute_not_exists(pk) OR #status = :queued OR ' +
          '(#status = :running AND lease_until < :now) OR ' +
          '(#status = :failed AND resumable = :true)',
        ExpressionAttributeNames: { '#status': 'status', '#ttl': ttl },
        ExpressionAttributeValues: {
          ':running': 'running',
          ':queued': 'queued',
          ':failed': 'failed',
          ':true': true,
          ':until': now + leaseSeconds * 1000,
          ':token': token,
          ':at': at.toISOString(),
          ':id': jobId,
          ':kind': kind,
          ':ttl': expiry(at),
          ':one': 1,
          ':now': now,
        },
        ReturnValues: 'ALL_NEW',
      }),
      { key: { pk: pkOf(jobId), sk: JOB_SK } },
    );
    if (outcome.written) {
      return { state: 'acquired', token, record: toRecord(outcome.attributes ?? {}) };
    }
    const Item = outcome.existing;
    const record = Item ? toRecord(Item) : undefined;
    if (record && (record.status === 'succeeded' || record.status === 'failed')) {
      return { state: 'finished', record };
    }
    const leaseUntil = typeof Item?.lease_until === 'number' ? Item.lease_until : now;
    return { state: 'busy', retryInSeconds: Math.max(1, Math.ceil((leaseUntil - now) / 1000)) };
  }

  succeed(jobId: string, token: string, at: Date, result?: unknown): Promise<void> {
    // A redriven job that succeeds drops the failure it was given up with.
    return this.finish(
      jobId,
      token,
      'SET #status = :status, finished_at = :at, #result = :v',
      { ':status': 'succeeded', ':at': at.toISOString(), ':v': result ?? null },
      ['#error', 'resumable'],
    );
  }

  async abandon(jobId: string, at: Date, error: string): Promise<void> {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pkOf(jobId), sk: JOB_SK },
        UpdateExpression:
          'SET #status = :failed, finished_at = :at, #error = :error, resumable = :true ' +
          'REMOVE lease_until, lease_token',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :succeeded',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':succeeded': 'succeeded',
          ':at': at.toISOString(),
          ':error': error,
          ':true': true,
        },
      }),
    );
  }

  fail(jobId: string, token: string, at: Date, error: string): Promise<void> {
    return this.finish(jobId, token, 'SET #status = :status, finished_at = :at, #error = :v', {
      ':status': 'failed',
      ':at': at.toISOString(),
      ':v': error,
    });
  }

  release(jobId: string, token: string): Promise<void> {
    return this.finish(jobId, token, 'SET #status = :status', { ':status': 'queued' });
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: pkOf(jobId), sk: JOB_SK } }),
      this.sendOptions,
    );
    return Item ? toRecord(Item) : undefined;
  }

  /** Ends this run's lease; a run whose lease was taken over changes nothing. */
  private async finish(
    jobId: string,
    token: string,
    set: string,
    values: Record<string, unknown>,
    remove: readonly string[] = [],
  ): Promise<void> {
    const names = `${set} ${remove.join(' ')}`;
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pkOf(jobId), sk: JOB_SK },
        UpdateExpression: `${set} REMOVE ${['lease_until', 'lease_token', ...remove].join(', ')}`,
        ConditionExpression: 'lease_token = :token',
        ExpressionAttributeNames: {
          '#status': 'status',
          ...(names.includes('#result') ? { '#result': 'result' } : {}),
          ...(names.includes('#error') ? { '#error': 'error' } : {}),
        },
        ExpressionAttributeValues: { ...values, ':token': token },
      }),
    );
  }
}

const pkOf = (jobId: string) => `JOB#${jobId}`;

function expiry(at: Date): number {
  return Math.floor(at.getTime() / 1000) + service.jobs.recordTtlDays * 86_400;
}

function toRecord(item: Record<string, unknown>): JobRecord {
  const optional = (name: string) =>
    typeof item[name] === 'string' ? { [name]: item[name] as string } : {};
  return {
    job_id: String(item.job_id),
    kind: item.kind as JobKind,
    status: item.status as JobRecord['status'],
    created_at: String(item.created_at),
    ...optional('owner_id'),
    ...optional('started_at'),
    ...optional('finished_at'),
    ...optional('error'),
    ...(typeof item.attempts === 'number' ? { attempts: item.attempts } : {}),
    ...(item.result !== undefined && item.result !== null ? { result: item.result } : {}),
  };
}
