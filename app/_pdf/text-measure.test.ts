import { beforeAll, describe, expect, it } from 'vitest';
import { loadInvoiceFonts, registerInvoiceFonts } from './fonts';
import { fallbackScripts, type GlyphFont, REPLACEMENT_CHARACTER, TextMeasurer, WRAP_SLACK } from './text-measure';

let latin: TextMeasurer;
let cjk: TextMeasurer;
let rtl: TextMeasurer;
let symbols: TextMeasurer;
let notoSans: GlyphFont;
let arabicFont: GlyphFont;

beforeAll(async () => {
  registerInvoiceFonts();
  const latinFonts = await loadInvoiceFonts(['Zürich']);
  notoSans = latinFonts.measure.regular;
  expect(latinFonts.measure.fallbacks).toEqual([]);
  latin = new TextMeasurer(latinFonts.measure);
  cjk = new TextMeasurer((await loadInvoiceFonts(['東京通信'])).measure);
  const rtlFonts = await loadInvoiceFonts(['شركة', 'בזק']);
  expect(rtlFonts.measure.fallbacks.map((f) => f.script)).toEqual(['arabic', 'hebrew']);
  arabicFont = rtlFonts.measure.fallbacks[0]!.regular;
  rtl = new TextMeasurer(rtlFonts.measure);
  const symbolFonts = await loadInvoiceFonts(['Launch 🚀']);
  expect(symbolFonts.measure.fallbacks.map((f) => f.script)).toEqual(['symbols']);
  symbols = new TextMeasurer(symbolFonts.measure);
});

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('TextMeasurer.wrap', () => {
  const text = 'Inbound toll-free minutes to United Kingdom Mobile Vodafone, peak and off-peak, January 2026';

  it('keeps every line within the width and every word, in order', () => {
    for (const width of [40, 80, 150, 400]) {
      const lines = latin.wrap(text, width, 8);
      for (const line of lines) expect(latin.width(line, 8)).toBeLessThanOrEqual(width * WRAP_SLACK);
      // Words wider than the line are broken, so compare characters without the spaces.
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    }
    expect(latin.wrap(text, 250, 8)).toHaveLength(2);
    expect(latin.wrap(text, 1000, 8)).toEqual([text]);
  });

  it('honours line breaks and keeps empty lines', () => {
    expect(latin.wrap('Bahnhofstrasse 1\n\n8001 Zürich', 300, 9)).toEqual(['Bahnhofstrasse 1', '', '8001 Zürich']);
    expect(latin.wrap('', 300, 9)).toEqual(['']);
  });

  it('breaks a word longer than the line between characters, never inside a surrogate pair', () => {
    const long = 'A'.repeat(500);
    const lines = latin.wrap(long, 100, 8);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.join('')).toBe(long);
    const astral = '𝐀𝐁𝐂'.repeat(100); // mathematical bold letters, outside the BMP
    for (const line of latin.wrap(astral, 50, 8)) expect(loneSurrogate.test(line)).toBe(false);
  });

  it("with wordBreak 'spaces', breaks only at spaces: a word wider than the line stays whole", () => {
    // "KWD\u00a0100.0005" is one word: Intl joins the code and the number with a no-break space.
    expect(latin.wrap('-KWD\u00a0100.0005', 30, 8, 'regular', Infinity, 'spaces')).toEqual(['-KWD\u00a0100.0005']);
    expect(latin.wrap('1,234.5 month', 30, 8, 'regular', Infinity, 'spaces')).toEqual(['1,234.5', 'month']);
    expect(latin.wrap('-KWD\u00a0100.0005', 30, 8).length).toBeGreaterThan(1);
  });

  it('wraps CJK text without spaces', () => {
    const name = '東京通信株式会社'.repeat(10);
    const lines = cjk.wrap(name, 60, 10);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('')).toBe(name);
    for (const line of lines) expect(cjk.width(line, 10)).toBeLessThanOrEqual(60 * WRAP_SLACK);
  });

  it('cuts at maxLines with an ellipsis', () => {
    const lines = latin.wrap(text, 80, 8, 'regular', 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(latin.width(lines[1]!, 8)).toBeLessThanOrEqual(80 * WRAP_SLACK);
  });

  it('is linear: 5,000 characters wrap in one pass, bold wider than regular', () => {
    const long = 'word '.repeat(1000).trim();
    expect(latin.wrap(long, 150, 8).join(' ')).toBe(long);
    expect(latin.width('Total', 10, 'bold')).toBeGreaterThan(latin.width('Total', 10, 'regular'));
  });
});

