import type { APIGatewayProxyEvent } from 'aws-lambda';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { PostsCache } from '../../functions/adapters/cache/posts-cache';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { MediaBucket } from '../../functions/adapters/media-bucket';
import { MediaTable } from '../../functions/adapters/media-table';
import { createPost } from '../../functions/domain/create-post';
import { deletePost } from '../../functions/domain/delete-post';

import { listPosts } from '../../functions/domain/list-posts';
import { getPostDetails, type PostDetails } from '../../functions/domain/post-details';
import { SingleFlight } from '../../functions/domain/single-flight';
import { functions, type FunctionName } from '../../lib/description';
import { newPostBody, routeEvent, signedInEvent } from '../harness/api-gateway-event';
import { followUpLedgerFor } from './in-memory-follow-ups';
import { bareJobQueue } from './in-memory-job-queue';
import { storeFor } from './in-memory-posts-table';
import { benchPost } from './bench-post';

/**
 * What one invocation of each API function is, twice: as an API Gateway
 * event for the full handler, and as the bare use-case call the handler
 * makes. `prepare` runs untimed before each (e.g. a post for delete to find).
 */
export interface OverheadSubject<Input = unknown> {
  readonly expectedStatus: number;
  prepare(): Promise<Input>;
  event(input: Input): APIGatewayProxyEvent;
  bare(input: Input): Promise<unknown>;
}

async function seed(name: FunctionName, author: string): Promise<string> {
  const post = benchPost(author, 'processing');
  await storeFor(name).create(post);
  return post.id;
}

const READERS = 1_000;
const LIST_AUTHOR = 'lister';

/** Each API function's invocation; a function without one is reported as not measured. */
export const overheadSubjects: Partial<Record<FunctionName, () => Promise<OverheadSubject>>> = {
  getPost: async () => {
    // Since the media merge getPost reads the post and its media in one partition Query
    // (MediaTable), not through PostsTable: its posts are stored in the in-process DynamoDB,
    // and the bare call is the use-case with the same adapters, no cache configured (BYPASS).
    const db = documentClient(functions.getPost.sdk);
    const ids: string[] = [];
    for (let i = 0; i < READERS; i += 1) {
      const post = benchPost(`reader-${i % 50}`, 'ready');
      await db.send(
        new PutCommand({
          TableName: process.env.TABLE_NAME,
          Item: { pk: `POST#${post.id}`, sk: 'POST', ...post },
        }),
      );
      ids.push(post.id);
    }
    let next = 0;
    const deps = {
      cache: PostsCache.forFunction<PostDetails>('getPost'),
      reads: new SingleFlight<PostDetails | undefined>(),
      onCacheError: () => undefined,
      media: MediaTable.forFunction('getPost'),
      storage: MediaBucket.forFunction('getPost'),
    };
    return subject<string>({
      expectedStatus: 200,
      prepare: async () => ids[next++ % ids.length] as string,
      event: (id) => routeEvent('getPost', { pathParameters: { id } }),
      bare: (id) => getPostDetails(deps, id),
    });
  },
  createPost: async () => {
    const body = newPostBody('writer');
    const parsed = JSON.parse(body) as unknown;
    const deps = {
      posts: storeFor('createPost'),
      followUps: { jobs: bareJobQueue(), ledger: followUpLedgerFor('createPost') },
    };
    return subject<null>({
      expectedStatus: 201,
      prepare: async () => null,
      event: () =>
        signedInEvent('createPost', 'writer', {
          headers: { 'Content-Type': 'application/json' },
          body,
        }),
      // The handler parses the JSON body itself: that is HTTP work, counted as overhead.
      // Both dispatch the post's follow-up jobs to the same in-memory queue and ledger.
      bare: () => createPost(deps, { userId: 'writer' }, parsed),
    });
  },
  listPosts: async () => {
    for (let i = 0; i < 200; i += 1) await seed('listPosts', LIST_AUTHOR);
    const query = { author_id: LIST_AUTHOR, limit: '20' };
    return subject<null>({
      expectedStatus: 200,
      prepare: async () => null,
      event: () => routeEvent('listPosts', { queryStringParameters: query }),
      bare: () => listPosts(storeFor('listPosts'), query),
    });
  },
  deletePost: async () =>
    subject<string>({
      expectedStatus: 204,
      prepare: () => seed('deletePost', 'deleter'),
      event: (id) => signedInEvent('deletePost', 'deleter', { pathParameters: { id } }),
      bare: (id) =>
        deletePost(
          {
            posts: storeFor('deletePost'),
            // The bench's posts have no media: nothing to remove.
            media: { removeAll: () => Promise.resolve([]) },
            storage: { delete: () => Promise.resolve() },
            // Nor were they counted: nothing to take off.
            counters: { remove: () => Promise.resolve(), settle: () => Promise.resolve() },
          },
          { userId: 'deleter' },
          id,
        ),
    }),
};

function subject<Input>(s: OverheadSubject<Input>): OverheadSubject {
  return s as OverheadSubject;
}
