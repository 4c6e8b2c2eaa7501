/**
 * Pagination of the invoice, done by us in one linear pass. Every block's height is known from its
 * wrapped line count (text-measure), so each page is planned with absolute positions and react-pdf
 * only draws: it never measures a long table or splits it (its automatic splitting of one flowing
 * table is superlinear in the row count).
 *
 * All lengths are in PDF points (1/72 in); y offsets are from the top of a page's body area.
 */
import { firstStrongDirection, textSetting, type TextDirection, type TextSetting } from '@/lib/text-direction';
import type { InvoiceModel, LabelledAmount, LineCells, PaymentCells } from './invoice-model';
import { WRAP_SLACK, type FontWeight, type TextMeasurer } from './text-measure';

export const PAPER_SIZES = { A4: { width: 595.28, height: 841.89 }, LETTER: { width: 612, height: 792 } } as const;

export const MARGIN_X = 40;
export const MARGIN_TOP = 28;
export const MARGIN_BOTTOM = 24;
/** Running header (seller, invoice number) and its rule, on every page. */
export const HEADER_HEIGHT = 28;
/** Footer ("Page x of y"), on every page. */
export const FOOTER_HEIGHT = 22;

/** Table text: size, line pitch and the padding above and below each row's lines. */
export const TABLE_FONT_SIZE = 8;
export const TABLE_LINE_HEIGHT = 10;
export const TABLE_ROW_PADDING = 3;
export const TABLE_HEADER_HEIGHT = 16;
export const TABLE_HEADER_FONT_SIZE = 7;
/** Horizontal padding inside each cell, on both sides. */
export const CELL_PADDING = 3;
/** The narrowest the description column gets when the number columns widen for long values. */
export const DESCRIPTION_MIN_WIDTH = 120;
/** The smallest text a number column shrinks to when even that width is not enough. */
export const NUMBER_MIN_FONT_SIZE = 5;

/**
 * A table row of up to this many lines is never split across pages; a taller one may be, keeping
 * at least MIN_SPLIT_LINES lines on each side of the break.
 */
export const ROW_KEEP_LINES = 6;
export const MIN_SPLIT_LINES = 2;

/** A heading above a section (the lines table, payments, notes). */
export const HEADING_HEIGHT = 18;
export const HEADING_FONT_SIZE = 9.5;
export const SECTION_GAP = 14;

/** The tax and totals block's usual width; it grows (up to the content width) for long amounts. */
export const SUMMARY_WIDTH = 270;
/** Space kept between a summary label and its amount. */
const SUMMARY_GAP = 12;
export const SUMMARY_ROW_HEIGHT = 14;
export const SUMMARY_STRONG_ROW_HEIGHT = 19;
export const SUMMARY_FONT_SIZE = 8.5;
export const SUMMARY_STRONG_FONT_SIZE = 10.5;

export const PARAGRAPH_FONT_SIZE = 8.5;
export const PARAGRAPH_LINE_HEIGHT = 11.5;

export interface Column {
  /** The line cell a column of the lines table prints (the payments table's columns have none). */
  key?: LineCellKey;
  label: string;
  align: 'left' | 'right';
  /** Left edge and width in points, relative to the content box. */
  x: number;
  width: number;
  /** Size of the cells' text (the column header's is TABLE_HEADER_FONT_SIZE). */
  fontSize: number;
  /** 'spaces' for numbers: a number cut between lines reads as another number. */
  wordBreak: 'anywhere' | 'spaces';
}

export interface TableRow {
  /** Per column, the row's lines (a row split across pages carries only its part). */
  cells: string[][];
  /** Per column, how its text is set: from the whole cell, so every part of a split row agrees. */
  settings: readonly TextSetting[];
  /** Line pitch of every cell: TABLE_LINE_HEIGHT, or more when a cell has Arabic text. */
  lineHeight: number;
}

export interface PlacedRow extends TableRow {
  /** From the top of the table segment. */
  y: number;
  height: number;
}

/** A piece of a line drawn on its own: `x` points from the box's left edge, set in its own direction. */
export interface LinePiece {
  text: string;
  x: number;
  direction: TextDirection;
}

export interface IntroBlock extends TextSetting {
  lines: string[];
  /** When given, each line is drawn as these pieces, not as one text (the contact line: see contactBlock). */
  pieces?: LinePiece[][];
  size: number;
  weight: FontWeight;
  color?: string;
}

/** An invoice fact beside its label (number, dates, void reason). */
export interface MetaRow extends TextSetting {
  label: string;
  lines: string[];
}

