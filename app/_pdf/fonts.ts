/**
 * The fonts of the invoice PDF, shipped in public/fonts (licences beside them) so rendering needs
 * no network: Noto Sans (Latin, Greek, Cyrillic and more) and, each only for invoices that have
 * text in its script, Noto Sans Arabic (0.5 MB for both weights), Noto Sans Hebrew and Droid Sans
 * Fallback (Chinese, Japanese, Korean; 4 MB) and Symbola (emoji and symbols up to Unicode 9, drawn
 * in black; 3 MB). All are embedded as subsets with a ToUnicode map, so
 * the PDF's text stays searchable.
 */
import { Font } from '@react-pdf/renderer';
import { type FallbackFace, type FallbackScript, fallbackScripts, type GlyphFont, type MeasureFonts } from './text-measure';

export const FONT_FAMILY = 'Tollbook Sans';
export const CJK_FONT_FAMILY = 'Tollbook CJK';
export const ARABIC_FONT_FAMILY = 'Tollbook Arabic';
export const HEBREW_FONT_FAMILY = 'Tollbook Hebrew';
export const SYMBOLS_FONT_FAMILY = 'Tollbook Symbols';

export const FONT_FILES = {
  regular: 'NotoSans-Regular.ttf',
  bold: 'NotoSans-Bold.ttf',
  arabic: 'NotoSansArabic-Regular.ttf',
  arabicBold: 'NotoSansArabic-Bold.ttf',
  hebrew: 'NotoSansHebrew-Regular.ttf',
  hebrewBold: 'NotoSansHebrew-Bold.ttf',
  cjk: 'DroidSansFallbackFull.ttf',
  symbols: 'Symbola_hint.ttf',
} as const;

/** The fallback fonts in the order they are tried for a character Noto Sans lacks. */
const FALLBACKS: { script: FallbackScript; family: string; bold: boolean }[] = [
  { script: 'arabic', family: ARABIC_FONT_FAMILY, bold: true },
  { script: 'hebrew', family: HEBREW_FONT_FAMILY, bold: true },
  // One weight: bold CJK text uses the regular face.
  { script: 'cjk', family: CJK_FONT_FAMILY, bold: false },
  // One weight; in black only (the colour emoji font is bitmaps, which react-pdf cannot embed).
  { script: 'symbols', family: SYMBOLS_FONT_FAMILY, bold: false },
];

/** Turns a file name of FONT_FILES into what react-pdf loads: a URL in a browser, a path on Node. */
export type FontFileResolver = (file: string) => string;

/**
 * In a page or worker, the fonts are served from `/fonts/` of the app's origin (and precached by
 * the service worker, so this works offline); on Node they are read from `public/fonts` under the
 * working directory (tests and benchmarks run from the repository root).
 */
export function defaultFontResolver(): FontFileResolver {
  const location = (globalThis as { location?: { href: string } }).location;
  if (location) return (file) => new URL(`/fonts/${file}`, location.href).href;
  const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
  return (file) => `${cwd}/public/fonts/${file}`;
}

let registeredWith: FontFileResolver | null = null;

/**
 * Registers the families with react-pdf's font store, once per process (the store is global);
 * later calls are no-ops, whatever resolver they pass.
 */
export function registerInvoiceFonts(resolve: FontFileResolver = defaultFontResolver()): void {
  if (registeredWith) return;
  Font.register({
    family: FONT_FAMILY,
    fonts: [
      { src: resolve(FONT_FILES.regular), fontWeight: 400 },
      { src: resolve(FONT_FILES.bold), fontWeight: 700 },
    ],
  });
  // Names, addresses and notes in these scripts are often bold (customer name, headings), so both weights.
  Font.register({
    family: ARABIC_FONT_FAMILY,
    fonts: [
      { src: resolve(FONT_FILES.arabic), fontWeight: 400 },
      { src: resolve(FONT_FILES.arabicBold), fontWeight: 700 },
    ],
  });
  Font.register({
    family: HEBREW_FONT_FAMILY,
    fonts: [
      { src: resolve(FONT_FILES.hebrew), fontWeight: 400 },
      { src: resolve(FONT_FILES.hebrewBold), fontWeight: 700 },
    ],
  });
  // One weight: bold CJK text falls back to it (react-pdf picks the nearest registered weight).
  Font.register({ family: CJK_FONT_FAMILY, fonts: [{ src: resolve(FONT_FILES.cjk), fontWeight: 400 }] });
  Font.register({ family: SYMBOLS_FONT_FAMILY, fonts: [{ src: resolve(FONT_FILES.symbols), fontWeight: 400 }] });
  // We break lines ourselves before react-pdf sees the text; its hyphenation would only cost time.
  Font.registerHyphenationCallback((word) => [word]);
  registeredWith = resolve;
}

