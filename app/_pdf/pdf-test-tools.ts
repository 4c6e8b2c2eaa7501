/**
 * Test helpers: check rendered PDFs with independent tools (Debian's poppler-utils and qpdf), not
 * with our own code. Node only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CheckedPdf {
  /** `pdftotext -layout` of the whole document. */
  text: string;
  pages: number;
  /** `pdfinfo`'s "Page size" line, e.g. "595.28 x 841.89 pts (A4)". */
  pageSize: string;
  /** `pdffonts` output (embedded, subset, ToUnicode columns). */
  fonts: string;
  /** Number of images `pdfimages -list` finds (not counting their alpha masks). */
  images: number;
  /** Exit status of `qpdf --check`: 0 when it finds no errors or warnings. */
  qpdfStatus: number;
  qpdfOutput: string;
  /** Page 1 rendered at `dpi` as RGB pixels (pdftoppm), for checks of what is drawn. */
  firstPage: { width: number; height: number; rgb: Uint8Array };
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Parses a binary PPM (P6) as pdftoppm writes it. */
function parsePpm(bytes: Buffer): { width: number; height: number; rgb: Uint8Array } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a P6 PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, rgb: new Uint8Array(bytes.subarray(header[0].length, header[0].length + width * height * 3)) };
}

export function checkPdf(bytes: Uint8Array, { dpi = 20 } = {}): CheckedPdf {
  const dir = mkdtempSync(path.join(tmpdir(), 'tollbook-pdf-'));
  try {
    const file = path.join(dir, 'invoice.pdf');
    writeFileSync(file, bytes);
    const info = run('pdfinfo', [file]);
    const qpdf = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', file], { maxBuffer: 64 * 1024 * 1024 });
    const imageList = run('pdfimages', ['-list', file]).trim().split('\n');
    return {
      text: run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']),
      pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? Number.NaN),
      pageSize: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
      fonts: run('pdffonts', [file]),
      // Rows after the two header lines whose type is "image" (an alpha channel is an "smask").
      images: imageList.slice(2).filter((row) => row.trim().split(/\s+/)[2] === 'image').length,
      qpdfStatus: qpdf.status ?? -1,
      qpdfOutput: `${qpdf.stdout}${qpdf.stderr}`,
      firstPage: parsePpm(ppm),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A word `pdftotext -bbox` finds, with its box in points from the page's top left. */
export interface PdfWord {
  /** Right-to-left words come in drawing order, left to right: "שיחות" as "תוחיש". */
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** The words of page 1 and their boxes, as `pdftotext -bbox` reads them. */
export function firstPageWords(bytes: Uint8Array): PdfWord[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'tollbook-pdf-'));
  try {
    const file = path.join(dir, 'invoice.pdf');
    writeFileSync(file, bytes);
    const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', '1', '-l', '1', file, '-']);
    const entities: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&apos;': "'" };
    return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      text: m[5]!.replace(/&(quot|amp|lt|gt|apos);/g, (e) => entities[e]!),
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pixels in the middle third of the page that are tinted red (the watermark's colour), of all there. */
export function redTintShare(page: CheckedPdf['firstPage']): number {
  let red = 0;
  let total = 0;
  for (let y = Math.floor(page.height / 3); y < Math.floor((2 * page.height) / 3); y++) {
    for (let x = 0; x < page.width; x++) {
      const i = (y * page.width + x) * 3;
      const r = page.rgb[i]!;
      const g = page.rgb[i + 1]!;
      const b = page.rgb[i + 2]!;
      total++;
      if (r - g > 8 && r - b > 8) red++;
    }
  }
  return red / total;
}
