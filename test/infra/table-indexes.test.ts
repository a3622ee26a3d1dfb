import { describe, expect, it } from 'vitest';
import { listedPostAttributes, service } from '../../lib/description';
import { synthStack } from '../support/synth';

/**
 * Each index copies only what its query reads: an index pays again for every
 * write that changes an attribute it copies, so ALL would make a finished job
 * (which changes only `jobs`) a write in every index.
 */
const { ofType } = synthStack();
const [, table] = ofType('AWS::DynamoDB::Table')[0] ?? [];
const indexes = (table?.Properties.GlobalSecondaryIndexes ?? []) as {
  IndexName: string;
  Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
}[];
const projectionOf = (name: string) => indexes.find((i) => i.IndexName === name)?.Projection;

describe('the table indexes', () => {
  it('has every index of the description, none projecting ALL', () => {
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(
      Object.keys(service.table.indexes).sort(),
    );
    for (const index of indexes) expect(index.Projection.ProjectionType).not.toBe('ALL');
  });

  it('copies into the list indexes what a list page shows, and not the jobs a worker updates', () => {
    expect(projectionOf('feed')).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: [...listedPostAttributes],
    });
    // byAuthor also lists an author's webhooks, with what the fan-out and GET /webhooks need.
    expect(projectionOf('byAuthor')).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: [
        ...listedPostAttributes,
        'url',
        'events',
        'secret',
        'verified_at',
        'state',
        'consecutive_failures',
        'last_delivery_at',
        'disabled_reason',
      ],
    });
    expect(listedPostAttributes).not.toContain('jobs');
    expect(listedPostAttributes).not.toContain('share_card');
  });

  it("keeps only the keys in the sweeper's index", () => {
    expect(projectionOf('unsent')).toEqual({ ProjectionType: 'KEYS_ONLY' });
  });
});
