/**
 * Renders an invoice to PDF bytes. The one entry point for the worker (browser) and for Node
 * (tests, benchmarks): model (amounts from lib/totals) → fonts → page plan → react-pdf.
 */
import { pdf } from '@react-pdf/renderer';
import { type FontFileResolver, loadInvoiceFonts, registerInvoiceFonts } from './fonts';
import { InvoiceDocument } from './invoice-document';
import { buildInvoiceModel, modelTexts, type InvoiceModel } from './invoice-model';
import type { InvoicePdfData, PdfProgressListener } from './invoice-pdf-data';
import { planInvoicePages } from './page-layout';
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

async function renderModel(model: InvoiceModel, options: RenderInvoicePdfOptions): Promise<{ bytes: Uint8Array; pages: number }> {
  const onProgress = options.onProgress;
  onProgress?.({ phase: 'fonts' });
  const fonts = await loadInvoiceFonts(modelTexts(model));
  const measurer = new TextMeasurer(fonts.measure);
  onProgress?.({ phase: 'layout', lines: model.rows.length });
  const plan = planInvoicePages(model, measurer);
  const pages = plan.pages.length;
  const document = (
    <InvoiceDocument
      model={model}
      plan={plan}
      fonts={fonts}
      measurer={measurer}
      onPage={onProgress ? (page) => onProgress({ phase: 'drawing', page, pages }) : undefined}
    />
  );
  const blob = await pdf(document).toBlob();
  const bytes = new Uint8Array(await blob.arrayBuffer());
  onProgress?.({ phase: 'done', pages, bytes: bytes.byteLength });
  return { bytes, pages };
}

/**
 * The invoice as a PDF, with details. A logo that passes our checks but still fails to decode is
 * dropped and the PDF made again without it, so a bad logo never stops an invoice going out.
 */
export async function renderInvoicePdfWithDetails(data: InvoicePdfData, options: RenderInvoicePdfOptions = {}): Promise<RenderedInvoicePdf> {
  registerInvoiceFonts(options.fonts);
  const model = buildInvoiceModel(data);
  const warnings: string[] = [];
  if (data.account.logo && !model.seller.logo) warnings.push('The logo is not a PNG or JPEG data URL and was left out.');
  try {
    return { ...(await renderModel(model, options)), warnings };
  } catch (error) {
    if (!model.seller.logo) throw error;
    warnings.push(`The logo could not be drawn and was left out (${error instanceof Error ? error.message : String(error)}).`);
    const withoutLogo: InvoiceModel = { ...model, seller: { ...model.seller, logo: null } };
    return { ...(await renderModel(withoutLogo, options)), warnings };
  }
}

/** The invoice as PDF bytes. */
export async function renderInvoicePdf(data: InvoicePdfData, options: RenderInvoicePdfOptions = {}): Promise<Uint8Array> {
  return (await renderInvoicePdfWithDetails(data, options)).bytes;
}
