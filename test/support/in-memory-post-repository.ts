import { invalid } from '../../functions/domain/errors';
import type { Post, PostPage } from '../../functions/domain/post';
import { publicPost } from '../../functions/domain/post-details';
import type {
  CreateOutcome,
  DeleteOutcome,
  IdempotencyClaim,
  ListQuery,
  PostRepository,
} from '../../functions/domain/post-repository';

interface ClaimRecord {
  readonly fingerprint: string;
  readonly post: Post;
  readonly expiresAt: Date;
  state: 'pending' | 'done';
}

/**
 * A partition of one index: its sort keys (`<created_at>#<id>`) oldest first,
 * so a new post is usually an append; pages read it from the end.
 */
type Partition = string[];

const FEED = 'FEED';

/**
 * PostRepository in process memory, with the table's semantics: conditional
 * writes (no overwrite, no second post per Idempotency-Key), expired claims
 * counting as absent, newest-first pages per author or across all, an opaque
 * cursor that is refused when it was not issued here, and copies in and out
 * so a caller cannot change what is stored. For benchmarks and tests that
 * need the domain without DynamoDB's network round trip.
 */
export class InMemoryPostRepository implements PostRepository {
  private readonly posts = new Map<string, Post>();
  private readonly claims = new Map<string, ClaimRecord>();
  private readonly partitions = new Map<string, Partition>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async create(post: Post, claim?: IdempotencyClaim): Promise<CreateOutcome> {
    if (!claim) {
      this.putPost(post);
      return { kind: 'created', post: copy(post) };
    }
    const existing = this.claims.get(claim.key);
    const live = existing && existing.expiresAt.getTime() > this.now().getTime();
    let recorded = post;
    if (live) {
      if (existing.fingerprint !== claim.fingerprint) return { kind: 'key_reused' };
      recorded = existing.post;
      if (existing.state === 'done') return { kind: 'replayed', post: copy(recorded) };
    }
    const record: ClaimRecord = live
      ? existing
      : {
          fingerprint: claim.fingerprint,
          post: copy(post),
          expiresAt: claim.expiresAt,
          state: 'pending',
        };
    this.claims.set(claim.key, record);
    const created = this.putPost(recorded);
    record.state = 'done';
    return !live && created
      ? { kind: 'created', post: copy(post) }
      : { kind: 'replayed', post: copy(recorded) };
  }

  async get(id: string): Promise<Post | undefined> {
    const post = this.posts.get(id);
    return post && copy(post);
  }

  async listNewest(query: ListQuery): Promise<PostPage> {
    const partition = query.authorId === undefined ? FEED : `AUTHOR#${query.authorId}`;
    const orders = this.partitions.get(partition) ?? [];
    // Newest first: start just below the cursor's key, or at the newest.
    const end =
      query.cursor === undefined
        ? orders.length
        : insertionIndex(orders, decodeCursor(query.cursor, partition));
    const page = orders.slice(Math.max(0, end - query.limit), end).reverse();
    // As the list index: only the public fields of each post.
    const items = page.map((order) => publicPost(copy(this.posts.get(idOf(order)) as Post)));
    const last = page.at(-1);
    // As DynamoDB: a page cut by the limit carries a key to resume from.
    return page.length === query.limit && last !== undefined
      ? { items, next_cursor: encodeCursor(partition, last) }
      : { items };
  }

  async delete(id: string, ownerId: string): Promise<DeleteOutcome> {
    const post = this.posts.get(id);
    if (!post) return { kind: 'not_found' };
    if (post.author_id !== ownerId) return { kind: 'not_owner' };
    this.posts.delete(id);
    for (const partition of partitionsOf(post)) {
      const orders = this.partitions.get(partition) ?? [];
      const index = insertionIndex(orders, orderOf(post));
      if (orders[index] === orderOf(post)) orders.splice(index, 1);
    }
    return { kind: 'deleted' };
  }

  /** False when a post with this id already exists (nothing is overwritten). */
  private putPost(post: Post): boolean {
    if (this.posts.has(post.id)) return false;
    this.posts.set(post.id, copy(post));
    for (const partition of partitionsOf(post)) {
      let orders = this.partitions.get(partition);
      if (!orders) this.partitions.set(partition, (orders = []));
      const order = orderOf(post);
      const index = insertionIndex(orders, order);
      if (index === orders.length) orders.push(order);
      else orders.splice(index, 0, order);
    }
    return true;
  }
}

function partitionsOf(post: Post): string[] {
  return [FEED, `AUTHOR#${post.author_id}`];
}

function orderOf(post: Post): string {
  return `${post.created_at}#${post.id}`;
}

function idOf(order: string): string {
  return order.slice(order.indexOf('#') + 1);
}

/** Where `order` goes in an ascending partition: the index of the first key not below it. */
function insertionIndex(orders: Partition, order: string): number {
  let low = 0;
  let high = orders.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((orders[middle] as string) < order) low = middle + 1;
    else high = middle;
  }
  return low;
}

function encodeCursor(partition: string, order: string): string {
  return Buffer.from(JSON.stringify({ partition, order })).toString('base64url');
}

function decodeCursor(cursor: string, partition: string): string {
  const refused = invalid(
    'The cursor is not valid: pass back the next_cursor of a previous page unchanged.',
    [{ field: 'cursor', message: 'not a cursor this API issued for this query' }],
  );
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused;
  }
  const { partition: given, order } = (decoded ?? {}) as { partition?: unknown; order?: unknown };
  if (given !== partition || typeof order !== 'string' || !order.includes('#')) throw refused;
  return order;
}

function copy(post: Post): Post {
  return { ...post, tags: [...post.tags] };
}
