import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';

/**
 * The page layout every Stride document shares, on pdfkit (a maintained PDF library): A4, one
 * column, text that wraps and flows onto new pages, and a footer on every page that names the
 * patient and the document and ends "Page n of m".
 *
 * The font is DejaVu Sans (npm `dejavu-fonts-ttf`; its licence allows embedding and
 * redistribution), embedded as a subset with a ToUnicode map: the standard PDF fonts cannot
 * print Latin Extended ("Łukasz"), and the map keeps the text extractable (pdftotext). Text is
 * written top to bottom in reading order; nothing is placed in columns that an extractor could
 * interleave, except the footer's two ends, which share one line.
 */

const requireFromHere = createRequire(import.meta.url);
const fontFile = (name: string): Font =>
  create(readFileSync(requireFromHere.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`))) as Font;
/**
 * Opened once, when the API starts (a missing font fails the start, not a request), and shared
 * by every document: fontkit parses a font's tables (DejaVu's kerning and substitution tables are
 * large) on first use and keeps them, which took most of a document's time when each document
 * opened the font anew. pdfkit takes a fontkit font as it is; each document embeds its own subset.
 */
const FONTS = { regular: fontFile('DejaVuSans'), bold: fontFile('DejaVuSans-Bold') };
/** The names the fonts are registered under in each document. */
const REGULAR = 'regular';
const BOLD = 'bold';

const MARGIN = 56; // 2 cm
const BODY_SIZE = 10;
const SMALL_SIZE = 8;
/** Ligatures off: "fi" stays two letters for every text extractor. */
const FEATURES = { liga: false, clig: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];

/** The footer's left end on one line, short of "Page n of m" even for the longest names. */
function footerText(text: string): string {
  const max = 70;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface DocumentMeta {
  /** The PDF's title, e.g. "Visit note". */
  title: string;
  /** The footer's left end: who and what the page is about. */
  footer: string;
}

/** One document being written; `finish()` adds the footers and answers the PDF bytes. */
export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(private readonly meta: DocumentMeta) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      // No default font: pdfkit would load Helvetica (a standard font) for nothing.
      font: null,
      info: { Title: meta.title, Creator: 'Stride', Producer: 'Stride (pdfkit)' },
      lang: 'en',
      displayTitle: true,
    } as unknown as PDFKit.PDFDocumentOptions);
    // @types/pdfkit lists paths and bytes only; pdfkit itself takes any object with `layout`.
    this.doc
      .registerFont(REGULAR, FONTS.regular as unknown as Buffer)
      .registerFont(BOLD, FONTS.bold as unknown as Buffer)
      .font(REGULAR);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.fontSize(BODY_SIZE);
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get left(): number {
    return this.doc.page.margins.left;
  }

  /** Starts a new page when less than `points` are left on this one (keeps a heading with its text). */
  private keep(points: number): void {
    const bottom = this.doc.page.height - this.doc.page.margins.bottom;
    if (this.doc.y + points > bottom) this.doc.addPage();
  }

  /** The document's first lines: the clinic, then the title. */
  header(clinicName: string, title: string): void {
    this.doc
      .font(BOLD)
      .fontSize(14)
      .text(clinicName, this.left, this.doc.y, { width: this.width, features: FEATURES });
    this.doc.font(REGULAR).fontSize(12).text(title, { width: this.width, features: FEATURES });
    this.doc.moveDown(0.6);
    this.doc.fontSize(BODY_SIZE);
  }

  /** A section heading, kept on the page with at least two lines of what follows. */
  heading(text: string): void {
    this.doc.moveDown(0.6);
    this.keep(BODY_SIZE * 5);
    this.doc
      .font(BOLD)
      .fontSize(11)
      .text(text, this.left, this.doc.y, { width: this.width, features: FEATURES });
    this.doc.font(REGULAR).fontSize(BODY_SIZE);
    this.doc.moveDown(0.2);
  }

  /** "Label: value" on one line (wrapping under itself when long). */
  field(label: string, value: string): void {
    this.doc
      .font(BOLD)
      .text(`${label}: `, this.left, this.doc.y, { width: this.width, continued: true, features: FEATURES })
      .font(REGULAR)
      .text(value, { features: FEATURES });
  }

  /** A paragraph of free text: its own line breaks kept, long lines wrapped, flowing onto new pages. */
  paragraph(text: string, options: { indent?: number; bold?: boolean } = {}): void {
    const indent = options.indent ?? 0;
    this.doc
      .font(options.bold ? BOLD : REGULAR)
      .text(text, this.left + indent, this.doc.y, { width: this.width - indent, features: FEATURES });
    this.doc.font(REGULAR);
  }

  /** One entry of a list, starting with a dash. */
  item(text: string, detail?: string): void {
    this.keep(BODY_SIZE * 2);
    this.paragraph(`– ${text}`, { indent: 0 });
    if (detail) this.paragraph(detail, { indent: 10 });
  }

  /** A labelled block of free text (a SOAP section), or "—" when there is none. */
  block(label: string, text: string | null): void {
    this.doc.moveDown(0.3);
    this.keep(BODY_SIZE * 3);
    this.paragraph(label, { bold: true });
    this.paragraph(text && text.trim() !== '' ? text : '—');
  }

  space(lines = 0.5): void {
    this.doc.moveDown(lines);
  }

  /** Writes every page's footer and answers the whole PDF. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      // Below the bottom margin: with the margin kept, pdfkit would start a new page.
      const bottom = page.margins.bottom;
      page.margins.bottom = 0;
      const y = page.height - bottom / 2 - SMALL_SIZE / 2;
      const width = page.width - page.margins.left - page.margins.right;
      this.doc
        .font(REGULAR)
        .fontSize(SMALL_SIZE)
        .text(footerText(this.meta.footer), page.margins.left, y, {
          width: width * 0.75,
          lineBreak: false,
          features: FEATURES,
        });
      this.doc.text(`Page ${i - start + 1} of ${count}`, page.margins.left + width * 0.75, y, {
        width: width * 0.25,
        align: 'right',
        lineBreak: false,
        features: FEATURES,
      });
      page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.done;
  }
}
