/**
 * Which characters user text (a post's content and tags) may hold: any
 * Unicode text, with tab, line feed and carriage return as its only control
 * characters. Refused at the edge: the other C0 controls (U+0000–U+001F),
 * the noncharacters U+FFFE and U+FFFF, and unpaired surrogates. XML 1.0 (the
 * share card's SVG) cannot carry any of them, and no reader means them.
 */
const FORBIDDEN =
  // Control characters are the point of this pattern.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** What a 400 says of a field holding one. */
export const FORBIDDEN_CHARACTER_MESSAGE =
  'no control characters but tab, line feed and carriage return; no U+FFFE, U+FFFF or unpaired surrogates';

export function holdsForbiddenCharacter(text: string): boolean {
  return new RegExp(FORBIDDEN.source, 'u').test(text);
}

/** The text without what XML 1.0 cannot carry: for text stored before the policy. */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, '');
}
