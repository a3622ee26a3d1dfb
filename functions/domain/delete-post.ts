import { notFound } from './errors';
import { parse, postIdSchema } from './post-input';
import type { PostRepository } from './post-repository';

export async function deletePost(posts: PostRepository, id: unknown): Promise<void> {
  const postId = parse(postIdSchema, id, 'post id');
  if (!(await posts.delete(postId))) throw notFound(`No post has the id ${postId}.`);
}
