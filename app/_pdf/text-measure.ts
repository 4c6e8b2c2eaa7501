/**
 * Text measurement and line wrapping for the invoice PDF, done by us rather than by react-pdf so
 * that every row's height is known before rendering: the pages are planned from these line counts
 * and react-pdf never has to split anything itself (its splitting is what makes long tables slow).
 *
 * Widths are in points and come from the fonts' advance widths per code point, without kerning.
 * Kerning in our fonts only ever moves glyphs by a few thousandths of an em, so wrapping at
 * `WRAP_SLACK` below a box's width keeps every wrapped line inside it.
 */
import bidiFactory from 'bidi-js';
import { mayNeedBidi } from '@/lib/text-direction';

/** The part of a fontkit font we read (react-pdf's font store holds fontkit fonts). */
export interface GlyphFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { advanceWidth: number };
  /**
   * Shapes a run. fontkit picks the script from the text and, for a right-to-left script (Arabic,
   * Hebrew), returns the glyphs in visual order: `direction` says whether it did.
   */
  layout(text: string, features?: string[]): { advanceWidth: number; direction: 'ltr' | 'rtl' };
}

export type FontWeight = 'regular' | 'bold';

/** Scripts Noto Sans lacks, each drawn with a font loaded only for invoices that have such text. */
export type FallbackScript = 'arabic' | 'hebrew' | 'cjk' | 'symbols';

/** A fallback font's faces (a font with one weight gives the same face twice). */
export interface FallbackFace {
  script: FallbackScript;
  regular: GlyphFont;
  bold: GlyphFont;
}

export interface MeasureFonts {
  regular: GlyphFont;
  bold: GlyphFont;
  /** Tried in order for code points the main font lacks; only the ones the invoice needs. */
  fallbacks: FallbackFace[];
}

/** Fraction of a box's width that wrapped text may fill (see the module comment). */
export const WRAP_SLACK = 0.97;

/**
 * Added to a line's room, in ems. Widths are sums of glyph advances in floating point, added word by
 * word when wrapping and character by character when a column is sized to its widest value; the two
 * orders can differ in the last bit, and a value sized to fill its box exactly ("4 months") must
 * still fit it. A billionth of an em is far below anything visible.
 */
const ROUNDING_TOLERANCE_EM = 1e-9;

/** Shown instead of a character no shipped font can draw (emoji newer than Unicode 9, rare scripts). */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * A piece of a line drawn with one font. From `visualRuns`, `text` is what to hand to pdfkit so
 * that the glyphs come out in visual order (see there).
 */
export interface FontRun {
  text: string;
  font: GlyphFont;
  /** True when `font` is a fallback (not Noto Sans). */
  fallback: boolean;
  /** True for Arabic and Hebrew runs: measured shaped, as one piece (see `isShaped`). */
  shaped: boolean;
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

/** Arabic letters, marks and digits, its supplements and presentation forms (not U+FEFF). */
export function isArabicCodePoint(cp: number): boolean {
  return (
    (cp >= 0x0600 && cp <= 0x06ff) ||
    (cp >= 0x0750 && cp <= 0x077f) ||
    (cp >= 0x08a0 && cp <= 0x08ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfefc)
  );
}

/** Hebrew letters and points, and its presentation forms. */
export function isHebrewCodePoint(cp: number): boolean {
  return (cp >= 0x0590 && cp <= 0x05ff) || (cp >= 0xfb1d && cp <= 0xfb4f);
}

/** Symbols, arrows, dingbats, shapes (U+2000-2BFF) and emoji and pictographs (U+1F000-1FAFF). */
export function isSymbolCodePoint(cp: number): boolean {
  return (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x1f000 && cp <= 0x1faff);
}

function scriptOf(cp: number): FallbackScript | null {
  if (cp < 0x0590) return null;
  if (isArabicCodePoint(cp)) return 'arabic';
  if (isHebrewCodePoint(cp)) return 'hebrew';
  if (cp >= 0x1100 && isCjkCodePoint(cp)) return 'cjk';
  if (isSymbolCodePoint(cp)) return 'symbols';
  return null;
}

/** The fallback fonts `text` needs: scripts it has characters of that `font` cannot draw. */
export function fallbackScripts(text: string, font: GlyphFont): Set<FallbackScript> {
  const scripts = new Set<FallbackScript>();
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const script = scriptOf(cp);
    if (script !== null && !scripts.has(script) && !font.hasGlyphForCodePoint(cp)) scripts.add(script);
  }
  return scripts;
}

