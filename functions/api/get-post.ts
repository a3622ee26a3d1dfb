import { PostsTable } from '../adapters/posts-table';
import { getPost } from '../domain/get-post';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const posts = PostsTable.forFunction('getPost');

export const handler = httpHandler('getPost', async (event) =>
  json(200, await getPost(posts, event.pathParameters?.id)),
);
