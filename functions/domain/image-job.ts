import { z } from 'zod';
import { postIdSchema } from './post-input';

/** A message on the image queue: what the image worker is asked to draw. */
export const imageJobSchema = z.strictObject({
  kind: z.literal('share_card'),
  post_id: postIdSchema,
});

export type ImageJob = z.infer<typeof imageJobSchema>;

export function shareCardJob(postId: string): ImageJob {
  return { kind: 'share_card', post_id: postId };
}
