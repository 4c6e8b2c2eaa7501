/**
 * The fonts of the invoice PDF, shipped in public/fonts (licences beside them) so rendering needs
 * no network: Noto Sans (Latin, Greek, Cyrillic and more) and, only for invoices that have CJK
 * text, Droid Sans Fallback (Chinese, Japanese, Korean), which is 4 MB and so loaded on demand.
 * Both are embedded as subsets with a ToUnicode map, so the PDF's text stays searchable.
 */
import { Font } from '@react-pdf/renderer';
import { type GlyphFont, type MeasureFonts, needsCjkFallback } from './text-measure';

export const FONT_FAMILY = 'Tollbook Sans';
export const CJK_FONT_FAMILY = 'Tollbook CJK';

export const FONT_FILES = {
  regular: 'NotoSans-Regular.ttf',
  bold: 'NotoSans-Bold.ttf',
  cjk: 'DroidSansFallbackFull.ttf',
} as const;

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
  // One weight: bold CJK text falls back to it (react-pdf picks the nearest registered weight).
  Font.register({ family: CJK_FONT_FAMILY, fonts: [{ src: resolve(FONT_FILES.cjk), fontWeight: 400 }] });
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
  /** react-pdf `fontFamily` for text: with the CJK fallback only when it was loaded. */
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

/** Loads the main faces, and the CJK fallback when any of `texts` has CJK characters Noto Sans lacks. */
export async function loadInvoiceFonts(texts: Iterable<string>): Promise<LoadedFonts> {
  const [regular, bold] = await Promise.all([loadFace(FONT_FAMILY, 400), loadFace(FONT_FAMILY, 700)]);
  let needsCjk = false;
  for (const text of texts) {
    if (needsCjkFallback(text, regular)) {
      needsCjk = true;
      break;
    }
  }
  const fallback = needsCjk ? await loadFace(CJK_FONT_FAMILY, 400) : null;
  return {
    measure: { regular, bold, fallback },
    family: fallback ? [FONT_FAMILY, CJK_FONT_FAMILY] : FONT_FAMILY,
  };
}