/** Page 1's heading: seller (with logo), title and invoice facts, customer. */
export interface IntroLayout {
  height: number;
  leftWidth: number;
  rightX: number;
  rightWidth: number;
  logo: { src: string; width: number; height: number } | null;
  seller: IntroBlock[];
  title: IntroBlock;
  meta: MetaRow[];
  metaLabelWidth: number;
  /** The labels' line pitch, and the values' unless they have Arabic text. */
  metaLineHeight: number;
  /** Where the "Bill to" block starts, from the top of the intro. */
  customerY: number;
  customer: IntroBlock[];
}

export type Segment =
  | { kind: 'intro'; y: number; height: number; intro: IntroLayout }
  | { kind: 'heading'; y: number; height: number; text: string }
  | { kind: 'table'; y: number; height: number; columns: Column[]; rows: PlacedRow[] }
  | { kind: 'summary'; y: number; height: number; width: number; items: (LabelledAmount & { y: number; height: number })[] }
  | ({ kind: 'paragraph'; y: number; height: number; lines: string[] } & TextSetting);

export interface PagePlan {
  segments: Segment[];
}

export interface InvoicePlan {
  width: number;
  height: number;
  contentWidth: number;
  bodyTop: number;
  bodyHeight: number;
  pages: PagePlan[];
  /** Sanitized running header and footer texts. */
  header: { left: string; right: string };
  footer: string;
}

/**
 * The width of a table column whose cells print a value `valueWidth` points wide on one line:
 * wrapping fills WRAP_SLACK of a cell's inner width (between the CELL_PADDINGs).
 */
export function columnWidthToHold(valueWidth: number): number {
  return valueWidth / WRAP_SLACK + 2 * CELL_PADDING;
}

/** The columns that print numbers (a quantity with its unit, an amount with its currency). */
export const NUMBER_CELL_KEYS = ['calls', 'minutes', 'quantity', 'unitPrice', 'taxRate', 'net'] as const;
export type NumberCellKey = (typeof NUMBER_CELL_KEYS)[number];

/** Widest printed value per number column, in points at TABLE_FONT_SIZE. */
export type NumberCellWidths = Partial<Record<NumberCellKey, number>>;

export const LINE_CELL_KEYS = ['description', 'period', 'calls', 'minutes', 'quantity', 'unitPrice', 'taxRate', 'net'] as const;
export type LineCellKey = (typeof LINE_CELL_KEYS)[number];

/** The lines table's columns after the description: header and usual width in points. */
const LINE_COLUMNS_AFTER_DESCRIPTION: readonly (readonly [Exclude<LineCellKey, 'description'>, string, number])[] = [
  // A period within a month needs up to 61 at 8 pt ("Dec 21–31, 2026"), one day 48 ("Dec 31, 2026"),
  // "€9,999,999.99" 57; a period across months wraps after its dash (invoice-model period).
  ['period', 'Period', 80],
  ['calls', 'Calls', 34],
  ['minutes', 'Minutes', 44],
  ['quantity', 'Qty', 40],
  ['unitPrice', 'Unit price', 60],
  ['taxRate', 'Tax', 32],
  ['net', 'Net', 68],
];

/** Columns printed even when every cell is empty: what a line is, its tax and its net. */
const ALWAYS_PRINTED: ReadonlySet<LineCellKey> = new Set(['description', 'taxRate', 'net']);

/**
 * The line cells the table prints, in LINE_CELL_KEYS order: a column empty on every line is left
 * out (Calls and Minutes on an invoice of packages and manual lines, Qty and Unit price on one of
 * usage alone), its width going to the description.
 */
export function printedLineCellKeys(rows: readonly LineCells[]): LineCellKey[] {
  return LINE_CELL_KEYS.filter((key) => ALWAYS_PRINTED.has(key) || rows.some((row) => row[key] !== ''));
}

/**
 * The lines table's columns, those of `keys` (every one unless given). A number column is as wide
 * as its widest value (`widest`) needs to print on one line, and at least its usual width; the
 * description takes the width the others leave, down to DESCRIPTION_MIN_WIDTH. When that is not
 * enough, the number columns that grew print smaller, all at the one largest size that fits (down
 * to NUMBER_MIN_FONT_SIZE). Values too long even then wrap at their spaces, never inside a number.
 */
