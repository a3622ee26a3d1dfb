import { PostsTable } from '../adapters/posts-table';
import { listPosts } from '../domain/list-posts';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { bindSignal } from '../pipeline/with-signal';

const posts = PostsTable.forFunction('listPosts');

export const handler = httpHandler('listPosts', async (event, { signal }) =>
  json(200, await listPosts(bindSignal(posts, signal), event.queryStringParameters ?? {})),
);
