import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Post, PostType } from '../domain/post';
import { postTypes } from '../domain/post';
import {
  dayOf,
  emptyCounts,
  type Counts,
  type DailyCounts,
  type PostCounters,
  type StatsRange,
} from '../domain/post-stats';
import { TableAdapter } from './table-adapter';

/**
 * Counters in the single table, each one item changed only by `ADD`:
 *   pk=STATS#AUTHOR#<author>  sk=TOTAL | DAY#<yyyy-mm-dd>
 *   pk=STATS#TYPE#<type>      sk=TOTAL | DAY#<yyyy-mm-dd>
 * with `posts` and `type_<post type>` counts. A job's increment carries its
 * id into the item's `applying` set under the condition that it is not there
 * yet, so a retried or duplicated job cannot count twice; `settle` removes
 * the id once the job is recorded done (the set only ever holds jobs in flight).
 */
const TOTAL = 'TOTAL';
const DAY = 'DAY#';

interface CounterKey {
  readonly pk: string;
  readonly sk: string;
}

export class PostCountersTable extends TableAdapter implements PostCounters {
  add(jobId: string, post: Post): Promise<void> {
    return this.change(jobId, post, 1);
  }

  remove(changeId: string, post: Post): Promise<void> {
    return this.change(changeId, post, -1);
  }

  private async change(changeId: string, post: Post, by: 1 | -1): Promise<void> {
    await Promise.all(
      // A failed condition means applied by an earlier run of this change: exactly what it is for.
      keysOf(post).map((Key) =>
        this.conditionalWrite(
          new UpdateCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: 'ADD posts :by, #type :by, applying :job',
            ConditionExpression: 'NOT contains(applying, :id)',
            ExpressionAttributeNames: { '#type': typeAttribute(post.post_type) },
            ExpressionAttributeValues: { ':by': by, ':job': new Set([changeId]), ':id': changeId },
          }),
        ),
      ),
    );
  }

  async settle(jobId: string, post: Post): Promise<void> {
    await Promise.all(
      keysOf(post).map((Key) =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: 'DELETE applying :job',
            ExpressionAttributeValues: { ':job': new Set([jobId]) },
          }),
          this.sendOptions,
        ),
      ),
    );
  }

  async read(range: StatsRange): Promise<{ totals: Counts; daily: DailyCounts[] }> {
    const partitions =
      range.authorId === undefined
        ? postTypes.map((type) => `STATS#TYPE#${type}`)
        : [`STATS#AUTHOR#${range.authorId}`];
    const parts = await Promise.all(partitions.map((pk) => this.readPartition(pk, range)));
    const totals = sum(parts.map((p) => p.totals));
    const days = new Map<string, Counts[]>();
    for (const part of parts) {
      for (const day of part.daily) days.set(day.date, [...(days.get(day.date) ?? []), day]);
    }
    const daily = [...days]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, counts]) => ({ date, ...sum(counts) }));
    return { totals, daily };
  }

  private async readPartition(
    pk: string,
    range: StatsRange,
  ): Promise<{ totals: Counts; daily: DailyCounts[] }> {
    const [total, days] = await Promise.all([
      this.db.send(
        new GetCommand({ TableName: this.tableName, Key: { pk, sk: TOTAL } }),
        this.sendOptions,
      ),
      this.queryDays(pk, range),
    ]);
    return {
      totals: total.Item ? countsOf(total.Item) : emptyCounts(),
      daily: days.map((item) => ({ date: String(item.sk).slice(DAY.length), ...countsOf(item) })),
    };
  }

  private async queryDays(pk: string, range: StatsRange): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':from': `${DAY}${range.from}`,
            ':to': `${DAY}${range.to}`,
          },
          ExclusiveStartKey: start,
        }),
        this.sendOptions,
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function keysOf(post: Post): CounterKey[] {
  const day = `${DAY}${dayOf(post.created_at)}`;
  const author = `STATS#AUTHOR#${post.author_id}`;
  const type = `STATS#TYPE#${post.post_type}`;
  return [
    { pk: author, sk: TOTAL },
    { pk: author, sk: day },
    { pk: type, sk: TOTAL },
    { pk: type, sk: day },
  ];
}

const typeAttribute = (type: PostType) => `type_${type}`;

function countsOf(item: Record<string, unknown>): Counts {
  const number = (value: unknown) => (typeof value === 'number' ? value : 0);
  return {
    posts: number(item.posts),
    by_type: Object.fromEntries(
      postTypes.map((type) => [type, number(item[typeAttribute(type)])]),
    ) as Counts['by_type'],
  };
}

function sum(all: readonly Counts[]): Counts {
  const total = emptyCounts();
  const byType = { ...total.by_type };
  let posts = 0;
  for (const counts of all) {
    posts += counts.posts;
    for (const type of postTypes) byType[type] += counts.by_type[type];
  }
  return { posts, by_type: byType };
}
