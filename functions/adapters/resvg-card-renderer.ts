import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import type { CardRenderer } from '../domain/card-renderer';
import type { EncodedImage } from '../domain/image-processor';
import { shareCardSvg, type CardSize, type ShareCardContent } from '../domain/share-card-layout';
import { FontMetrics } from './font-metrics';

const REGULAR = 'DejaVuSans.ttf';
const BOLD = 'DejaVuSans-Bold.ttf';

/**
 * Share cards with resvg: the layout measures text with the same font files
 * resvg draws with, both loaded from `fontDir` (shipped in the bundle), and
 * system fonts are never consulted, so the card looks the same everywhere.
 */
export class ResvgCardRenderer implements CardRenderer {
  private constructor(
    private readonly fontFiles: readonly string[],
    private readonly regular: FontMetrics,
    private readonly bold: FontMetrics,
  ) {}

  static async fromDir(fontDir: string): Promise<ResvgCardRenderer> {
    const files = [join(fontDir, REGULAR), join(fontDir, BOLD)];
    const [regular, bold] = await Promise.all(files.map((file) => readFile(file)));
    if (!regular || !bold) throw new Error(`fonts missing in ${fontDir}`);
    return new ResvgCardRenderer(files, new FontMetrics(regular), new FontMetrics(bold));
  }

  async render(card: ShareCardContent, size: CardSize): Promise<EncodedImage> {
    const svg = shareCardSvg(card, size, (text, px, isBold) =>
      (isBold ? this.bold : this.regular).width(text, px),
    );
    // Off the event loop: resvg renders on libuv's thread pool.
    const image = await renderAsync(svg, {
      font: {
        loadSystemFonts: false,
        fontFiles: [...this.fontFiles],
        defaultFontFamily: 'DejaVu Sans',
      },
      fitTo: { mode: 'original' },
    });
    return { bytes: image.asPng(), width: image.width, height: image.height };
  }
}