export function lineColumns(contentWidth: number, widest: NumberCellWidths = {}, keys: readonly LineCellKey[] = LINE_CELL_KEYS): Column[] {
  const fixed = LINE_COLUMNS_AFTER_DESCRIPTION.filter(([key]) => keys.includes(key));
  const valueWidth = (key: LineCellKey, size: number) => ((widest[key as NumberCellKey] ?? 0) * size) / TABLE_FONT_SIZE;
  const widthsAt = (size: number) => fixed.map(([key, , usual]) => Math.max(usual, columnWidthToHold(valueWidth(key, size))));
  const total = (widths: number[]) => widths.reduce((sum, w) => sum + w, 0);
  const room = contentWidth - DESCRIPTION_MIN_WIDTH;

  let widths = widthsAt(TABLE_FONT_SIZE);
  if (total(widths) > room) {
    if (total(widthsAt(NUMBER_MIN_FONT_SIZE)) <= room) {
      // The total grows with the size: bisect for the largest size that fits, to a hundredth of a point.
      let fits = NUMBER_MIN_FONT_SIZE;
      let tooBig = TABLE_FONT_SIZE;
      while (tooBig - fits > 0.01) {
        const size = (fits + tooBig) / 2;
        if (total(widthsAt(size)) <= room) fits = size;
        else tooBig = size;
      }
      widths = widthsAt(fits);
    } else {
      // Even the smallest text does not fit: share the room out in proportion to the growth asked for.
      const smallest = widthsAt(NUMBER_MIN_FONT_SIZE);
      const usual = fixed.map(([, , w]) => w);
      const growth = total(smallest) - total(usual);
      const share = growth > 0 ? Math.max(0, room - total(usual)) / growth : 0;
      widths = smallest.map((w, i) => usual[i]! + (w - usual[i]!) * share);
    }
  }

  const descriptionWidth = contentWidth - total(widths);
  const columns: Column[] = [
    { key: 'description', label: 'Description', align: 'left', x: 0, width: descriptionWidth, fontSize: TABLE_FONT_SIZE, wordBreak: 'anywhere' },
  ];
  let x = descriptionWidth;
  fixed.forEach(([key, label], i) => {
    const width = widths[i]!;
    const value = valueWidth(key, TABLE_FONT_SIZE);
    const inner = (width - 2 * CELL_PADDING) * WRAP_SLACK;
    // Text widths scale with the size: the largest size at which the widest value fits, to a tenth of a point below.
    const fontSize = value <= inner ? TABLE_FONT_SIZE : Math.max(NUMBER_MIN_FONT_SIZE, Math.floor(((TABLE_FONT_SIZE * inner) / value) * 10) / 10);
    const isPeriod = key === 'period';
    columns.push({ key, label, align: isPeriod ? 'left' : 'right', x, width, fontSize, wordBreak: isPeriod ? 'anywhere' : 'spaces' });
    x += width;
  });
  return columns;
}

/** The payments table's usual amount width; it grows for long amounts, the reference giving way. */
export const PAYMENT_AMOUNT_WIDTH = 100;

/**
 * The payments table's columns: the amount as wide as its widest value (`widestAmount`, in points at
 * TABLE_FONT_SIZE) needs to print on one line, and at least its usual width; the reference takes
 * what is left. The longest amount stored (15 digits, 3 decimals: about 110 pt) leaves the
 * reference more than 200 pt, so the amount never has to print smaller; it wraps only at its
 * spaces, never inside the number.
 */
export function paymentColumns(contentWidth: number, widestAmount = 0): Column[] {
  const amountWidth = Math.max(PAYMENT_AMOUNT_WIDTH, columnWidthToHold(widestAmount));
  const widths = [70, 110, contentWidth - 70 - 110 - amountWidth, amountWidth];
  const labels = ['Date', 'Method', 'Reference', 'Amount'];
  let x = 0;
  return widths.map((width, i) => {
    const isAmount = i === 3;
    const column: Column = { label: labels[i]!, align: isAmount ? 'right' : 'left', x, width, fontSize: TABLE_FONT_SIZE, wordBreak: isAmount ? 'spaces' : 'anywhere' };
    x += width;
    return column;
  });
}

/** Packs segments into pages top to bottom; a page is started when the next piece does not fit. */
export class PageFlow {
  readonly pages: PagePlan[] = [];
  private page!: PagePlan;
  /** Next free y on the current page. */
  y = 0;
  /** The lines table segment open on this page, if any, to append rows to. */
  openTable: Extract<Segment, { kind: 'table' }> | null = null;

  constructor(readonly bodyHeight: number) {
    this.newPage();
  }

  newPage(): void {
    this.page = { segments: [] };
    this.pages.push(this.page);
    this.y = 0;
    this.openTable = null;
  }