/**
 * The loaded fonts: fontkit objects shared by react-pdf (text it lays out), pdfkit (rows drawn on a
 * canvas, which embed into the same font subsets) and our measurer.
 */
export interface LoadedFonts {
  measure: MeasureFonts;
  /** react-pdf `fontFamily` for text: with the fallbacks the invoice needs, in FALLBACKS order. */
  family: string | string[];
}

async function loadFace(fontFamily: string, fontWeight: 400 | 700): Promise<GlyphFont> {
  const source = Font.getFont({ fontFamily, fontWeight });
  try {
    await Font.load({ fontFamily, fontWeight });
  } catch (error) {
    throw new Error(`Could not load the PDF font ${source.src}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!source.data) throw new Error(`Could not load the PDF font ${source.src}`);
  return source.data as unknown as GlyphFont;
}

const visualOrderFonts = new WeakSet<object>();

/**
 * pdftotext and pdf.js read right-to-left text in drawing order and reverse it to get the stored
 * order, reversing the characters of a ligature with the rest: an Arabic lam-alef glyph mapped to
 * "لا" (lam, alef) would come out "ال". So in fonts only ever drawn right to left (Arabic, Hebrew),
 * a glyph that stands for several characters is mapped to them in visual order, and the reversal
 * gives back the stored text. fontkit creates each glyph once, with the characters it was first
 * shaped from, and pdfkit writes those to the PDF's ToUnicode map.
 */
function mapLigaturesInVisualOrder(font: GlyphFont): void {
  if (visualOrderFonts.has(font)) return;
  visualOrderFonts.add(font);
  const fontkitFont = font as unknown as { getGlyph(id: number, codePoints?: number[]): unknown };
  const getGlyph = fontkitFont.getGlyph.bind(fontkitFont);
  fontkitFont.getGlyph = (id, codePoints = []) => getGlyph(id, codePoints.length > 1 ? [...codePoints].reverse() : codePoints);
}

/** Loads the main faces, and the fallback fonts for the scripts Noto Sans lacks that any of `texts` has. */
export async function loadInvoiceFonts(texts: Iterable<string>): Promise<LoadedFonts> {
  const [regular, bold] = await Promise.all([loadFace(FONT_FAMILY, 400), loadFace(FONT_FAMILY, 700)]);
  const needed = new Set<FallbackScript>();
  for (const text of texts) {
    for (const script of fallbackScripts(text, regular)) needed.add(script);
    if (needed.size === FALLBACKS.length) break;
  }
  const used = FALLBACKS.filter((f) => needed.has(f.script));
  const fallbacks = await Promise.all(
    used.map(async ({ script, family, bold: hasBold }): Promise<FallbackFace> => {
      const [faceRegular, faceBold] = await Promise.all([loadFace(family, 400), hasBold ? loadFace(family, 700) : null]);
      if (script === 'arabic' || script === 'hebrew') for (const face of [faceRegular, faceBold]) if (face) mapLigaturesInVisualOrder(face);
      return { script, regular: faceRegular, bold: faceBold ?? faceRegular };
    }),
  );
  return {
    measure: { regular, bold, fallbacks },
    family: used.length > 0 ? [FONT_FAMILY, ...used.map((f) => f.family)] : FONT_FAMILY,
  };
}
