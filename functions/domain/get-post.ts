import { notFound } from './errors';
import type { Post } from './post';
import { parse, postIdSchema } from './post-input';
import type { PostRepository } from './post-repository';

export async function getPost(posts: PostRepository, id: unknown): Promise<Post> {
  const postId = parse(postIdSchema, id, 'post id');
  const post = await posts.get(postId);
  if (!post) throw notFound(`No post has the id ${postId}.`);
  return post;
}
