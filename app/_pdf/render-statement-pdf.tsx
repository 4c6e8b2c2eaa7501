/**
 * Renders a statement of account to PDF bytes, for the worker (browser) and for Node (tests): model
 * → fonts → page plan → react-pdf, drawn by the invoice's document components.
 */
import { pdf } from '@react-pdf/renderer';
import { loadInvoiceFonts, registerInvoiceFonts } from './fonts';
import { InvoiceDocument } from './invoice-document';
import type { PdfProgressListener } from './invoice-pdf-data';
import type { RenderedInvoicePdf, RenderInvoicePdfOptions } from './render-invoice-pdf';
import { planStatementPages } from './statement-layout';
import { buildStatementModel, statementTexts, type StatementModel } from './statement-model';
import type { StatementPdfData } from './statement-pdf-data';
import { TextMeasurer } from './text-measure';

async function renderModel(model: StatementModel, onProgress: PdfProgressListener | undefined): Promise<{ bytes: Uint8Array; pages: number }> {
  onProgress?.({ phase: 'fonts' });
  const fonts = await loadInvoiceFonts(statementTexts(model));
  const measurer = new TextMeasurer(fonts.measure);
  onProgress?.({ phase: 'layout', lines: model.rows.length });
  const plan = planStatementPages(model, measurer);
  const pages = plan.pages.length;
  const document = (
    <InvoiceDocument model={model} plan={plan} fonts={fonts} measurer={measurer} onPage={onProgress ? (page) => onProgress({ phase: 'drawing', page, pages }) : undefined} />
  );
  const bytes = new Uint8Array(await (await pdf(document).toBlob()).arrayBuffer());
  onProgress?.({ phase: 'done', pages, bytes: bytes.byteLength });
  return { bytes, pages };
}

/** The statement as a PDF, with details; a logo that fails to draw is left out, as on an invoice. */
export async function renderStatementPdfWithDetails(data: StatementPdfData, options: RenderInvoicePdfOptions = {}): Promise<RenderedInvoicePdf> {
  registerInvoiceFonts(options.fonts);
  const model = buildStatementModel(data);
  const warnings: string[] = [];
  if (data.account.logo && !model.seller.logo) warnings.push('The logo is not a PNG or JPEG data URL and was left out.');
  try {
    return { ...(await renderModel(model, options.onProgress)), warnings };
  } catch (error) {
    if (!model.seller.logo) throw error;
    warnings.push(`The logo could not be drawn and was left out (${error instanceof Error ? error.message : String(error)}).`);
    return { ...(await renderModel({ ...model, seller: { ...model.seller, logo: null } }, options.onProgress)), warnings };
  }
}

/** The statement as PDF bytes. */
export async function renderStatementPdf(data: StatementPdfData, options: RenderInvoicePdfOptions = {}): Promise<Uint8Array> {
  return (await renderStatementPdfWithDetails(data, options)).bytes;
}
