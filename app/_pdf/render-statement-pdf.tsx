/**
 * Renders a statement of account to PDF bytes, for the worker (browser) and for Node (tests): model
 * → fonts → page plan → react-pdf, drawn by the invoice's document components.
 */
import { renderDrawnDocument, type RenderedInvoicePdf, type RenderInvoicePdfOptions } from './render-invoice-pdf';
import { planStatementPages } from './statement-layout';
import { buildStatementModel, statementTexts } from './statement-model';
import type { StatementPdfData } from './statement-pdf-data';

/** The statement as a PDF, with details; a logo that fails to draw is left out, as on an invoice. */
export async function renderStatementPdfWithDetails(data: StatementPdfData, options: RenderInvoicePdfOptions = {}): Promise<RenderedInvoicePdf> {
  const model = buildStatementModel(data);
  return renderDrawnDocument({ model, texts: statementTexts, plan: planStatementPages, lines: model.rows.length }, Boolean(data.account.logo), options);
}

/** The statement as PDF bytes. */
export async function renderStatementPdf(data: StatementPdfData, options: RenderInvoicePdfOptions = {}): Promise<Uint8Array> {
  return (await renderStatementPdfWithDetails(data, options)).bytes;
}
