/**
 * Text measurement and line wrapping for the invoice PDF, done by us rather than by react-pdf so
 * that every row's height is known before rendering: the pages are planned from these line counts
 * and react-pdf never has to split anything itself (its splitting is what makes long tables slow).
 *
 * Widths are in points and come from the fonts' advance widths per code point, without kerning.
 * Kerning in our fonts only ever moves glyphs by a few thousandths of an em, so wrapping at
 * `WRAP_SLACK` below a box's width keeps every wrapped line inside it.
 */

/** The part of a fontkit font we read (react-pdf's font store holds fontkit fonts). */
export interface GlyphFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { advanceWidth: number };
}

export type FontWeight = 'regular' | 'bold';

export interface MeasureFonts {
  regular: GlyphFont;
  bold: GlyphFont;
  /** A CJK font used for code points the main font lacks; null when the invoice needs none. */
  fallback: GlyphFont | null;
}

/** Fraction of a box's width that wrapped text may fill (see the module comment). */
export const WRAP_SLACK = 0.97;

/** Shown instead of a character no shipped font can draw (emoji, rare scripts). */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/** A piece of a line drawn with one font; `fallback` pieces use the CJK font. */
export interface FontRun {
  text: string;
  fallback: boolean;
  /** Width in ems (multiply by the font size for points). */
  width: number;
}

/** Code points that are invisible by definition (variation selectors, joiners, tags): dropped when no font has them. */
function isDefaultIgnorable(cp: number): boolean {
  return (
    cp === 0x00ad ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xe0000 && cp <= 0xe0fff)
  );
}

/** Scripts the CJK fallback font covers: Hangul, CJK symbols/ideographs, kana, compatibility forms. */
export function isCjkCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

/** True when `text` has a CJK character that `font` cannot draw, i.e. the fallback font is needed. */
export function needsCjkFallback(text: string, font: GlyphFont): boolean {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (cp >= 0x1100 && isCjkCodePoint(cp) && !font.hasGlyphForCodePoint(cp)) return true;
  }
  return false;
}

/** Per code point: which font draws it and its advance in ems. Cached, so measuring is a map lookup per character. */
interface GlyphInfo {
  fallback: boolean;
  advance: number;
}

export class TextMeasurer {
  private readonly cache: Record<FontWeight, Map<number, GlyphInfo>> = { regular: new Map(), bold: new Map() };

  constructor(private readonly fonts: MeasureFonts) {}

  get hasFallback(): boolean {
    return this.fonts.fallback !== null;
  }

  private info(cp: number, weight: FontWeight): GlyphInfo {
    const cache = this.cache[weight];
    let info = cache.get(cp);
    if (info === undefined) {
      const main = this.fonts[weight];
      const fallback = this.fonts.fallback;
      if (!main.hasGlyphForCodePoint(cp) && fallback?.hasGlyphForCodePoint(cp)) {
        info = { fallback: true, advance: fallback.glyphForCodePoint(cp).advanceWidth / fallback.unitsPerEm };
      } else {
        info = { fallback: false, advance: main.glyphForCodePoint(cp).advanceWidth / main.unitsPerEm };
      }
      cache.set(cp, info);
    }
    return info;
  }

  /** True when some shipped font can draw the code point. */
  canDraw(cp: number): boolean {
    return this.fonts.regular.hasGlyphForCodePoint(cp) || (this.fonts.fallback?.hasGlyphForCodePoint(cp) ?? false);
  }