  get remaining(): number {
    return this.bodyHeight - this.y;
  }

  /** Space above a block that starts a section, dropped at the top of a page. */
  gap(height: number): void {
    if (this.y > 0) this.y = Math.min(this.bodyHeight, this.y + height);
  }

  /** Ensures `height` fits on the current page (a fresh page gets what it gets). */
  reserve(height: number): void {
    if (this.y > 0 && height > this.remaining) this.newPage();
  }

  add(segment: Segment): void {
    this.page.segments.push(segment);
    this.y = segment.y + segment.height;
  }

  /**
   * Places table rows (each a list of lines per column) under `heading`, repeating the column
   * header on every page. The heading goes on the page where the first row starts, never alone at
   * the foot of a page. A row of up to ROW_KEEP_LINES lines that does not fit goes to the next page
   * whole; a taller one starts where it is and is split between lines where pages end, at least
   * MIN_SPLIT_LINES lines on each page.
   */
  placeTable(heading: string, columns: Column[], rows: Iterable<TableRow>): void {
    const rowHeight = (lines: number, lineHeight: number) => 2 * TABLE_ROW_PADDING + lines * lineHeight;
    let pendingHeading: string | null = heading;
    const open = () => {
      if (pendingHeading !== null) {
        this.add({ kind: 'heading', y: this.y, height: HEADING_HEIGHT, text: pendingHeading });
        pendingHeading = null;
      }
      const table: Extract<Segment, { kind: 'table' }> = { kind: 'table', y: this.y, height: TABLE_HEADER_HEIGHT, columns, rows: [] };
      this.add(table);
      this.openTable = table;
      return table;
    };
    for (const { cells, settings, lineHeight } of rows) {
      let lineCount = 1;
      for (const cell of cells) if (cell.length > lineCount) lineCount = cell.length;
      const splits = lineCount > ROW_KEEP_LINES;
      let from = 0;
      while (from < lineCount) {
        const left = lineCount - from;
        // What must fit here: the heading and column header not yet placed, and the whole row or its first lines.
        const above = (pendingHeading !== null ? HEADING_HEIGHT : 0) + (this.openTable ? 0 : TABLE_HEADER_HEIGHT);
        if (above + rowHeight(splits ? Math.min(left, MIN_SPLIT_LINES) : left, lineHeight) > this.remaining && this.y > 0) this.newPage();
        const table = this.openTable ?? open();
        const fit = Math.max(1, Math.floor((this.remaining - 2 * TABLE_ROW_PADDING) / lineHeight));
        let take = Math.min(left, fit);
        // Not fewer than MIN_SPLIT_LINES carried over to the next page either.
        if (take < left && left - take < MIN_SPLIT_LINES && take > MIN_SPLIT_LINES) take = left - MIN_SPLIT_LINES;
        const part = from === 0 && take === lineCount ? cells : cells.map((cell) => cell.slice(from, from + take));
        const height = rowHeight(take, lineHeight);
        table.rows.push({ cells: part, settings, lineHeight, y: table.height, height });
        table.height += height;
        this.y = table.y + table.height;
        from += take;
        if (from < lineCount) this.newPage();
      }
    }
    this.openTable = null;
  }
}

function block(m: TextMeasurer, text: string, width: number, size: number, lineHeight: number, weight: FontWeight, maxLines: number, color?: string): IntroBlock | null {
  const clean = m.sanitize(text).trim();
  if (!clean) return null;
  return { lines: m.wrap(clean, width, size, weight, maxLines), size, weight, color, ...textSetting(clean, { direction: 'ltr', align: 'left', lineHeight }, size) };
}

/**
 * A seller's or customer's name, in bold: a legal name is printed whole. Up to two lines at its
 * usual size; a longer name at a smaller size on up to NAME_MAX_LINES lines, which hold the
 * schema's 200 characters of ordinary words (only long unbroken runs near that limit are cut).
 */
function nameBlock(m: TextMeasurer, text: string, width: number, usual: { size: number; lineHeight: number }, small: { size: number; lineHeight: number }): IntroBlock | null {
  const clean = m.sanitize(text).trim();
  if (!clean) return null;
  if (m.wrap(clean, width, usual.size, 'bold', 3).length <= 2) return block(m, clean, width, usual.size, usual.lineHeight, 'bold', 2);
  return block(m, clean, width, small.size, small.lineHeight, 'bold', NAME_MAX_LINES);
}

/** Between the contact's parts; a line that goes on ends in " ·". */
const CONTACT_SEPARATOR = '·';

