import type { EncodedImage } from './image-processor';
import type { CardSize, ShareCardContent } from './share-card-layout';

/** Draws a share card as PNG with fonts it carries itself (never the machine's). */
export interface CardRenderer {
  render(card: ShareCardContent, size: CardSize): Promise<EncodedImage>;
}
