import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { FunctionName } from '../../lib/description';
import { newPostBody, routeEvent, signedInEvent } from '../harness/api-gateway-event';

export interface FirstInvocation {
  readonly event: APIGatewayProxyEvent;
  /** What a correct first invocation answers; anything else fails the benchmark. */
  readonly expectedStatus: number;
}

/** Puts a post in the table the children read; returns its id. */
export type SeedPost = (author: string) => Promise<string>;

export const LIST_AUTHOR = 'bench-lister';

/**
 * The first request each function serves after its init: a real one that
 * reaches DynamoDB. A function without an entry here is measured for init only.
 */
export const firstInvocations: Partial<
  Record<FunctionName, (seed: SeedPost) => Promise<FirstInvocation>>
> = {
  getPost: async (seed) => ({
    event: routeEvent('getPost', { pathParameters: { id: await seed('bench-reader') } }),
    expectedStatus: 200,
  }),
  createPost: async () => ({
    event: signedInEvent('createPost', 'bench-writer', {
      headers: { 'Content-Type': 'application/json' },
      body: newPostBody('bench-writer'),
    }),
    expectedStatus: 201,
  }),
  listPosts: async () => ({
    event: routeEvent('listPosts', {
      queryStringParameters: { author_id: LIST_AUTHOR, limit: '20' },
    }),
    expectedStatus: 200,
  }),
  // A fresh post per process: every delete finds something to delete.
  deletePost: async (seed) => ({
    event: signedInEvent('deletePost', 'bench-deleter', {
      pathParameters: { id: await seed('bench-deleter') },
    }),
    expectedStatus: 204,
  }),
};
