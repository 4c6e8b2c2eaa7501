/**
 * The react-pdf document of an invoice, drawn from a page plan (page-layout): every block sits at
 * the absolute position the plan gave it, so react-pdf lays out small fixed boxes and never splits.
 *
 * Table rows are drawn on a react-pdf <Canvas> with the pdfkit calls react-pdf itself ends in (text
 * at a position, rules), using the same embedded fonts, so the rows are real, searchable text in a
 * ruled table. Giving each cell a <Text> instead sends every cell through react-pdf's text engine
 * (bidi, shaping, line breaking, yoga measuring), measured here at about 0.3 ms a cell: 5,000 lines
 * × 8 cells took 15 s against 1.5 s for raw pdfkit. On the canvas the cost per row is pdfkit's.
 */
import { Canvas, Document, Image, Page, Text, View } from '@react-pdf/renderer';
import type { ReactElement, ReactNode } from 'react';
import { type LoadedFonts, SYMBOLS_FONT_FAMILY } from './fonts';
import type { InvoiceModel } from './invoice-model';
import {
  CELL_PADDING,
  FOOTER_HEIGHT,
  HEADER_HEIGHT,
  HEADING_FONT_SIZE,
  MARGIN_BOTTOM,
  MARGIN_TOP,
  MARGIN_X,
  PARAGRAPH_FONT_SIZE,
  SUMMARY_FONT_SIZE,
  SUMMARY_STRONG_FONT_SIZE,
  TABLE_HEADER_FONT_SIZE,
  TABLE_HEADER_HEIGHT,
  TABLE_LINE_HEIGHT,
  TABLE_ROW_PADDING,
  type IntroBlock,
  type IntroLayout,
  type InvoicePlan,
  type Segment,
  type PagePlan,
} from './page-layout';
import type { FontWeight, GlyphFont, TextMeasurer } from './text-measure';

const INK = '#111111';
const GREY = '#555555';
const RULE = '#c8c8c8';
const HEADER_FILL = '#eef0f3';

/** The subset of pdfkit's API react-pdf's canvas painter exposes; every method chains. */
interface Painter {
  font(font: unknown): Painter;
  fontSize(size: number): Painter;
  fillColor(color: string): Painter;
  fillOpacity(opacity: number): Painter;
  text(text: string, x: number, y: number, options: { lineBreak: false; features?: string[] }): Painter;
  rect(x: number, y: number, width: number, height: number): Painter;
  fill(color?: string): Painter;
  moveTo(x: number, y: number): Painter;
  lineTo(x: number, y: number): Painter;
  lineWidth(width: number): Painter;
  stroke(color?: string): Painter;
  save(): Painter;
  restore(): Painter;
  translate(x: number, y: number): Painter;
  rotate(angle: number): Painter;
  scale(x: number, y: number): Painter;
  path(svgPath: string): Painter;
}

/** What fontkit gives for laying out the watermark's glyph outlines. */
interface OutlineFont {
  unitsPerEm: number;
  capHeight: number;
  layout(text: string): { glyphs: { path: { toSVG(): string } }[]; positions: { xAdvance: number }[]; advanceWidth: number };
}

interface DrawContext {
  fonts: LoadedFonts;
  measurer: TextMeasurer;
}

/**
 * Draws text lines with pdfkit, switching to a fallback font (Arabic, Hebrew, CJK) for the runs that
 * need it, in visual order when the line has right-to-left text (TextMeasurer.visualRuns).
 */
class CanvasText {
  private current: GlyphFont | null = null;
  private size = 0;

  constructor(
    private readonly painter: Painter,
    private readonly ctx: DrawContext,
  ) {}

  private use(font: GlyphFont, size: number): void {
    if (font !== this.current) {
      this.painter.font(font);
      this.current = font;
      this.size = 0;
    }
    if (size !== this.size) {
      this.painter.fontSize(size);
      this.size = size;
    }
  }

  /**
   * One line, `baseline` in points from the canvas top; right-aligned lines end at `x`. The line's
   * direction is its first strong character's unless `direction` fixes it (our own English labels).
   */
  line(text: string, x: number, baseline: number, size: number, weight: FontWeight, align: 'left' | 'right', direction?: 'ltr' | 'rtl'): void {
    if (text === '') return;
    const runs = this.ctx.measurer.visualRuns(text, weight, direction);
    let left = x;
    if (align === 'right') for (const run of runs) left -= run.width * size;
    for (const run of runs) {
      this.use(run.font, size);
      // pdfkit places text by the top of the font's ascent: lift it so the baselines line up.
      const ascent = ((run.font as unknown as { ascent: number }).ascent / run.font.unitsPerEm) * size;
      // Given `features`, pdfkit lays the run out as one piece, as it was measured, rather than word
      // by word (which would also put the words of a right-to-left run in left-to-right order).
      this.painter.text(run.text, left, baseline - ascent, run.shaped ? { lineBreak: false, features: [] } : { lineBreak: false });
      left += run.width * size;
    }
  }
}