/**
 * The contact line: its parts (name, email, phone) left to right from the box's left edge, " · "
 * between them, a new line started after a separator when the next part does not fit, and a part
 * broken (as `wrap` breaks any text) only when it is longer than a whole line. Each part is drawn as
 * a piece of its own, so the bidi algorithm resolves it alone, in its own first strong direction:
 * an Arabic name is shaped and reads right to left within its piece, and "+965 2222 3333" stays as
 * typed. Resolved as one text with the name, the phone's digits and "+" take the name's direction
 * and print as "965 2222 3333+".
 */
function contactBlock(m: TextMeasurer, parts: readonly string[], width: number, size: number, lineHeight: number, maxLines: number, color: string): IntroBlock | null {
  const clean = parts.map((part) => m.sanitize(part).replace(/\n/g, ' ').trim()).filter(Boolean);
  if (clean.length === 0) return null;
  const room = width * WRAP_SLACK;
  const space = m.width(' ', size);
  const separatorWidth = m.width(CONTACT_SEPARATOR, size);
  const lines: LinePiece[][] = [];
  let line: LinePiece[] = [];
  let x = 0; // where the line's last piece ends
  const newLine = () => {
    lines.push(line);
    line = [];
    x = 0;
  };
  clean.forEach((part, i) => {
    const direction = firstStrongDirection(part) ?? 'ltr';
    const partWidth = m.width(part, size);
    const after = i < clean.length - 1 ? space + separatorWidth : 0;
    if (line.length > 0 && x + space + partWidth + after > room) newLine();
    if (line.length === 0 && partWidth > room) {
      m.wrap(part, width, size).forEach((piece, j) => {
        if (j > 0) newLine();
        line.push({ text: piece, x: 0, direction });
        x = m.width(piece, size);
      });
    } else {
      // A part that fits a line but not with the " ·" after it stays whole: those two glyphs (under
      // 5 pt at 8.5 pt) then take some of the slack kept for kerning (8 pt of the 278 pt column).
      const start = line.length > 0 ? x + space : 0;
      line.push({ text: part, x: start, direction });
      x = start + partWidth;
    }
    if (after > 0) {
      line.push({ text: CONTACT_SEPARATOR, x: x + space, direction: 'ltr' });
      x += after;
    }
  });
  lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    const last = lines[maxLines - 1]!;
    if (last.length > 1 && last.at(-1)!.text === CONTACT_SEPARATOR) last.pop();
    const end = last.at(-1)!;
    end.text = m.fit(`${end.text}…`, (room - end.x) / WRAP_SLACK, size);
  }
  // The box keeps its usual setting (left to right, left-aligned); Arabic letters in a part still need the taller pitch.
  const { lineHeight: pitch } = textSetting(clean.join(' '), { direction: 'ltr', align: 'left', lineHeight }, size);
  return {
    lines: lines.map((pieces) => pieces.map((p) => p.text).join(' ')),
    pieces: lines,
    size,
    weight: 'regular',
    color,
    direction: 'ltr',
    align: 'left',
    lineHeight: pitch,
  };
}

function blocksHeight(blocks: IntroBlock[]): number {
  return blocks.reduce((h, b) => h + b.lines.length * b.lineHeight, 0);
}

const LOGO_BOX = { width: 150, height: 46 };
/**
 * Lines a detail of the seller or the customer (email, VAT ID, the contact, ...) may wrap to. Five
 * lines of the 278 pt column hold about 300 characters, more than any real contact or ID; only a
 * value near the schema's limits (a 320-character email) is cut, so that the largest heading the
 * schema allows still leaves room on page 1 for the lines table to start.
 */
const DETAIL_MAX_LINES = 5;
/** Lines a seller's or customer's name may take at its smaller size (see nameBlock), a customer's company at its size. */
const NAME_MAX_LINES = 5;
const COMPANY_MAX_LINES = 4;
/** An address's lines: a postal address has at most 6 (UPU). */
const ADDRESS_MAX_LINES = 7;
const GREY = '#555555';

/** What page 1's heading prints: the invoice's, or another document's (a statement of account) in the same layout. */
export type IntroContent = Pick<InvoiceModel, 'seller' | 'title' | 'meta' | 'customer'>;