  /**
   * The text as we can print it: NFC, line breaks as "\n", tabs and other control characters as
   * spaces, invisible characters the fonts lack dropped, and anything else no font can draw (emoji)
   * as U+FFFD, so neither react-pdf nor pdfkit ever meets a glyph it has no font for.
   */
  sanitize(text: string): string {
    const normalized = text.normalize('NFC').replace(/\r\n?/g, '\n');
    let out = '';
    let clean = 0; // start of the pending run of characters kept as they are
    for (let i = 0; i < normalized.length; i++) {
      const cp = normalized.codePointAt(i)!;
      const size = cp > 0xffff ? 2 : 1;
      let replacement: string | null = null;
      if (cp === 0x0a) {
        replacement = null;
      } else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
        replacement = ' ';
      } else if (!this.canDraw(cp)) {
        replacement = isDefaultIgnorable(cp) ? '' : REPLACEMENT_CHARACTER;
      }
      if (replacement !== null) {
        out += normalized.slice(clean, i) + replacement;
        clean = i + size;
      }
      i += size - 1;
    }
    return clean === 0 ? normalized : out + normalized.slice(clean);
  }

  /** Width in points of one line of (sanitized) text. */
  width(text: string, size: number, weight: FontWeight = 'regular'): number {
    let ems = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      ems += this.info(cp, weight).advance;
    }
    return ems * size;
  }

  /** The line split into pieces by font, for drawing with pdfkit, which has no font fallback. */
  runs(text: string, weight: FontWeight = 'regular'): FontRun[] {
    if (this.fonts.fallback === null) return [{ text, fallback: false, width: this.width(text, 1, weight) }];
    const runs: FontRun[] = [];
    let start = 0;
    let current: boolean | null = null;
    let width = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      const size = cp > 0xffff ? 2 : 1;
      const info = this.info(cp, weight);
      if (current !== null && info.fallback !== current) {
        runs.push({ text: text.slice(start, i), fallback: current, width });
        start = i;
        width = 0;
      }
      current = info.fallback;
      width += info.advance;
      i += size - 1;
    }
    if (current !== null) runs.push({ text: text.slice(start), fallback: current, width });
    return runs;
  }

  /**
   * Greedy line breaking of sanitized text into lines at most `maxWidth` points wide: hard breaks
   * at "\n", soft breaks at spaces, and a word wider than the line (CJK text, a pasted URL) broken
   * between characters, unless `wordBreak` is 'spaces': then it stays whole on a line of its own,
   * wider than `maxWidth`, because a number cut in two ("KWD 100.000" / "5") reads as another
   * number. Linear in the text's length. At most `maxLines` lines: a longer text ends in "…" on
   * the last one.
   */
  wrap(text: string, maxWidth: number, size: number, weight: FontWeight = 'regular', maxLines = Infinity, wordBreak: 'anywhere' | 'spaces' = 'anywhere'): string[] {
    const limit = (maxWidth * WRAP_SLACK) / size; // in ems
    const lines: string[] = [];
    const space = this.info(0x20, weight).advance;
    for (const paragraph of text.split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const word of paragraph.split(' ')) {
        const wordWidth = this.width(word, 1, weight);
        if (line !== '' && lineWidth + space + wordWidth <= limit) {
          line += ` ${word}`;
          lineWidth += space + wordWidth;
          continue;
        }
        if (line !== '') {
          lines.push(line);
          line = '';
          lineWidth = 0;
        }
        if (wordWidth <= limit || wordBreak === 'spaces') {
          line = word;
          lineWidth = wordWidth;
          continue;
        }
        // Break the word between characters (never inside a surrogate pair).
        let start = 0;
        let width = 0;
        for (let i = 0; i < word.length; i++) {
          const cp = word.codePointAt(i)!;
          const cpSize = cp > 0xffff ? 2 : 1;
          const advance = this.info(cp, weight).advance;
          if (width + advance > limit && i > start) {
            lines.push(word.slice(start, i));
            start = i;
            width = 0;
          }
          width += advance;
          i += cpSize - 1;
        }
        line = word.slice(start);
        lineWidth = width;
      }
      lines.push(line);
      if (lines.length > maxLines) break;
    }
    if (lines.length > maxLines) {
      const kept = lines.slice(0, maxLines);
      const last = kept[maxLines - 1] ?? '';
      kept[maxLines - 1] = this.fit(`${last}…`, maxWidth, size, weight);
      return kept;
    }
    return lines;
  }

  /** The text cut (with "…") to one line of at most `maxWidth` points. */
  fit(text: string, maxWidth: number, size: number, weight: FontWeight = 'regular'): string {
    const limit = (maxWidth * WRAP_SLACK) / size;
    if (this.width(text, 1, weight) <= limit) return text;
    const ellipsis = this.info(0x2026, weight).advance;
    let width = ellipsis;
    let end = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      const advance = this.info(cp, weight).advance;
      if (width + advance > limit) break;
      width += advance;
      end = i + (cp > 0xffff ? 2 : 1);
      if (cp > 0xffff) i++;
    }
    return `${text.slice(0, end).trimEnd()}…`;
  }
}