/** Per code point: which font draws it (index into the fallbacks, -1 for the main font) and its advance in ems. */
interface GlyphInfo {
  font: number;
  advance: number;
}

const bidi = bidiFactory();

export class TextMeasurer {
  private readonly cache: Record<FontWeight, Map<number, GlyphInfo>> = { regular: new Map(), bold: new Map() };
  /** Shaped widths in ems of runs drawn with an Arabic or Hebrew font, by weight and text. */
  private readonly shapedCache: Record<FontWeight, Map<string, number>> = { regular: new Map(), bold: new Map() };

  constructor(private readonly fonts: MeasureFonts) {}

  get hasFallback(): boolean {
    return this.fonts.fallbacks.length > 0;
  }

  private info(cp: number, weight: FontWeight): GlyphInfo {
    const cache = this.cache[weight];
    let info = cache.get(cp);
    if (info === undefined) {
      const main = this.fonts[weight];
      const fallback = main.hasGlyphForCodePoint(cp) ? -1 : this.fonts.fallbacks.findIndex((f) => f[weight].hasGlyphForCodePoint(cp));
      const font = fallback < 0 ? main : this.fonts.fallbacks[fallback]![weight];
      info = { font: fallback, advance: font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm };
      cache.set(cp, info);
    }
    return info;
  }

  private fontAt(index: number, weight: FontWeight): GlyphFont {
    return index < 0 ? this.fonts[weight] : this.fonts.fallbacks[index]![weight];
  }

  /**
   * Arabic letters take other forms (and widths) by their neighbours, and Hebrew points sit on
   * their letters: runs in those fonts are measured shaped, as drawn. Noto Sans and CJK text is
   * measured per code point.
   */
  private isShaped(index: number): boolean {
    const script = index < 0 ? null : this.fonts.fallbacks[index]!.script;
    return script === 'arabic' || script === 'hebrew';
  }

  private shapedWidth(text: string, index: number, weight: FontWeight): number {
    const cache = this.shapedCache[weight];
    let width = cache.get(text);
    if (width === undefined) {
      const font = this.fontAt(index, weight);
      width = font.layout(text, []).advanceWidth / font.unitsPerEm;
      cache.set(text, width);
    }
    return width;
  }

  /** True when some shipped font can draw the code point. */
  canDraw(cp: number): boolean {
    return this.fonts.regular.hasGlyphForCodePoint(cp) || this.fonts.fallbacks.some((f) => f.regular.hasGlyphForCodePoint(cp));
  }

  /**
   * The text as we can print it: NFC, line breaks as "\n", tabs and other control characters as
   * spaces, invisible characters the fonts lack dropped, and anything else no font can draw (emoji newer than Unicode 9)
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
      const info = this.info(cp, weight);
      if (this.isShaped(info.font)) return this.runs(text, weight).reduce((sum, run) => sum + run.width, 0) * size;
      ems += info.advance;
    }
    return ems * size;
  }

  /** The line split into pieces by font, in logical (stored) order. */
  runs(text: string, weight: FontWeight = 'regular'): FontRun[] {
    return this.logicalRuns(text, weight, null).map((r) => r.run);
  }

