import { z } from 'zod';
import { service } from '../../lib/service';
import type { PostPage } from './post';
import { authorIdSchema, parse } from './post-input';
import type { PostRepository } from './post-repository';

const listQuerySchema = z.strictObject({
  author_id: authorIdSchema.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(service.limits.listMaxLimit)
    .default(service.limits.listDefaultLimit),
  cursor: z.string().min(1).max(2048).optional(),
});

/** Newest first, by one author or across all; `query` is the raw query string. */
export async function listPosts(
  posts: PostRepository,
  query: Readonly<Record<string, string | undefined>>,
): Promise<PostPage> {
  const q = parse(listQuerySchema, query, 'query');
  return posts.listNewest({ authorId: q.author_id, limit: q.limit, cursor: q.cursor });
}