describe('TextMeasurer.sanitize', () => {
  it('replaces what no font draws with U+FFFD and drops invisible selectors', () => {
    expect(latin.sanitize('Calls 📞 ❤️ done')).toBe(`Calls ${REPLACEMENT_CHARACTER} ❤ done`.replace('❤', latin.canDraw(0x2764) ? '❤' : REPLACEMENT_CHARACTER));
    expect(latin.sanitize('a\tb\u0007c\r\nd')).toBe('a b c\nd');
    expect(latin.sanitize('Zu\u0308rich')).toBe('Zürich'); // NFC
    expect(latin.sanitize('Łódź')).toBe('Łódź');
    // Without the CJK font, CJK is undrawable; with it, it is kept.
    expect(latin.sanitize('東京')).toBe(REPLACEMENT_CHARACTER.repeat(2));
    expect(cjk.sanitize('東京')).toBe('東京');
    // With Symbola, emoji up to Unicode 9 are kept; 🥳 (Unicode 11) is in no shipped font.
    expect(symbols.sanitize('Launch 🚀 📞 ❤️ 🥳')).toBe(`Launch 🚀 📞 ❤️ ${REPLACEMENT_CHARACTER}`); // U+FE0F kept: Symbola has it, zero-width
  });
});

describe('fallback fonts', () => {
  it('are needed only for scripts the main font lacks', () => {
    expect([...fallbackScripts('Zürich Łódź Αθήνα Москва', notoSans)]).toEqual([]);
    expect([...fallbackScripts('Calls 📞 🚀', notoSans)]).toEqual(['symbols']);
    expect([...fallbackScripts('Calls – 1 € · 2 ×', notoSans)]).toEqual([]); // Noto Sans has these
    expect([...fallbackScripts('東京通信', notoSans)]).toEqual(['cjk']);
    expect([...fallbackScripts('서울', notoSans)]).toEqual(['cjk']);
    expect([...fallbackScripts('Thank you — شكرا لك', notoSans)]).toEqual(['arabic']);
    expect([...fallbackScripts('בזק 東京 نصف', notoSans)]).toEqual(['hebrew', 'cjk', 'arabic']);
  });

  it('splits a mixed line into runs by font', () => {
    const runs = cjk.runs('Tokyo 東京 Mobile', 'regular');
    expect(runs.map((r) => [r.text, r.fallback])).toEqual([
      ['Tokyo ', false],
      ['東京', true],
      [' Mobile', false],
    ]);
    expect(runs.reduce((w, r) => w + r.width, 0) * 8).toBeCloseTo(cjk.width('Tokyo 東京 Mobile', 8), 6);
  });
});

describe('right-to-left text', () => {
  it('measures Arabic shaped: joined forms and the lam-alef ligature are narrower than the letters alone', () => {
    const word = 'للاتصالات';
    // fontkit's own shaping, in ems at 10 pt.
    const shaped = (arabicFont.layout(word).advanceWidth / arabicFont.unitsPerEm) * 10;
    const letters = Array.from(word).reduce((sum, c) => sum + arabicFont.glyphForCodePoint(c.codePointAt(0)!).advanceWidth, 0) / arabicFont.unitsPerEm * 10;
    expect(rtl.width(word, 10)).toBeCloseTo(shaped, 6);
    expect(shaped).toBeLessThan(letters * 0.9);
    expect(rtl.sanitize('شركة الاتصالات الكويتية')).toBe('شركة الاتصالات الكويتية');
  });

  // visualRuns gives runs left to right; a run in an Arabic or Hebrew font is handed over in
  // stored order (fontkit reverses it as it shapes), any other run as it should appear.
  const visual = (text: string, direction?: 'ltr' | 'rtl') => rtl.visualRuns(text, 'regular', direction).map((r) => r.text);

  it('orders the runs of a line by the bidi algorithm, numbers and Latin left to right inside RTL text', () => {
    expect(visual('על 100 שיחות')).toEqual(['שיחות', ' ', '100', ' ', 'על']);
    expect(visual('نصف فلس')).toEqual(['فلس', ' ', 'نصف']);
    expect(visual('Thank you — شكرا لك')).toEqual(['Thank you — ', 'لك', ' ', 'شكرا']);
    // A number after Arabic letters goes with them (rule W2), as a browser shows it: "965 الكويت".
    expect(visual('Calls to الكويت 965 mobile')).toEqual(['Calls to ', '965', ' ', 'الكويت', ' mobile']);
    expect(visual('Calls to 965 الكويت mobile')).toEqual(['Calls to 965 ', 'الكويت', ' mobile']);
    expect(visual('شركة STC Kuwait')).toEqual(['STC Kuwait', ' ', 'شركة']);
    // A Latin line is one run, untouched.
    expect(visual('Zürich (8001)')).toEqual(['Zürich (8001)']);
  });

  it('mirrors brackets in RTL text and reverses RTL punctuation fontkit would not', () => {
    // "(" and ")" at an RTL level swap; " (" is drawn reversed as ") ".
    expect(visual('שיחות (סלולר)')).toEqual(['(', 'סלולר', ') ', 'שיחות']);
    // Arabic-Indic digits read left to right; fontkit would reverse them as Arabic script, so they are handed over reversed.
    expect(visual('الرقم ١٢٣')).toEqual(['٣٢١', ' ', 'الرقم']);
  });

  it('lays our own labels out left to right when told to, whatever the names in them', () => {
    expect(visual('شركة · Invoice no. 7', 'ltr')).toEqual(['شركة', ' · Invoice no. 7']);
    expect(visual('شركة · Invoice no. 7')).toEqual(['Invoice no. 7', ' · ', 'شركة']);
  });
});
