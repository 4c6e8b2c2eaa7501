import { describe, expect, it } from 'vitest';
import { ARABIC_LINE_HEIGHT_EM, firstStrongDirection, hasArabicLetters, textSetting, type TextSetting } from './text-direction';

describe('firstStrongDirection', () => {
  it('is the direction of the first letter, skipping digits, punctuation and spaces', () => {
    expect(firstStrongDirection('Łódź Connect')).toBe('ltr');
    expect(firstStrongDirection('شركة الاتصالات الكويتية')).toBe('rtl');
    expect(firstStrongDirection('שיחות לישראל')).toBe('rtl');
    expect(firstStrongDirection('12 شارع الخليج')).toBe('rtl');
    expect(firstStrongDirection('(8190) Calls to الكويت')).toBe('ltr');
    expect(firstStrongDirection('Thank you — شكرا لك\nתודה רבה')).toBe('ltr');
    expect(firstStrongDirection('\nالكويت')).toBe('rtl');
  });

  it('is null without a strong character, and skips what is inside an isolate', () => {
    expect(firstStrongDirection('')).toBeNull();
    expect(firstStrongDirection('2026-01-31 – 100.5%')).toBeNull();
    expect(firstStrongDirection('١٢٣')).toBeNull(); // Arabic-Indic digits are weak
    // U+2068 FSI … U+2069 PDI: the isolated Latin name does not decide.
    expect(firstStrongDirection('\u2068Zain\u2069 شركة')).toBe('rtl');
    expect(firstStrongDirection('\u200fINV-7')).toBe('rtl'); // a right-to-left mark is strong
  });
});

describe('hasArabicLetters', () => {
  it('finds Arabic, not Hebrew, Latin or Arabic-Indic digits alone', () => {
    expect(hasArabicLetters('Calls to الكويت mobile')).toBe(true);
    expect(hasArabicLetters('شَرِكَةُ')).toBe(true);
    expect(hasArabicLetters('בְּרֵאשִׁית')).toBe(false);
    expect(hasArabicLetters('Zürich 東京')).toBe(false);
    expect(hasArabicLetters('١٢٣')).toBe(false);
  });
});

describe('textSetting', () => {
  // The usual settings of an 8.5 pt address and an 8 pt amount cell.
  const address: TextSetting = { direction: 'ltr', align: 'left', lineHeight: 11.5 };
  const amount: TextSetting = { direction: 'ltr', align: 'right', lineHeight: 10 };

  it('leaves Latin text, and any text without right-to-left characters, as the box usually is', () => {
    expect(textSetting('ul. Piotrkowska 100\n90-001 Łódź', address, 8.5)).toBe(address);
    expect(textSetting('東京都千代田区1-1', address, 8.5)).toBe(address);
    expect(textSetting('€1,234,567,890.12', amount, 8)).toBe(amount);
    expect(textSetting('2026-01-01 – 01-31', address, 8.5)).toBe(address); // an en dash is no reason to look closer
  });

  it('sets right-to-left text right-aligned, with Arabic 1.8 em apart', () => {
    // 1.8 em × 8.5 pt = 15.3 pt, above the usual 11.5.
    expect(textSetting('شارع الخليج العربي، مبنى 12\nالكويت', address, 8.5)).toEqual({ direction: 'rtl', align: 'right', lineHeight: ARABIC_LINE_HEIGHT_EM * 8.5 });
    expect(ARABIC_LINE_HEIGHT_EM * 8.5).toBeCloseTo(15.3, 9);
    // Hebrew fits Latin's pitch.
    expect(textSetting('שיחות לישראל', address, 8.5)).toEqual({ direction: 'rtl', align: 'right', lineHeight: 11.5 });
    // A number column stays right-aligned whatever the text.
    expect(textSetting('שיחות 100', amount, 8)).toEqual({ direction: 'rtl', align: 'right', lineHeight: 10 });
  });

  it('keeps left-to-right text with Arabic in it left-aligned, with taller lines', () => {
    expect(textSetting('Calls to الكويت mobile', address, 8.5)).toEqual({ direction: 'ltr', align: 'left', lineHeight: ARABIC_LINE_HEIGHT_EM * 8.5 });
  });

  it('never makes a line tighter than the box usually is', () => {
    expect(textSetting('شركة', { direction: 'ltr', align: 'left', lineHeight: 40 }, 17).lineHeight).toBe(40);
  });
});
