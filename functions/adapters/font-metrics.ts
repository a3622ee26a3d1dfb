/**
 * Advance widths from a TrueType/OpenType file (cmap + hmtx), enough to wrap
 * a card's text at the width resvg will draw it, without a text engine.
 * Kerning is ignored: lines come out a little narrower than measured.
 */
export class FontMetrics {
  private readonly advances = new Map<number, number>();
  private readonly unitsPerEm: number;
  private readonly fallbackAdvance: number;

  constructor(font: Uint8Array) {
    const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
    const tables = new Map<string, number>();
    const count = view.getUint16(4);
    for (let i = 0; i < count; i += 1) {
      const record = 12 + i * 16;
      const tag = String.fromCharCode(...font.subarray(record, record + 4));
      tables.set(tag, view.getUint32(record + 8));
    }
    const table = (tag: string): number => {
      const offset = tables.get(tag);
      if (offset === undefined) throw new Error(`the font has no ${tag} table`);
      return offset;
    };
    this.unitsPerEm = view.getUint16(table('head') + 18);
    const metricsCount = view.getUint16(table('hhea') + 34);
    const hmtx = table('hmtx');
    const advanceOf = (glyph: number) =>
      view.getUint16(hmtx + 4 * Math.min(glyph, metricsCount - 1));
    this.fallbackAdvance = advanceOf(0);
    for (const [code, glyph] of characterMap(view, table('cmap'))) {
      this.advances.set(code, advanceOf(glyph));
    }
  }

  /** Width in pixels of `text` at `size` px. */
  width(text: string, size: number): number {
    let units = 0;
    for (const char of text) {
      units += this.advances.get(char.codePointAt(0) ?? 0) ?? this.fallbackAdvance;
    }
    return (units * size) / this.unitsPerEm;
  }
}

/** Code point -> glyph id, from the Unicode subtable (format 12 preferred, else 4). */
function characterMap(view: DataView, cmap: number): Map<number, number> {
  const map = new Map<number, number>();
  const count = view.getUint16(cmap + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i += 1) {
    const platform = view.getUint16(cmap + 4 + i * 8);
    const encoding = view.getUint16(cmap + 6 + i * 8);
    const offset = cmap + view.getUint32(cmap + 8 + i * 8);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = view.getUint16(offset);
    if (format === 12) format12 = offset;
    if (format === 4) format4 = offset;
  }
  if (format12 !== undefined) {
    const groups = view.getUint32(format12 + 12);
    for (let g = 0; g < groups; g += 1) {
      const at = format12 + 16 + g * 12;
      const start = view.getUint32(at);
      const end = view.getUint32(at + 4);
      const glyph = view.getUint32(at + 8);
      for (let code = start; code <= end && code - start < 0x10000; code += 1) {
        map.set(code, glyph + code - start);
      }
    }
    return map;
  }
  if (format4 === undefined) throw new Error('the font has no Unicode character map');
  const segments = view.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s += 1) {
    const start = view.getUint16(starts + s * 2);
    const end = view.getUint16(ends + s * 2);
    const delta = view.getInt16(deltas + s * 2);
    const rangeOffset = view.getUint16(rangeOffsets + s * 2);
    for (let code = start; code <= end && code !== 0xffff; code += 1) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (code + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + rangeOffset + (code - start) * 2;
        const raw = view.getUint16(at);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(code, glyph);
    }
  }
  return map;
}
