import { PostsTable } from '../adapters/posts-table';
import { listPosts } from '../domain/list-posts';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const posts = PostsTable.forFunction('listPosts');

export const handler = httpHandler('listPosts', async (event) =>
  json(200, await listPosts(posts, event.queryStringParameters ?? {})),
);