function drawTable(painter: Painter, segment: Extract<Segment, { kind: 'table' }>, width: number, ctx: DrawContext): void {
  const { columns, rows } = segment;
  painter.rect(0, 0, width, TABLE_HEADER_HEIGHT).fill(HEADER_FILL);
  painter.fillColor(INK);
  const text = new CanvasText(painter, ctx);
  const headerBaseline = TABLE_HEADER_HEIGHT / 2 + TABLE_HEADER_FONT_SIZE * 0.36;
  for (const column of columns) {
    const x = column.align === 'right' ? column.x + column.width - CELL_PADDING : column.x + CELL_PADDING;
    text.line(column.label, x, headerBaseline, TABLE_HEADER_FONT_SIZE, 'bold', column.align);
  }
  // Rules under every row: one path, stroked once.
  painter.lineWidth(0.5);
  for (const row of rows) {
    const y = row.y + row.height;
    painter.moveTo(0, y).lineTo(width, y);
  }
  painter.stroke(RULE);
  painter.fillColor(INK);
  for (const row of rows) {
    // Baseline of the first line: the padding plus the part of the line pitch above the baseline,
    // with a taller pitch's extra space shared above and below the line (half-leading, as in CSS).
    const firstBaseline = TABLE_ROW_PADDING + TABLE_LINE_HEIGHT * 0.76 + (row.lineHeight - TABLE_LINE_HEIGHT) / 2;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      const lines = row.cells[c];
      if (!lines || lines.length === 0) continue;
      const { align, direction } = row.settings[c]!;
      const x = align === 'right' ? column.x + column.width - CELL_PADDING : column.x + CELL_PADDING;
      for (let l = 0; l < lines.length; l++) {
        text.line(lines[l]!, x, row.y + firstBaseline + l * row.lineHeight, column.fontSize, 'regular', align, direction);
      }
    }
  }
}

/** The watermark as glyph outlines, not text, so it stays out of copied and extracted text. */
function drawWatermark(painter: Painter, word: string, pageWidth: number, pageHeight: number, font: OutlineFont): void {
  const run = font.layout(word);
  const size = 100; // points
  const scale = size / font.unitsPerEm;
  painter.save();
  painter.translate(pageWidth / 2, pageHeight / 2).rotate(-35);
  painter.scale(scale, -scale).translate(-run.advanceWidth / 2, -font.capHeight / 2);
  painter.fillColor('#c0392b').fillOpacity(0.1);
  run.glyphs.forEach((glyph, i) => {
    painter.path(glyph.path.toSVG()).fill();
    painter.translate(run.positions[i]!.xAdvance, 0);
  });
  painter.restore();
}

/**
 * What repeats on every page: the running header (seller, invoice number), the footer ("Page x of
 * y") and the watermark. Drawn on a canvas because <Text> costs react-pdf's text engine per page.
 */
function drawChrome(painter: Painter, plan: InvoicePlan, index: number, watermark: PlannedDocument['watermark'], ctx: DrawContext): void {
  if (watermark) drawWatermark(painter, watermark, plan.width, plan.height, ctx.fonts.measure.bold as unknown as OutlineFont);
  const text = new CanvasText(painter, ctx);
  const right = MARGIN_X + plan.contentWidth;
  const headerBaseline = MARGIN_TOP + 10;
  painter.fillColor(INK);
  text.line(plan.header.left, MARGIN_X, headerBaseline, 8, 'bold', 'left');
  text.line(plan.header.right, right, headerBaseline, 8, 'regular', 'right', 'ltr');
  const ruleY = MARGIN_TOP + HEADER_HEIGHT - 10;
  painter.lineWidth(0.75).moveTo(MARGIN_X, ruleY).lineTo(right, ruleY).stroke(RULE);
  const footerBaseline = plan.height - MARGIN_BOTTOM - FOOTER_HEIGHT + 14;
  painter.fillColor(GREY);
  text.line(plan.footer, MARGIN_X, footerBaseline, 7, 'regular', 'left', 'ltr');
  text.line(`Page ${index + 1} of ${plan.pages.length}`, right, footerBaseline, 7, 'regular', 'right');
}

