import type { PostType } from './post';
import { xmlSafe } from './text-policy';

/** Width in pixels of `text` set at `size` px in the card's regular or bold face. */
export type MeasureText = (text: string, size: number, bold: boolean) => number;

export interface ShareCardContent {
  readonly content: string;
  readonly author: string;
  readonly postType: PostType;
}

export interface CardSize {
  readonly width: number;
  readonly height: number;
}

const palette: Record<PostType, { background: string; accent: string }> = {
  educational: { background: '#0f3d5e', accent: '#5cc8ff' },
  promotional: { background: '#5e1f0f', accent: '#ffb35c' },
  personal: { background: '#2d1f5e', accent: '#c3a6ff' },
  news: { background: '#1f2933', accent: '#f5f7fa' },
  announcement: { background: '#0f5e3a', accent: '#7dffb2' },
};

const MARGIN = 72;
const TEXT_SIZE = 44;
const LINE_HEIGHT = 58;
const LABEL_SIZE = 26;
const AUTHOR_SIZE = 30;
const FONT_FAMILY = 'DejaVu Sans';

/**
 * Breaks text into lines no wider than `maxWidth`: at spaces, inside a word
 * only when the word alone is too wide; explicit newlines kept. With more
 * lines than `maxLines`, the last one kept ends with an ellipsis.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  maxLines: number,
  measure: (text: string) => number,
): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (measure(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      // A word wider than the line is cut where it must be.
      let rest = word;
      while (measure(rest) > maxWidth) {
        let cut = rest.length - 1;
        while (cut > 1 && measure(rest.slice(0, cut)) > maxWidth) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  while (last !== '' && measure(`${last}…`) > maxWidth) last = last.slice(0, -1).trimEnd();
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

/** Markup-escaped, without what XML cannot carry (text stored before the text policy). */
function escape(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The card as SVG: the post type as a label, the text wrapped, the author at the foot. */
export function shareCardSvg(card: ShareCardContent, size: CardSize, measure: MeasureText): string {
  const { background, accent } = palette[card.postType];
  const textWidth = size.width - 2 * MARGIN;
  const top = MARGIN + LABEL_SIZE + 48;
  const bottom = size.height - MARGIN - AUTHOR_SIZE - 32;
  const maxLines = Math.max(1, Math.floor((bottom - top) / LINE_HEIGHT));
  const lines = wrapText(xmlSafe(card.content), textWidth, maxLines, (t) =>
    measure(t, TEXT_SIZE, false),
  );
  const label = card.postType.toUpperCase();
  const labelWidth = measure(label, LABEL_SIZE, true) + 32;
  const author = `@${card.author}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    `<rect width="100%" height="100%" fill="${background}"/>`,
    `<rect x="${MARGIN}" y="${MARGIN - 8}" width="${labelWidth}" height="${LABEL_SIZE + 20}" rx="10" fill="${accent}"/>`,
    `<text x="${MARGIN + 16}" y="${MARGIN + LABEL_SIZE}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="${LABEL_SIZE}" fill="${background}">${escape(label)}</text>`,
    ...lines.map(
      (line, i) =>
        `<text x="${MARGIN}" y="${top + TEXT_SIZE + i * LINE_HEIGHT}" font-family="${FONT_FAMILY}" font-size="${TEXT_SIZE}" fill="#ffffff" xml:space="preserve">${escape(line)}</text>`,
    ),
    `<rect x="${MARGIN}" y="${size.height - MARGIN - AUTHOR_SIZE - 20}" width="${textWidth}" height="3" fill="${accent}"/>`,
    `<text x="${MARGIN}" y="${size.height - MARGIN}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="${AUTHOR_SIZE}" fill="${accent}">${escape(author)}</text>`,
    '</svg>',
  ].join('\n');
}