/** Page 1's heading; `customerLabel` stands above the customer ("BILL TO" on an invoice). */
export function planIntro(model: IntroContent, m: TextMeasurer, contentWidth: number, customerLabel = 'BILL TO'): IntroLayout {
  const leftWidth = Math.round(contentWidth * 0.54);
  const rightX = leftWidth + 16;
  const rightWidth = contentWidth - rightX;
  const logo = model.seller.logo ? { src: model.seller.logo, ...LOGO_BOX } : null;

  const seller = [
    nameBlock(m, model.seller.name, leftWidth, { size: 13, lineHeight: 17 }, { size: 10, lineHeight: 13 }),
    block(m, model.seller.address, leftWidth, 8.5, 11.5, 'regular', ADDRESS_MAX_LINES),
    ...model.seller.details.map((d) => block(m, d, leftWidth, 8.5, 11.5, 'regular', DETAIL_MAX_LINES, GREY)),
  ].filter((b): b is IntroBlock => b !== null);
  const leftHeight = (logo ? logo.height + 8 : 0) + blocksHeight(seller);

  const title = block(m, model.title.toUpperCase(), rightWidth, 17, 24, 'bold', 1)!;
  // Room for the widest label ("Credit note date" is wider than the usual 66 pt), and a gap.
  const metaLabelWidth = Math.max(66, Math.ceil(Math.max(...model.meta.map((row) => m.width(row.label, 8.5))) + 6));
  const metaLineHeight = 12.5;
  const meta = model.meta.map((row): MetaRow => {
    const value = m.sanitize(row.value);
    return {
      label: row.label,
      lines: m.wrap(value, rightWidth - metaLabelWidth, 8.5, 'regular', 3),
      ...textSetting(value, { direction: 'ltr', align: 'left', lineHeight: metaLineHeight }, 8.5),
    };
  });
  const rightHeight = title.lines.length * title.lineHeight + 4 + meta.reduce((h, r) => h + r.lines.length * r.lineHeight, 0);

  const customer = [
    block(m, customerLabel, leftWidth, 7.5, 12, 'bold', 1, GREY),
    nameBlock(m, model.customer.name, leftWidth, { size: 11, lineHeight: 14.5 }, { size: 9, lineHeight: 12 }),
    block(m, model.customer.company, leftWidth, 8.5, 11.5, 'regular', COMPANY_MAX_LINES),
    block(m, model.customer.address, leftWidth, 8.5, 11.5, 'regular', ADDRESS_MAX_LINES),
    contactBlock(m, model.customer.contact, leftWidth, 8.5, 11.5, DETAIL_MAX_LINES, GREY),
    ...model.customer.details.map((d) => block(m, d, leftWidth, 8.5, 11.5, 'regular', DETAIL_MAX_LINES, GREY)),
  ].filter((b): b is IntroBlock => b !== null);
  const customerY = Math.max(leftHeight, rightHeight) + 18;
  return {
    height: customerY + blocksHeight(customer),
    leftWidth,
    rightX,
    rightWidth,
    logo,
    seller,
    title,
    meta,
    metaLabelWidth,
    metaLineHeight,
    customerY,
    customer,
  };
}

/** The rows' cells of `keys` as printed (sanitized, in the order of `keys`) and the widest value of each number column. */
function printedLineCells(rows: readonly LineCells[], keys: readonly LineCellKey[], m: TextMeasurer): { cells: string[][]; widest: NumberCellWidths } {
  const widest: Record<NumberCellKey, number> = { calls: 0, minutes: 0, quantity: 0, unitPrice: 0, taxRate: 0, net: 0 };
  const cells = rows.map((row) =>
    keys.map((key) => {
      const text = row[key];
      if (text === '') return '';
      const clean = m.sanitize(text);
      if (key !== 'description' && key !== 'period') {
        const width = m.width(clean, TABLE_FONT_SIZE);
        if (width > widest[key]) widest[key] = width;
      }
      return clean;
    }),
  );
  return { cells, widest };
}

/** Each column's setting for text without right-to-left characters: its alignment, the usual pitch. */
export function usualCellSettings(columns: Column[]): readonly TextSetting[] {
  return columns.map((column) => ({ direction: 'ltr', align: column.align, lineHeight: TABLE_LINE_HEIGHT }));
}

/** A table row of printed cells: each cell wrapped to its column and set by its text (see textSetting). */
export function tableRow(texts: readonly string[], columns: Column[], usual: readonly TextSetting[], m: TextMeasurer, maxLines = Infinity): TableRow {
  let lineHeight = TABLE_LINE_HEIGHT;
  // Only a row with right-to-left text gets a list of its own; the others (most) share the columns'.
  let own: TextSetting[] | null = null;
  const cells = texts.map((text, i) => {
    const column = columns[i]!;
    const setting = textSetting(text, usual[i]!, column.fontSize);
    if (setting !== usual[i]) {
      own ??= [...usual];
      own[i] = setting;
      if (setting.lineHeight > lineHeight) lineHeight = setting.lineHeight;
    }
    return text === '' ? [] : m.wrap(text, column.width - 2 * CELL_PADDING, column.fontSize, 'regular', maxLines, column.wordBreak);
  });
  return { cells, settings: own ?? usual, lineHeight };
}