/**
 * Text for a react-pdf <Text>, its emoji and symbols set in Symbola by name. Given the font stack,
 * react-pdf loses every symbol after one drawn with a fallback font in the same text ("🎌📞" printed
 * 🎌 and a missing-glyph box); a nested <Text> with Symbola alone draws them all. The runs are the
 * measurer's, so what is drawn in Symbola is what was measured in it.
 */
function withSymbols(text: string, weight: FontWeight, ctx: DrawContext): ReactNode {
  const symbols = ctx.fonts.measure.fallbacks.find((f) => f.script === 'symbols');
  if (!symbols) return text;
  const runs = ctx.measurer.runs(text, weight);
  if (!runs.some((run) => run.font === symbols[weight])) return text;
  return runs.map((run, i) =>
    run.font === symbols[weight] ? (
      <Text key={i} style={{ fontFamily: SYMBOLS_FONT_FAMILY }}>
        {run.text}
      </Text>
    ) : (
      run.text
    ),
  );
}

function blockText(b: IntroBlock, key: string | number, ctx: DrawContext): ReactElement {
  if (b.pieces) {
    // Each piece a text of its own, so react-pdf resolves its bidi alone, in the piece's direction.
    return (
      <View key={key} style={{ height: b.pieces.length * b.lineHeight }}>
        {b.pieces.flatMap((pieces, l) =>
          pieces.map((piece, i) => (
            <Text
              key={`${l}.${i}`}
              style={{
                position: 'absolute',
                left: piece.x,
                right: 0,
                top: l * b.lineHeight,
                fontSize: b.size,
                lineHeight: b.lineHeight / b.size,
                fontWeight: b.weight === 'bold' ? 700 : 400,
                color: b.color ?? INK,
                textAlign: 'left',
                direction: piece.direction,
              }}
            >
              {withSymbols(piece.text, b.weight, ctx)}
            </Text>
          )),
        )}
      </View>
    );
  }
  return (
    <Text
      key={key}
      style={{
        fontSize: b.size,
        lineHeight: b.lineHeight / b.size,
        fontWeight: b.weight === 'bold' ? 700 : 400,
        color: b.color ?? INK,
        textAlign: b.align,
        direction: b.direction,
      }}
    >
      {withSymbols(b.lines.join('\n'), b.weight, ctx)}
    </Text>
  );
}

function Intro({ intro, ctx }: { intro: IntroLayout; ctx: DrawContext }): ReactElement {
  return (
    <>
      <View style={{ position: 'absolute', left: 0, top: 0, width: intro.leftWidth }}>
        {intro.logo ? (
          <View style={{ width: intro.logo.width, height: intro.logo.height, marginBottom: 8 }}>
            <Image src={intro.logo.src} style={{ width: intro.logo.width, height: intro.logo.height, objectFit: 'contain', objectPosition: 'left' }} />
          </View>
        ) : null}
        {intro.seller.map((b, i) => blockText(b, i, ctx))}
      </View>
      <View style={{ position: 'absolute', left: intro.rightX, top: 0, width: intro.rightWidth }}>
        {blockText(intro.title, 'title', ctx)}
        <View style={{ height: 4 }} />
        {intro.meta.map((row, i) => (
          <View key={i} style={{ flexDirection: 'row', height: row.lines.length * row.lineHeight }}>
            <Text style={{ width: intro.metaLabelWidth, fontSize: 8.5, lineHeight: intro.metaLineHeight / 8.5, color: GREY }}>{row.label}</Text>
            <Text
              style={{
                width: intro.rightWidth - intro.metaLabelWidth,
                fontSize: 8.5,
                lineHeight: row.lineHeight / 8.5,
                fontWeight: i === 0 ? 700 : 400,
                textAlign: row.align,
                direction: row.direction,
              }}
            >
              {withSymbols(row.lines.join('\n'), i === 0 ? 'bold' : 'regular', ctx)}
            </Text>
          </View>
        ))}
      </View>
      <View style={{ position: 'absolute', left: 0, top: intro.customerY, width: intro.leftWidth }}>{intro.customer.map((b, i) => blockText(b, i, ctx))}</View>
    </>
  );
}

