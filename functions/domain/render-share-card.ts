import { media } from '../../lib/description/limits';
import type { CardRenderer } from './card-renderer';
import type { FollowUpLedger } from './follow-ups';
import { PermanentFailure } from './job-errors';
import { mediaKeys } from './media';
import type { MediaRepository } from './media-repository';
import type { ObjectStorage } from './object-storage';
import type { Post } from './post';
import type { PostRepository } from './post-repository';

export interface RenderShareCardDeps {
  readonly posts: Pick<PostRepository, 'get'>;
  readonly media: Pick<MediaRepository, 'linkShareCard'>;
  readonly storage: ObjectStorage;
  readonly cards: CardRenderer;
  readonly followUps: Pick<FollowUpLedger, 'markDone'>;
  readonly now?: () => Date;
}

export type ShareCardOutcome = 'rendered' | 'no_post';

/**
 * The image job of a new post: renders its share card (its text wrapped, the
 * author, the post type), stores it as `cards/<id>.png`, links it from the
 * post and marks the follow-up done. Running it again redraws the same card:
 * safe for a redelivered job. A post deleted since is skipped; a card that
 * cannot be drawn is a permanent failure (the post reads `failed` naming it).
 */
export async function renderShareCard(
  deps: RenderShareCardDeps,
  job: { readonly post: Pick<Post, 'id'> },
): Promise<ShareCardOutcome> {
  const now = deps.now ?? (() => new Date());
  const post = await deps.posts.get(job.post.id);
  if (!post) return 'no_post';
  let image;
  try {
    image = await deps.cards.render(
      { content: post.content, author: post.author_id, postType: post.post_type },
      media.shareCard,
    );
  } catch (error) {
    // The same post would fail the same way: settled at once, not retried.
    throw new PermanentFailure(`the share card cannot be drawn: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const key = mediaKeys.card(post.id);
  await deps.storage.write(key, image.bytes, 'image/png');
  const linked = await deps.media.linkShareCard(post.id, {
    key,
    width: image.width,
    height: image.height,
    rendered_at: now().toISOString(),
  });
  if (!linked) {
    // Deleted while the card was drawn: the delete could not see this card, so it goes here.
    await deps.storage.delete(key);
    return 'no_post';
  }
  await deps.followUps.markDone(post.id, 'image', now());
  return 'rendered';
}
