import * as z from 'zod/mini';
import { requestLimits } from '../../lib/description/limits';
import type { PostPage } from './post';
import { authorIdSchema, parse } from './post-input';
import type { PostRepository } from './post-repository';

export const listQuerySchema = z.strictObject({
  author_id: z.optional(authorIdSchema),
  limit: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(requestLimits.listMaxLimit)),
    requestLimits.listDefaultLimit,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

/** Newest first, by one author or across all; `query` is the raw query string. */
export async function listPosts(
  posts: PostRepository,
  query: Readonly<Record<string, string | undefined>>,
): Promise<PostPage> {
  const q = parse(listQuerySchema, query, 'query');
  return posts.listNewest({ authorId: q.author_id, limit: q.limit, cursor: q.cursor });
}