function* lineRows(cells: readonly string[][], columns: Column[], m: TextMeasurer): Generator<TableRow> {
  const usual = usualCellSettings(columns);
  if (cells.length === 0) {
    yield tableRow(['No lines on this invoice.', ...columns.slice(1).map(() => '')], columns, usual, m);
    return;
  }
  for (const row of cells) yield tableRow(row, columns, usual, m);
}

/** The payments' cells as printed (sanitized: date, method, reference, amount) and the widest amount, in points at TABLE_FONT_SIZE. */
function printedPaymentCells(payments: readonly PaymentCells[], m: TextMeasurer): { cells: string[][]; widestAmount: number } {
  let widestAmount = 0;
  const cells = payments.map((p) => {
    const amount = m.sanitize(p.amount);
    widestAmount = Math.max(widestAmount, m.width(amount, TABLE_FONT_SIZE));
    return [m.sanitize(p.date), m.sanitize(p.method), m.sanitize(p.reference), amount];
  });
  return { cells, widestAmount };
}

function* paymentRows(cells: readonly string[][], columns: Column[], m: TextMeasurer): Generator<TableRow> {
  const usual = usualCellSettings(columns);
  for (const row of cells) yield tableRow(row, columns, usual, m, 4);
}

/**
 * Labelled amounts (an invoice's tax and totals, a statement's balances) right-aligned under what
 * is placed, kept together unless they are taller than a page.
 */
export function placeSummary(flow: PageFlow, summary: readonly LabelledAmount[], contentWidth: number, m: TextMeasurer): void {
  const items = summary.map((item) => ({
    ...item,
    label: m.sanitize(item.label),
    value: m.sanitize(item.value),
    height: item.strong ? SUMMARY_STRONG_ROW_HEIGHT : SUMMARY_ROW_HEIGHT,
  }));
  // Wide enough for its longest label and amount side by side, so they never run into each other.
  const summaryWidth = Math.min(
    contentWidth,
    items.reduce((widest, item) => {
      const size = item.strong ? SUMMARY_STRONG_FONT_SIZE : SUMMARY_FONT_SIZE;
      const weight = item.strong ? 'bold' : 'regular';
      return Math.max(widest, m.width(item.label, size, weight) + SUMMARY_GAP + m.width(item.value, size, weight));
    }, SUMMARY_WIDTH),
  );
  flow.gap(SECTION_GAP / 2);
  const summaryHeight = items.reduce((h, i) => h + i.height, 0);
  flow.reserve(Math.min(summaryHeight, flow.bodyHeight));
  let segment: Extract<Segment, { kind: 'summary' }> | null = null;
  for (const item of items) {
    if (segment === null || item.height > flow.remaining) {
      if (item.height > flow.remaining) flow.newPage();
      segment = { kind: 'summary', y: flow.y, height: 0, width: summaryWidth, items: [] };
      flow.add(segment);
    }
    segment.items.push({ ...item, y: segment.height });
    segment.height += item.height;
    flow.y = segment.y + segment.height;
  }
}

/** A text under a heading (none: `heading` null), its lines over as many pages as they need; nothing for a blank text. */
export function placeParagraph(flow: PageFlow, heading: string | null, text: string, contentWidth: number, m: TextMeasurer): void {
  const clean = m.sanitize(text).trim();
  if (!clean) return;
  const lines = m.wrap(clean, contentWidth, PARAGRAPH_FONT_SIZE);
  const setting = textSetting(clean, { direction: 'ltr', align: 'left', lineHeight: PARAGRAPH_LINE_HEIGHT }, PARAGRAPH_FONT_SIZE);
  flow.gap(heading === null ? SECTION_GAP / 2 : SECTION_GAP);
  // The heading keeps at least two lines (or the whole text) with it.
  flow.reserve((heading === null ? 0 : HEADING_HEIGHT) + Math.min(lines.length, 2) * setting.lineHeight);
  if (heading !== null) flow.add({ kind: 'heading', y: flow.y, height: HEADING_HEIGHT, text: heading });
  let from = 0;
  while (from < lines.length) {
    let fit = Math.floor(flow.remaining / setting.lineHeight);
    if (fit < 1) {
      flow.newPage();
      fit = Math.floor(flow.remaining / setting.lineHeight);
    }
    const part = lines.slice(from, from + fit);
    flow.add({ kind: 'paragraph', y: flow.y, height: part.length * setting.lineHeight, lines: part, ...setting });
    from += part.length;
  }
}

