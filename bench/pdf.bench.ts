/**
 * The invoice PDF (app/_pdf, react-pdf) at 10 to 20,000 lines, against raw pdfkit (the engine under
 * react-pdf) drawing the same rows at fixed positions with the same fonts: the floor for this
 * stack. pdfmake renders the same table beside them (what one might pick instead for client-side
 * PDFs); its figures go in `extra`. Goals (issue 6): ≤ 3× pdfkit at 5,000 lines, and 20,000 lines
 * ≤ 4.5× the 5,000-line time (linear growth).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { defaultFontResolver, FONT_FILES } from '../app/_pdf/fonts';
import { buildInvoiceModel } from '../app/_pdf/invoice-model';
import { LINE_CELL_KEYS, lineColumns, PAPER_SIZES } from '../app/_pdf/page-layout';
import { renderInvoicePdfWithDetails } from '../app/_pdf/render-invoice-pdf';
import { sampleInvoicePdfData } from '../app/_pdf/sample-invoice';
import { type BenchCase, compare, median, round } from './harness';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'fonts');
const fontFile = (file: string) => path.join(fontDir, file);

/** The part of pdfkit's document API the baseline uses (the package ships no types). */
interface PdfKitDocument {
  on(event: 'data', listener: (chunk: Uint8Array) => void): void;
  on(event: 'end', listener: () => void): void;
  registerFont(name: string, src: Uint8Array): PdfKitDocument;
  addPage(options?: { size: [number, number]; margin: number }): PdfKitDocument;
  font(name: string): PdfKitDocument;
  fontSize(size: number): PdfKitDocument;
  fillColor(color: string): PdfKitDocument;
  text(text: string, x: number, y: number, options: { lineBreak: false }): PdfKitDocument;
  widthOfString(text: string): number;
  rect(x: number, y: number, w: number, h: number): PdfKitDocument;
  fill(color: string): PdfKitDocument;
  moveTo(x: number, y: number): PdfKitDocument;
  lineTo(x: number, y: number): PdfKitDocument;
  lineWidth(width: number): PdfKitDocument;
  stroke(color: string): PdfKitDocument;
  end(): void;
}
type PdfKitConstructor = new (options: { autoFirstPage: false; compress: boolean }) => PdfKitDocument;
const PDFDocument = require('pdfkit') as PdfKitConstructor;

interface PdfMakePrinter {
  createPdfKitDocument(definition: unknown): PdfKitDocument;
}
type PdfMakeConstructor = new (fonts: Record<string, Record<string, string>>) => PdfMakePrinter;
const PdfPrinter = require('pdfmake') as PdfMakeConstructor;

const regularFont = readFileSync(fontFile(FONT_FILES.regular));
const boldFont = readFileSync(fontFile(FONT_FILES.bold));

function collect(doc: PdfKitDocument): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk) => chunks.push(chunk));
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
}

/** Pages of a PDF that has no object streams (pdfkit writes none): its /Type /Page objects. */
function countPages(bytes: Uint8Array): number {
  return Buffer.from(bytes).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

type Cells = string[][];

/** The printed cells of each line, as the PDF prints them (one line of text each in this sample). */
function cellsOf(lineCount: number): Cells {
  return buildInvoiceModel(sampleInvoicePdfData(lineCount)).rows.map((row) => LINE_CELL_KEYS.map((key) => row[key]));
}

const ROW = 16; // points: 8 pt text on a 10 pt pitch plus 3 pt padding above and below, as the PDF
const PAGE = PAPER_SIZES.A4;

/** Raw pdfkit: header, column header, rows with a rule under each, footer; positions fixed. */
async function rawPdfkit(rows: Cells): Promise<Uint8Array> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true });
  const done = collect(doc);
  doc.registerFont('regular', regularFont).registerFont('bold', boldFont);
  const columns = lineColumns(PAGE.width - 80);
  const perPage = Math.floor((PAGE.height - 150) / ROW);
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  for (let p = 0; p < pages; p++) {
    doc.addPage({ size: [PAGE.width, PAGE.height], margin: 40 });
    doc.font('bold').fontSize(8).fillColor('#111111').text('Zürich Telekom AG', 40, 30, { lineBreak: false });
    doc.rect(40, 60, PAGE.width - 80, 16).fill('#eef0f3');
    doc.fillColor('#111111').fontSize(7);
    for (const c of columns) doc.text(c.label, 43 + c.x, 64, { lineBreak: false });
    doc.font('regular').fontSize(8);
    const pageRows = rows.slice(p * perPage, (p + 1) * perPage);
    pageRows.forEach((cells, r) => {
      const y = 76 + r * ROW;
      cells.forEach((cell, c) => {
        const column = columns[c]!;
        if (!cell) return;
        const x = column.align === 'right' ? 40 + column.x + column.width - 3 - doc.widthOfString(cell) : 43 + column.x;
        doc.text(cell, x, y + 3, { lineBreak: false });
      });
      doc.moveTo(40, y + ROW).lineTo(PAGE.width - 40, y + ROW);
    });
    doc.lineWidth(0.5).stroke('#c8c8c8');
    doc.fontSize(7).text(`Page ${p + 1} of ${pages}`, PAGE.width - 100, PAGE.height - 40, { lineBreak: false });
  }
  doc.end();
  return done;
}