  /**
   * Logical runs split where the font changes, and where the bidi level changes when `levels` is
   * given (levels per UTF-16 unit, from bidi-js).
   */
  private logicalRuns(text: string, weight: FontWeight, levels: Uint8Array | null): { run: FontRun; start: number; level: number }[] {
    if (this.fonts.fallbacks.length === 0 && levels === null) {
      return [{ run: { text, font: this.fonts[weight], fallback: false, shaped: false, width: this.width(text, 1, weight) }, start: 0, level: 0 }];
    }
    const runs: { run: FontRun; start: number; level: number }[] = [];
    let start = 0;
    let current: number | null = null;
    let level = 0;
    let width = 0;
    const close = (end: number) => {
      const runText = text.slice(start, end);
      const run: FontRun = {
        text: runText,
        font: this.fontAt(current!, weight),
        fallback: current! >= 0,
        shaped: this.isShaped(current!),
        width: this.isShaped(current!) ? this.shapedWidth(runText, current!, weight) : width,
      };
      runs.push({ run, start, level });
    };
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      const size = cp > 0xffff ? 2 : 1;
      const info = this.info(cp, weight);
      const cpLevel = levels ? levels[i]! : 0;
      if (current !== null && (info.font !== current || cpLevel !== level)) {
        close(i);
        start = i;
        width = 0;
      }
      current = info.font;
      level = cpLevel;
      width += info.advance;
      i += size - 1;
    }
    if (current !== null) close(text.length);
    return runs;
  }

  /**
   * One line as pdfkit should draw it, left to right: the Unicode bidi algorithm (UAX #9) resolves
   * each character's level with the line as its paragraph (`direction` fixes the paragraph's
   * direction; by default its first strong character decides), runs are ordered by rule L2 and
   * mirrored characters ("(" in right-to-left text) swapped. pdfkit hands each run to fontkit,
   * which shapes it and itself reverses a run whose script is right-to-left (Arabic, Hebrew): a run
   * that should read the other way than fontkit will put it (right-to-left punctuation, Arabic-Indic
   * digits inside RTL text) is reversed here first. Reversing is only ever done to runs without
   * joining letters, so shaping is not affected. The text itself is never changed, so copying from
   * the PDF gives the stored text (pdfkit maps glyphs to characters through ToUnicode).
   */
  visualRuns(text: string, weight: FontWeight = 'regular', direction?: 'ltr' | 'rtl'): FontRun[] {
    if (!mayNeedBidi(text)) return this.runs(text, weight);
    const { levels } = bidi.getEmbeddingLevels(text, direction);
    const runs = this.logicalRuns(text, weight, levels);
    // Rule L2: from the highest level down to the lowest odd one, reverse every sequence of runs at that level or above.
    const order = runs.map((_, i) => i);
    const maxLevel = Math.max(...runs.map((r) => r.level));
    let minOddLevel = Math.min(...runs.map((r) => r.level));
    if (minOddLevel % 2 === 0) minOddLevel++;
    for (let level = maxLevel; level >= minOddLevel; level--) {
      let i = 0;
      while (i < order.length) {
        if (runs[order[i]!]!.level < level) {
          i++;
          continue;
        }
        let end = i + 1;
        while (end < order.length && runs[order[end]!]!.level >= level) end++;
        order.splice(i, end - i, ...order.slice(i, end).reverse());
        i = end;
      }
    }
    return order.map((index) => {
      const { run, level } = runs[index]!;
      const rtl = level % 2 === 1;
      let drawn = run.text;
      if (rtl) drawn = Array.from(drawn, (c) => bidi.getMirroredCharacter(c) ?? c).join('');
      const fontkitReverses = run.font.layout(drawn, []).direction === 'rtl';
      if (rtl !== fontkitReverses) drawn = Array.from(drawn).reverse().join('');
      return { ...run, text: drawn };
    });
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
    const limit = (maxWidth * WRAP_SLACK) / size + ROUNDING_TOLERANCE_EM; // in ems
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
    const limit = (maxWidth * WRAP_SLACK) / size + ROUNDING_TOLERANCE_EM;
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