export type PageGeometry = Pick<InvoicePlan, 'width' | 'height' | 'contentWidth' | 'bodyTop' | 'bodyHeight'>;

/** A page's size and its body's box (between the running header and the footer), in points. */
export function pageGeometry(paperSize: keyof typeof PAPER_SIZES): PageGeometry {
  const paper = PAPER_SIZES[paperSize];
  const bodyTop = MARGIN_TOP + HEADER_HEIGHT;
  return { width: paper.width, height: paper.height, contentWidth: paper.width - 2 * MARGIN_X, bodyTop, bodyHeight: paper.height - bodyTop - MARGIN_BOTTOM - FOOTER_HEIGHT };
}

/**
 * A document's plan (an invoice's, a statement's) from its planned pages: the page's geometry, and
 * the running header and footer, each sanitized and cut to its share of the width. The header's
 * left is the seller's name; `headerRight` says what the document is.
 */
export function documentPlan(geometry: PageGeometry, pages: PagePlan[], model: Pick<InvoiceModel, 'seller' | 'footer'>, headerRight: string, m: TextMeasurer): InvoicePlan {
  const { contentWidth } = geometry;
  return {
    ...geometry,
    pages,
    header: {
      left: m.fit(m.sanitize(model.seller.name), contentWidth * 0.6, 8, 'bold'),
      right: m.fit(m.sanitize(headerRight), contentWidth * 0.38, 8),
    },
    footer: m.fit(m.sanitize(model.footer), contentWidth * 0.75, 7),
  };
}

/** The invoice's totals, then its payments, its tax note and its payment details. */
function placeClosingBlock(flow: PageFlow, model: InvoiceModel, contentWidth: number, m: TextMeasurer): void {
  // Tax per rate and the totals stay together unless they are taller than a page.
  placeSummary(flow, model.summary, contentWidth, m);
  if (model.payments.length > 0) {
    const printedPayments = printedPaymentCells(model.payments, m);
    const paymentCols = paymentColumns(contentWidth, printedPayments.widestAmount);
    flow.gap(SECTION_GAP);
    flow.placeTable('Payments', paymentCols, paymentRows(printedPayments.cells, paymentCols, m));
  }
  // The tax note (the reverse-charge wording, say) stands right under the totals it explains, without a heading.
  placeParagraph(flow, null, model.taxNote, contentWidth, m);
  placeParagraph(flow, 'Payment details', model.paymentDetails, contentWidth, m);
}

/** Plans the pages of the invoice; linear in the number of lines and characters. */
export function planInvoicePages(model: InvoiceModel, m: TextMeasurer): InvoicePlan {
  const geometry = pageGeometry(model.paperSize);
  const { contentWidth, bodyHeight } = geometry;
  const flow = new PageFlow(bodyHeight);

  const intro = planIntro(model, m, contentWidth);
  flow.add({ kind: 'intro', y: 0, height: intro.height, intro });

  // Cells and columns share one list of keys: a row's cells are drawn in its columns by index.
  const keys = printedLineCellKeys(model.rows);
  const printed = printedLineCells(model.rows, keys, m);
  const columns = lineColumns(contentWidth, printed.widest, keys);
  flow.gap(SECTION_GAP);
  flow.placeTable(m.sanitize(model.linesHeading), columns, lineRows(printed.cells, columns, m));

  // The totals, the payments, the tax note and the payment details start a page together when they
  // would be split here and fit one: after a payment's table, the payment details alone on a last
  // page (under the running header) read as a page of nothing.
  const placeClosing = (into: PageFlow) => placeClosingBlock(into, model, contentWidth, m);
  const here = new PageFlow(bodyHeight);
  here.y = flow.y;
  placeClosing(here);
  if (here.pages.length > 1) {
    const fresh = new PageFlow(bodyHeight);
    placeClosing(fresh);
    if (fresh.pages.length === 1) flow.newPage();
  }
  placeClosing(flow);
  placeParagraph(flow, 'Notes', model.notes, contentWidth, m);

  const headerRight = `${model.watermark === 'DRAFT' ? `Draft, ${model.document.toLowerCase()} no.` : `${model.document} no.`} ${model.number}`;
  return documentPlan(geometry, flow.pages, model, headerRight, m);
}
