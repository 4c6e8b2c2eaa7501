/**
 * The pages of a statement of account, planned with the invoice's pieces (page-layout): the same
 * heading (seller with logo, title and facts, the customer), a ruled table whose column header
 * repeats on every page, the balances right-aligned under it (with what a balance below zero
 * means), and how to pay.
 */
import {
  columnWidthToHold,
  documentPlan,
  pageGeometry,
  PageFlow,
  placeParagraph,
  placeSummary,
  planIntro,
  SECTION_GAP,
  TABLE_FONT_SIZE,
  tableRow,
  usualCellSettings,
  type Column,
  type InvoicePlan,
  type TableRow,
} from './page-layout';
import type { StatementCells, StatementModel } from './statement-model';
import type { TextMeasurer } from './text-measure';

const STATEMENT_CELL_KEYS = ['date', 'description', 'dueDate', 'debit', 'credit', 'balance'] as const;
const AMOUNT_KEYS = ['debit', 'credit', 'balance'] as const;
/** An amount column's usual width ("$9,999,999.99" needs 57 pt at 8 pt); it grows for longer amounts. */
const AMOUNT_WIDTH = 76;
const DATE_WIDTH = 60;

/** The statement's columns: dates, the description taking what the others leave, amounts as wide as their widest value needs. */
export function statementColumns(contentWidth: number, widestAmount: number): Column[] {
  const amountWidth = Math.max(AMOUNT_WIDTH, columnWidthToHold(widestAmount));
  const descriptionWidth = contentWidth - 2 * DATE_WIDTH - 3 * amountWidth;
  const specs: [string, 'left' | 'right', number, 'anywhere' | 'spaces'][] = [
    ['Date', 'left', DATE_WIDTH, 'anywhere'],
    ['Description', 'left', descriptionWidth, 'anywhere'],
    ['Due date', 'left', DATE_WIDTH, 'anywhere'],
    ['Debit', 'right', amountWidth, 'spaces'],
    ['Credit', 'right', amountWidth, 'spaces'],
    ['Balance', 'right', amountWidth, 'spaces'],
  ];
  let x = 0;
  return specs.map(([label, align, width, wordBreak]) => {
    const column: Column = { label, align, x, width, fontSize: TABLE_FONT_SIZE, wordBreak };
    x += width;
    return column;
  });
}

function* statementRows(rows: readonly StatementCells[], columns: Column[], m: TextMeasurer): Generator<TableRow> {
  const usual = usualCellSettings(columns);
  for (const row of rows) yield tableRow(STATEMENT_CELL_KEYS.map((key) => m.sanitize(row[key])), columns, usual, m);
}

/** Plans the pages of the statement; linear in its rows. */
export function planStatementPages(model: StatementModel, m: TextMeasurer): InvoicePlan {
  const geometry = pageGeometry(model.paperSize);
  const { contentWidth, bodyHeight } = geometry;
  const flow = new PageFlow(bodyHeight);
  const intro = planIntro(model, m, contentWidth, 'STATEMENT FOR');
  flow.add({ kind: 'intro', y: 0, height: intro.height, intro });

  let widestAmount = 0;
  for (const row of model.rows) for (const key of AMOUNT_KEYS) widestAmount = Math.max(widestAmount, m.width(m.sanitize(row[key]), TABLE_FONT_SIZE));
  const columns = statementColumns(contentWidth, widestAmount);
  flow.gap(SECTION_GAP);
  flow.placeTable('Account activity', columns, statementRows(model.rows, columns, m));
  placeSummary(flow, model.summary, contentWidth, m);
  placeParagraph(flow, null, model.closingNote, contentWidth, m);
  placeParagraph(flow, 'Payment details', model.paymentDetails, contentWidth, m);

  return documentPlan(geometry, flow.pages, model, model.headerRight, m);
}