const pdfMakePrinter = new PdfPrinter({
  Noto: {
    normal: fontFile(FONT_FILES.regular),
    bold: fontFile(FONT_FILES.bold),
    italics: fontFile(FONT_FILES.regular),
    bolditalics: fontFile(FONT_FILES.bold),
  },
});

/** pdfmake: the same table as one flowing table with a repeated header row; pdfmake paginates. */
function pdfMake(rows: Cells): Promise<Uint8Array> {
  const columns = lineColumns(PAGE.width - 80);
  const doc = pdfMakePrinter.createPdfKitDocument({
    pageSize: 'A4',
    pageMargins: [40, 60, 40, 50],
    defaultStyle: { font: 'Noto', fontSize: 8 },
    header: { text: 'Zürich Telekom AG', bold: true, margin: [40, 30, 40, 0] },
    footer: (page: number, pages: number) => ({ text: `Page ${page} of ${pages}`, alignment: 'right', fontSize: 7, margin: [40, 10, 40, 0] }),
    content: [
      {
        table: {
          headerRows: 1,
          widths: columns.map((c, i) => (i === 0 ? '*' : c.width - 8)),
          body: [
            columns.map((c) => ({ text: c.label, bold: true, fontSize: 7, alignment: c.align })),
            ...rows.map((cells) => cells.map((text, i) => ({ text, alignment: columns[i]!.align }))),
          ],
        },
        layout: 'lightHorizontalLines',
      },
    ],
  });
  const done = collect(doc);
  doc.end();
  return done;
}

const SIZES = [
  { lines: 10, runs: 7, pdfmakeRuns: 5 },
  { lines: 1_000, runs: 5, pdfmakeRuns: 3 },
  { lines: 5_000, runs: 3, pdfmakeRuns: 2 },
  { lines: 20_000, runs: 3, pdfmakeRuns: 1 },
];

export default async function pdfBench(): Promise<BenchCase[]> {
  const resolve = defaultFontResolver();
  const cases: BenchCase[] = [];
  let msAt5000 = Number.NaN;
  for (const size of SIZES) {
    const data = sampleInvoicePdfData(size.lines);
    const rows = cellsOf(size.lines);
    let ours = { pages: 0, bytes: 0 };
    let raw = { pages: 0, bytes: 0 };
    const result = await compare(
      `react-pdf invoice, ${size.lines.toLocaleString('en-US')} lines (vs raw pdfkit)`,
      async () => {
        const r = await renderInvoicePdfWithDetails(data, { fonts: resolve });
        ours = { pages: r.pages, bytes: r.bytes.byteLength };
      },
      async () => {
        const bytes = await rawPdfkit(rows);
        raw = { pages: countPages(bytes), bytes: bytes.byteLength };
      },
      { runs: size.runs, warmup: 1 },
    );
    const pdfmakeTimes: number[] = [];
    let pdfmake = { pages: 0, bytes: 0 };
    for (let i = 0; i < size.pdfmakeRuns; i++) {
      const start = performance.now();
      const bytes = await pdfMake(rows);
      pdfmakeTimes.push(performance.now() - start);
      pdfmake = { pages: countPages(bytes), bytes: bytes.byteLength };
    }
    const pdfmakeMs = median(pdfmakeTimes);
    const extra: Record<string, number | string> = {
      pages: ours.pages,
      bytes: ours.bytes,
      pdfkitPages: raw.pages,
      pdfkitBytes: raw.bytes,
      pdfmakeMs: round(pdfmakeMs),
      pdfmakePages: pdfmake.pages,
      pdfmakeBytes: pdfmake.bytes,
      vsPdfmake: round(result.value / pdfmakeMs),
      msPerLine: round(result.value / size.lines, 3),
    };
    if (size.lines === 5_000) msAt5000 = result.value;
    if (size.lines === 20_000) extra.growthVs5000 = round(result.value / msAt5000);
    cases.push({ ...result, extra });
    console.error(`${result.case}: ${result.value} ms (pdfkit ${result.baseline} ms, ×${result.ratio}); ${JSON.stringify(extra)}`);
  }
  return cases;
}