function SegmentView({ segment, plan, ctx }: { segment: Segment; plan: InvoicePlan; ctx: DrawContext }): ReactElement {
  const box = { position: 'absolute' as const, left: MARGIN_X, top: plan.bodyTop + segment.y, width: plan.contentWidth, height: segment.height };
  switch (segment.kind) {
    case 'intro':
      return (
        <View style={box}>
          <Intro intro={segment.intro} ctx={ctx} />
        </View>
      );
    case 'heading':
      return (
        <View style={box}>
          <Text style={{ fontSize: HEADING_FONT_SIZE, fontWeight: 700, marginTop: 3 }}>{withSymbols(segment.text, 'bold', ctx)}</Text>
        </View>
      );
    case 'table':
      return (
        <Canvas
          style={box}
          paint={(painter: Painter, width: number) => {
            drawTable(painter, segment, width, ctx);
            return null;
          }}
        />
      );
    case 'summary':
      return (
        <View style={{ ...box, left: MARGIN_X + plan.contentWidth - segment.width, width: segment.width }}>
          {segment.items.map((item, i) => {
            const size = item.strong ? SUMMARY_STRONG_FONT_SIZE : SUMMARY_FONT_SIZE;
            return (
              <View
                key={i}
                style={{
                  position: 'absolute',
                  top: item.y,
                  left: 0,
                  width: segment.width,
                  height: item.height,
                  flexDirection: 'row',
                  alignItems: 'center',
                  borderTop: item.strong ? `0.75pt solid ${INK}` : undefined,
                }}
              >
                <Text style={{ flexGrow: 1, fontSize: size, fontWeight: item.strong ? 700 : 400, color: item.strong ? INK : GREY }}>{withSymbols(item.label, item.strong ? 'bold' : 'regular', ctx)}</Text>
                <Text style={{ fontSize: size, fontWeight: item.strong ? 700 : 400, textAlign: 'right' }}>{withSymbols(item.value, item.strong ? 'bold' : 'regular', ctx)}</Text>
              </View>
            );
          })}
        </View>
      );
    case 'paragraph':
      return (
        <View style={box}>
          <Text style={{ fontSize: PARAGRAPH_FONT_SIZE, lineHeight: segment.lineHeight / PARAGRAPH_FONT_SIZE, textAlign: segment.align, direction: segment.direction }}>
            {withSymbols(segment.lines.join('\n'), 'regular', ctx)}
          </Text>
        </View>
      );
  }
}

function InvoicePage({
  page,
  index,
  plan,
  model,
  ctx,
  onPage,
}: {
  page: PagePlan;
  index: number;
  plan: InvoicePlan;
  model: PlannedDocument;
  ctx: DrawContext;
  onPage?: (page: number) => void;
}): ReactElement {
  return (
    <Page size={model.paperSize} style={{ fontFamily: ctx.fonts.family, fontSize: 8, color: INK }}>
      {/* Inside the margins: react-pdf would push a node as tall as the page to a page of its own. */}
      <Canvas
        style={{ position: 'absolute', left: 0, top: MARGIN_TOP, width: plan.width, height: plan.height - MARGIN_TOP - MARGIN_BOTTOM }}
        paint={(painter: Painter) => {
          onPage?.(index + 1);
          painter.translate(0, -MARGIN_TOP);
          drawChrome(painter, plan, index, model.watermark, ctx);
          return null;
        }}
      />
      {page.segments.map((segment, i) => (
        <SegmentView key={i} segment={segment} plan={plan} ctx={ctx} />
      ))}
    </Page>
  );
}

/**
 * What the document draws besides its plan: the invoice's model, or a statement of account's,
 * planned into the same segments (page-layout) and drawn by the same components.
 */
export type PlannedDocument = Pick<InvoiceModel, 'paperSize' | 'watermark' | 'info'>;

export interface InvoiceDocumentProps {
  model: PlannedDocument;
  plan: InvoicePlan;
  fonts: LoadedFonts;
  measurer: TextMeasurer;
  /** Called as react-pdf draws each page (1-based), for progress. */
  onPage?: (page: number) => void;
}

export function InvoiceDocument({ model, plan, fonts, measurer, onPage }: InvoiceDocumentProps): ReactElement {
  const ctx: DrawContext = { fonts, measurer };
  return (
    <Document title={model.info.title} author={model.info.author} subject={model.info.subject} creator="Tollbook" producer="Tollbook">
      {plan.pages.map((page, index) => (
        <InvoicePage key={index} page={page} index={index} plan={plan} model={model} ctx={ctx} onPage={onPage} />
      ))}
    </Document>
  );
}
