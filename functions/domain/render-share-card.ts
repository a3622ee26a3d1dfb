import { service } from '../../lib/service';
import type { CardRenderer } from './card-renderer';
import type { ImageJob } from './image-job';
import { mediaKeys } from './media';
import type { MediaRepository } from './media-repository';
import type { ObjectStorage } from './object-storage';
import type { PostRepository } from './post-repository';

export interface RenderShareCardDeps {
  readonly posts: PostRepository;
  readonly media: MediaRepository;
  readonly storage: ObjectStorage;
  readonly cards: CardRenderer;
  readonly now?: () => Date;
}

export type ShareCardOutcome = 'rendered' | 'no_post';

/**
 * Renders the post's share card (its text wrapped, the author, the post
 * type), stores it as `cards/<id>.png` and links it from the post. Running it
 * again redraws the same card: safe for a redelivered job.
 */
export async function renderShareCard(
  deps: RenderShareCardDeps,
  job: ImageJob,
): Promise<ShareCardOutcome> {
  const post = await deps.posts.get(job.post_id);
  if (!post) return 'no_post';
  const image = await deps.cards.render(
    { content: post.content, author: post.author_id, postType: post.post_type },
    service.media.shareCard,
  );
  const key = mediaKeys.card(post.id);
  await deps.storage.write(key, image.bytes, 'image/png');
  const linked = await deps.media.linkShareCard(post.id, {
    key,
    width: image.width,
    height: image.height,
    rendered_at: (deps.now ?? (() => new Date()))().toISOString(),
  });
  return linked ? 'rendered' : 'no_post';
}
