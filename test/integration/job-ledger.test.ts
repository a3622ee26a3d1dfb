import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { JobsTable } from '../../functions/adapters/jobs-table';
import { DomainError } from '../../functions/domain/errors';
import { getJob } from '../../functions/domain/text-jobs';
import { functions } from '../../lib/description';
import { localTable } from '../support/local-dynamodb';

let table: Awaited<ReturnType<typeof localTable>>;
let jobs: JobsTable;

beforeAll(async () => {
  table = await localTable();
  jobs = new JobsTable(documentClient(functions.analyticsWorker.sdk), table.tableName);
});
afterAll(() => table.close());

const at = (seconds: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + seconds * 1000);

describe('job ledger: one run at a time, none once finished (dynalite)', () => {
  it('leases a new job, refuses a second run while the lease holds, and ends it', async () => {
    const id = `analytics:${randomUUID()}`;
    const first = await jobs.begin(id, 'analytics', 30, at(0));
    expect(first).toMatchObject({ state: 'acquired', record: { status: 'running', attempts: 1 } });
    expect(await jobs.begin(id, 'analytics', 30, at(10))).toEqual({
      state: 'busy',
      retryInSeconds: 20,
    });
    if (first.state !== 'acquired') throw new Error('not acquired');
    await jobs.succeed(id, first.token, at(11), { counted: true });
    const again = await jobs.begin(id, 'analytics', 30, at(12));
    expect(again).toMatchObject({
      state: 'finished',
      record: { status: 'succeeded', result: { counted: true }, attempts: 1 },
    });
  });

  it('lets a new run take a job whose run died (its lease ran out)', async () => {
    const id = `analytics:${randomUUID()}`;
    const dead = await jobs.begin(id, 'analytics', 30, at(0));
    const next = await jobs.begin(id, 'analytics', 30, at(31));
    expect(next).toMatchObject({ state: 'acquired', record: { attempts: 2 } });
    // The dead run's token no longer ends the job: the new run owns it.
    if (dead.state !== 'acquired' || next.state !== 'acquired') throw new Error('not acquired');
    await jobs.succeed(id, dead.token, at(32), 'stale');
    expect((await jobs.get(id))?.status).toBe('running');
    await jobs.fail(id, next.token, at(33), 'it broke');
    expect(await jobs.get(id)).toMatchObject({ status: 'failed', error: 'it broke' });
  });

  it('releases a job back to queued for a later run', async () => {
    const id = randomUUID();
    expect(await jobs.create(id, 'textAnalysis', at(0))).toBe(true);
    expect(await jobs.create(id, 'textAnalysis', at(0))).toBe(false);
    expect(await jobs.get(id)).toMatchObject({ status: 'queued', kind: 'textAnalysis' });
    const run = await jobs.begin(id, 'textAnalysis', 30, at(1));
    if (run.state !== 'acquired') throw new Error('not acquired');
    expect((await jobs.get(id))?.status).toBe('running');
    await jobs.release(id, run.token);
    expect((await jobs.get(id))?.status).toBe('queued');
    expect((await jobs.begin(id, 'textAnalysis', 30, at(2))).state).toBe('acquired');
  });

  it('shows a job to its owner only, and one without an owner to nobody', async () => {
    const owned = randomUUID();
    await jobs.create(owned, 'textAnalysis', at(0), 'alice');
    expect((await getJob(jobs, { userId: 'alice' }, owned)).status).toBe('queued');
    const orphan = randomUUID();
    await jobs.create(orphan, 'textAnalysis', at(0));
    for (const [caller, id] of [
      ['bob', owned],
      ['bob', orphan],
      ['alice', orphan],
    ] as const) {
      const refused = await getJob(jobs, { userId: caller }, id).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).kind).toBe('forbidden');
    }
  });
});
