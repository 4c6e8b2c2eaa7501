/**
 * Renders an invoice to PDF bytes. The one entry point for the worker (browser) and for Node
 * (tests, benchmarks): model (amounts from lib/totals) → fonts → page plan → react-pdf.
 */
import { pdf } from '@react-pdf/renderer';
import { type FontFileResolver, loadInvoiceFonts, registerInvoiceFonts } from './fonts';
import { InvoiceDocument, type PlannedDocument } from './invoice-document';
import { buildInvoiceModel, modelTexts, type InvoiceModel } from './invoice-model';
import type { InvoicePdfData, PdfProgressListener } from './invoice-pdf-data';
import { planInvoicePages, type InvoicePlan } from './page-layout';
import { TextMeasurer } from './text-measure';

export interface RenderInvoicePdfOptions {
  /** Where the font files are; by default `/fonts/` of the origin in a browser, `public/fonts` on Node. */
  fonts?: FontFileResolver;
  onProgress?: PdfProgressListener;
}

export interface RenderedInvoicePdf {
  bytes: Uint8Array;
  pages: number;
  /** Problems worked around, e.g. a logo that could not be decoded and was left out. */
  warnings: string[];
}

/** A document the invoice's components draw: its model and how to plan and font it. */
export interface DrawnDocument<M extends PlannedDocument & Pick<InvoiceModel, 'seller'>> {
  model: M;
  /** Every string the fonts are chosen from. */
  texts: (model: M) => Iterable<string>;
  plan: (model: M, measurer: TextMeasurer) => InvoicePlan;
  /** Lines laid out, for the progress report. */
  lines: number;
}

async function renderModel<M extends PlannedDocument & Pick<InvoiceModel, 'seller'>>(
  document: DrawnDocument<M>,
  model: M,
  onProgress: PdfProgressListener | undefined,
): Promise<{ bytes: Uint8Array; pages: number }> {
  onProgress?.({ phase: 'fonts' });
  const fonts = await loadInvoiceFonts(document.texts(model));
  const measurer = new TextMeasurer(fonts.measure);
  onProgress?.({ phase: 'layout', lines: document.lines });
  const plan = document.plan(model, measurer);
  const pages = plan.pages.length;
  const drawn = (
    <InvoiceDocument
      model={model}
      plan={plan}
      fonts={fonts}
      measurer={measurer}
      onPage={onProgress ? (page) => onProgress({ phase: 'drawing', page, pages }) : undefined}
    />
  );
  const bytes = new Uint8Array(await (await pdf(drawn).toBlob()).arrayBuffer());
  onProgress?.({ phase: 'done', pages, bytes: bytes.byteLength });
  return { bytes, pages };
}

/**
 * Renders an invoice or a statement. A logo that passes our checks but still fails to decode is
 * dropped and the PDF made again without it, so a bad logo never stops a document going out.
 */
export async function renderDrawnDocument<M extends PlannedDocument & Pick<InvoiceModel, 'seller'>>(
  document: DrawnDocument<M>,
  logoGiven: boolean,
  options: RenderInvoicePdfOptions,
): Promise<RenderedInvoicePdf> {
  registerInvoiceFonts(options.fonts);
  const { model } = document;
  const warnings: string[] = [];
  if (logoGiven && !model.seller.logo) warnings.push('The logo is not a PNG or JPEG data URL and was left out.');
  try {
    return { ...(await renderModel(document, model, options.onProgress)), warnings };
  } catch (error) {
    if (!model.seller.logo) throw error;
    warnings.push(`The logo could not be drawn and was left out (${error instanceof Error ? error.message : String(error)}).`);
    return { ...(await renderModel(document, { ...model, seller: { ...model.seller, logo: null } }, options.onProgress)), warnings };
  }
}

/** The invoice as a PDF, with details (a logo that fails to draw is left out: renderDrawnDocument). */
export async function renderInvoicePdfWithDetails(data: InvoicePdfData, options: RenderInvoicePdfOptions = {}): Promise<RenderedInvoicePdf> {
  const model = buildInvoiceModel(data);
  return renderDrawnDocument({ model, texts: modelTexts, plan: planInvoicePages, lines: model.rows.length }, Boolean(data.account.logo), options);
}

/** The invoice as PDF bytes. */
export async function renderInvoicePdf(data: InvoicePdfData, options: RenderInvoicePdfOptions = {}): Promise<Uint8Array> {
  return (await renderInvoicePdfWithDetails(data, options)).bytes;
}
