import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The text of a PDF, page by page, as a reader would take it in: lines top to bottom, words left
 * to right, each line trimmed with runs of spaces made one, empty lines dropped.
 *
 * Poppler's `pdftotext -layout` (Debian's poppler-utils, which .ci/run installs) is the
 * extractor of record: it places text by where it is printed, not by the order it was written,
 * so it proves reading order. On a machine with only Node (SPEC §8: `npm test` passes there)
 * Mozilla's pdf.js (`pdfjs-dist`, a maintained npm library) reads the same PDF and the lines are
 * rebuilt from the printed positions of its text items the same way — the test never skips.
 */

export type Extractor = 'pdftotext' | 'pdfjs';

export interface PdfText {
  by: Extractor;
  /** Each page's lines. */
  pages: string[][];
  /** Every page's lines, joined with "\n". */
  text: string;
}

let hasPdftotext: boolean | undefined;

/** Whether `pdftotext` can be run here. */
export function pdftotextAvailable(): boolean {
  hasPdftotext ??= spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;
  return hasPdftotext;
}

function tidy(lines: string[]): string[] {
  return lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '');
}

function result(by: Extractor, pages: string[][]): PdfText {
  return { by, pages, text: pages.map((p) => p.join('\n')).join('\n') };
}

/** `pdftotext -layout`: pages end with a form feed. */
export async function pdftotextOf(pdf: Buffer): Promise<PdfText> {
  const dir = await mkdtemp(join(tmpdir(), 'stride-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const pages = stdout.split('\f');
    if (pages.at(-1)?.trim() === '') pages.pop();
    return result(
      'pdftotext',
      pages.map((p) => tidy(p.split('\n'))),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const PDFJS_WORKER: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** pdf.js: text items grouped into lines by their baseline, ordered by their position. */
export async function pdfjsTextOf(pdf: Buffer): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js runs its worker in this thread when it finds it loaded (no worker file to fetch).
  const g = globalThis as { pdfjsWorker?: unknown };
  g.pdfjsWorker ??= await import(PDFJS_WORKER);
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = (content.items as TextItem[]).filter((i) => typeof i.str === 'string' && i.str !== '');
      // Lines by baseline (top of the page first), within half a point.
      const lines: { y: number; items: TextItem[] }[] = [];
      for (const item of items) {
        const y = item.transform[5];
        const line = lines.find((l) => Math.abs(l.y - y) < 0.5);
        if (line) line.items.push(item);
        else lines.push({ y, items: [item] });
      }
      lines.sort((a, b) => b.y - a.y);
      pages.push(
        tidy(
          lines.map((l) => {
            l.items.sort((a, b) => a.transform[4] - b.transform[4]);
            let text = '';
            let end = -Infinity;
            for (const item of l.items) {
              // A gap wider than a thin space between two items is a space.
              if (text !== '' && item.transform[4] - end > 1 && !text.endsWith(' ')) text += ' ';
              text += item.str;
              end = item.transform[4] + item.width;
            }
            return text;
          }),
        ),
      );
      page.cleanup();
    }
    return result('pdfjs', pages);
  } finally {
    await doc.destroy();
  }
}

/** The PDF's text by pdftotext when it is installed, else by pdf.js. */
export function pdfText(pdf: Buffer): Promise<PdfText> {
  return pdftotextAvailable() ? pdftotextOf(pdf) : pdfjsTextOf(pdf);
}

/**
 * Each of `parts` is found in the text, each after the one before: throws naming the first one
 * missing (or out of order), with the text, so a failure says what it saw.
 */
export function expectInOrder(lines: string, parts: string[]): void {
  // A line that wrapped reads on: lines are joined with a space.
  const text = lines.replace(/\n/g, ' ');
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) {
      const anywhere = text.indexOf(part) >= 0 ? ' (it is there, but earlier)' : '';
      throw new Error(`expected ${JSON.stringify(part)} after position ${from}${anywhere} in:\n${lines}`);
    }
    from = at + part.length;
  }
}
