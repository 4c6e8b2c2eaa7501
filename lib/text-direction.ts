/**
 * How a box of printed text (a name, an address, a table cell, the notes) is set when it may be in
 * a right-to-left script: its direction, its alignment and its line pitch. Pure: the PDF's layout
 * asks, and draws what it is told.
 */
import bidiFactory from 'bidi-js';

export type TextDirection = 'ltr' | 'rtl';
export type TextAlign = 'left' | 'right';

const bidi = bidiFactory();

/**
 * Line pitch, in ems, of text with Arabic letters. Vowelled Arabic in Noto Sans Arabic reaches
 * about 1.27 em above the baseline (shadda with fatha) and 0.56 em below it (hamza with kasra):
 * 1.8 em keeps one line's marks clear of the next's, where Latin's 1.25–1.35 em let them touch.
 * Hebrew, points included, stays within Latin's extents and keeps Latin's pitch.
 */
export const ARABIC_LINE_HEIGHT_EM = 1.8;

/**
 * True when the text may need bidi reordering: it has a right-to-left character (Hebrew, Arabic,
 * Syriac, Thaana, N'Ko and the other RTL blocks up to U+08FF, their presentation forms, the RTL
 * blocks of the supplementary planes) or an RTL mark, embedding, override or isolate. Without one,
 * every bidi level is 0 and a line is drawn as it is stored.
 */
export function mayNeedBidi(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x0590) continue;
    if (
      c <= 0x08ff ||
      (c >= 0xfb1d && c <= 0xfdff) ||
      (c >= 0xfe70 && c <= 0xfefc) ||
      c === 0x200f ||
      c === 0x202b ||
      c === 0x202e ||
      c === 0x2067 ||
      // A high surrogate of U+10800–U+10FFF or U+1E800–U+1EFFF: tested on the whole code point.
      (c >= 0xd800 && c <= 0xdbff && isRtlAstral(text.codePointAt(i)!))
    ) {
      return true;
    }
  }
  return false;
}

function isRtlAstral(cp: number): boolean {
  return (cp >= 0x10800 && cp <= 0x10fff) || (cp >= 0x1e800 && cp <= 0x1efff);
}

/**
 * The direction of the text's first strong character (Unicode bidi rules P2–P3, skipping what is
 * inside isolates), or null when it has none (digits, punctuation, nothing).
 */
export function firstStrongDirection(text: string): TextDirection | null {
  let isolates = 0;
  for (const char of text) {
    const type = bidi.getBidiCharTypeName(char);
    if (type === 'LRI' || type === 'RLI' || type === 'FSI') isolates++;
    else if (type === 'PDI') isolates = Math.max(0, isolates - 1);
    else if (isolates === 0 && type === 'L') return 'ltr';
    else if (isolates === 0 && (type === 'R' || type === 'AL')) return 'rtl';
  }
  return null;
}

/** True when the text has Arabic letters (bidi class AL; its marks and digits come with letters). */
export function hasArabicLetters(text: string): boolean {
  if (!mayNeedBidi(text)) return false;
  for (const char of text) if (bidi.getBidiCharTypeName(char) === 'AL') return true;
  return false;
}

export interface TextSetting {
  /** The bidi paragraph direction every line of the box is ordered in. */
  direction: TextDirection;
  align: TextAlign;
  /** Line pitch in points. */
  lineHeight: number;
}

/**
 * How a box of text is set, given how the box is set for left-to-right text (`usual`) and its
 * font size. Right-to-left and right-aligned when the text's first strong character is
 * right-to-left (as HTML's dir="auto"), so an Arabic name or a Hebrew description reads from the
 * right edge, every line of it, wrapped or not; otherwise left to right with the usual alignment.
 * Lines at least ARABIC_LINE_HEIGHT_EM apart when it has Arabic letters. Text without a
 * right-to-left character gets `usual` itself: a table's cells share their column's.
 */
export function textSetting(text: string, usual: TextSetting, fontSize: number): TextSetting {
  if (!mayNeedBidi(text)) return usual;
  const rtl = firstStrongDirection(text) === 'rtl';
  return {
    direction: rtl ? 'rtl' : usual.direction,
    align: rtl ? 'right' : usual.align,
    lineHeight: hasArabicLetters(text) ? Math.max(usual.lineHeight, ARABIC_LINE_HEIGHT_EM * fontSize) : usual.lineHeight,
  };
}
