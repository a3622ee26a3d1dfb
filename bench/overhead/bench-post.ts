import { randomUUID } from 'node:crypto';
import type { Post } from '../../functions/domain/post';

let clock = Date.parse('2026-01-01T00:00:00Z');

/** A post as the overhead subjects and their baselines seed it: one second apart, same text. */
export function benchPost(author: string, status: Post['status']): Post {
  clock += 1000;
  const at = new Date(clock).toISOString();
  return {
    id: randomUUID(),
    author_id: author,
    content: 'A post for the overhead benchmark. '.repeat(8),
    post_type: 'news',
    tags: ['bench'],
    status,
    created_at: at,
    updated_at: at,
  };
}
