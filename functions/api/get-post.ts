import { MediaBucket } from '../adapters/media-bucket';
import { MediaTable } from '../adapters/media-table';
import { PostsTable } from '../adapters/posts-table';
import { getPostDetails } from '../domain/post-details';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const deps = {
  posts: PostsTable.forFunction('getPost'),
  media: MediaTable.forFunction('getPost'),
  storage: MediaBucket.forFunction('getPost'),
};

export const handler = httpHandler('getPost', async (event) =>
  json(200, await getPostDetails(deps, event.pathParameters?.id)),
);
