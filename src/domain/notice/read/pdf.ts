/**
 * PDF → text lines, through pdfjs-dist's text layer (legacy build, which runs in Node without
 * a DOM; its worker code runs in-process, we are already on the notice worker thread).
 *
 * A PDF has no paragraphs, only glyph runs at positions. We rebuild what a reader sees:
 *  - lines: runs grouped by baseline, top to bottom, left to right;
 *  - running headers, footers and page numbers ("— 3 —", "第3页", "3/12") removed: a line in
 *    the top or bottom band of the page that is a page number, or that repeats on other pages
 *    once its digits are ignored;
 *  - paragraphs: a line continues the one above unless it is indented (a new paragraph's first
 *    line), the line above stopped short of the right margin, or a wider gap separates them —
 *    across a page break too, so a paragraph broken over two pages is joined.
 * A PDF that yields almost no text is a scan: it needs OCR, and the person is told so.
 */
import { refuse } from './refuse.js';

/** Fewer characters than this per page on average: an image of text, not text. */
const MIN_CHARS_PER_PAGE = 20;
/** Bands at the top and bottom of a page where running headers and footers live (share of height). */
const BAND = 0.1;

interface Run {
  x: number;
  y: number;
  w: number;
  size: number;
  text: string;
}
interface Line {
  page: number;
  x: number;
  right: number;
  y: number;
  size: number;
  text: string;
  height: number;
}

/** The part of pdfjs-dist we use; its own types would tie the domain to its .d.mts paths. */
interface PdfJs {
  getDocument(src: Record<string, unknown>): { promise: Promise<PdfDoc>; destroy(): Promise<void> };
}
interface PdfDoc {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
  destroy(): Promise<void>;
}
interface PdfPage {
  view: number[];
  getTextContent(): Promise<{ items: unknown[] }>;
  cleanup(): void;
}
interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

export async function pdfToLines(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
  // pdfjs takes ownership of the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
  });
  let doc: PdfDoc;
  try {
    doc = await task.promise;
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'PasswordException') throw refuse('unsupported', 'pdf-password');
    throw refuse('corrupt', `pdf: ${(err as Error).message}`);
  }
  try {
    const lines: Line[] = [];
    const heights: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const height = (page.view[3] ?? 842) - (page.view[1] ?? 0);
      const content = await page.getTextContent();
      lines.push(...pageLines(n, content.items as TextItem[], height));
      heights.push(height);
      page.cleanup();
    }
    const chars = lines.reduce((s, l) => s + l.text.replace(/\s/g, '').length, 0);
    if (chars < MIN_CHARS_PER_PAGE * Math.max(1, doc.numPages) && chars < 200) throw refuse('pdf');
    return paragraphs(dropRunning(lines, doc.numPages));
  } finally {
    await doc.destroy();
  }
}

function pageLines(page: number, items: TextItem[], height: number): Line[] {
  const runs: Run[] = [];
  for (const it of items) {
    if (typeof it.str !== 'string' || it.str === '' || !Array.isArray(it.transform)) continue;
    const [a, b, , d, e, f] = it.transform;
    const size = Math.hypot(a, b) || Math.abs(d) || 12;
    runs.push({ x: e, y: f, w: it.width || size * it.str.length, size, text: it.str });
  }
  // Baselines within a third of the font size are one line; top of the page first.
  runs.sort((p, q) => q.y - p.y || p.x - q.x);
  const groups: Run[][] = [];
  for (const r of runs) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(g[0].y - r.y) <= Math.max(2, g[0].size * 0.35)) g.push(r);
    else groups.push([r]);
  }
  return groups
    .map((g) => {
      g.sort((p, q) => p.x - q.x);
      let text = '';
      let end = -Infinity;
      for (const r of g) {
        // A visible gap between runs of Latin text is a space; Chinese runs join directly.
        if (text && r.x - end > r.size * 0.25 && /[A-Za-z.,;:%)]$/.test(text) && /^[A-Za-z(]/.test(r.text) && cjkShare(text) < 0.3)
          text += ' ';
        text += r.text;
        end = Math.max(end, r.x + r.w);
      }
      const size = Math.max(...g.map((r) => r.size));
      return { page, x: g[0].x, right: end, y: g[0].y, size, text: text.replace(/\s+/g, ' ').trim(), height };
    })
    .filter((l) => l.text !== '');
}

const PAGE_NUMBER =
  /^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|\d{1,4}|[-—–－]?\s*[ivxlcdm]{1,6}\s*[-—–－]?|Page\s*\d+(?:\s*of\s*\d+)?)$/i;

/**
 * Running headers and footers: the first or last lines of a page, in the top or bottom band, that
 * are a page number, or that repeat on other pages (digits ignored) and stand apart from the body
 * (a smaller font, or a wider gap) — body text that happens to open two pages stays.
 */
function dropRunning(lines: Line[], pages: number): Line[] {
  const inBand = (l: Line): boolean => l.y > l.height * (1 - BAND) || l.y < l.height * BAND;
  const key = (l: Line): string => l.text.replace(/\d+/g, '#').replace(/\s+/g, '');
  const body = mode(lines.map((l) => Math.round(l.size)));
  const byPage = new Map<number, Line[]>();
  for (const l of lines) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l]);
  const spacing = mode(
    lines
      .slice(1)
      .map((l, i) => (l.page === lines[i].page ? Math.round(lines[i].y - l.y) : 0))
      .filter((d) => d > 0),
  );
  const seen = new Map<string, Set<number>>();
  for (const l of lines) {
    if (!inBand(l)) continue;
    const k = key(l);
    const s = seen.get(k) ?? new Set<number>();
    s.add(l.page);
    seen.set(k, s);
  }
  const running = (l: Line): boolean => {
    if (!inBand(l)) return false;
    const own = byPage.get(l.page)!;
    const at = own.indexOf(l);
    const edge = at <= 1 || at >= own.length - 2;
    if (!edge) return false;
    if (PAGE_NUMBER.test(l.text)) return true;
    if (pages < 2 || l.text.length > 60) return false;
    const next = at <= 1 ? own[at + 1] : own[at - 1];
    const apart = !next || Math.abs(next.y - l.y) > (spacing || l.size * 1.8) * 1.4;
    const smaller = Math.round(l.size) < body;
    // Repeated on other pages; or, on a later page, set apart in a smaller type (a header that
    // skips the first page of a short document).
    if ((seen.get(key(l))?.size ?? 0) >= 2) return smaller || apart;
    return l.page > 1 && smaller && apart;
  };
  return lines.filter((l) => !running(l));
}

const LABEL_START =
  /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}[.．、](?!\d)|项目\s*\d|附件\s*\d*|[①-⑳])/;
/** "整改时限：", "责任单位：": a labelled field opens a paragraph after a finished sentence. */
const FIELD_START = /^[\u4e00-\u9fa5]{2,8}[：:]/;
const SENTENCE_END = /[。！？；：:!?;]$|[。！？][”’）)」』]$/;

/** Lines → paragraphs, by indentation, short lines and gaps, across page breaks. */
function paragraphs(lines: Line[]): string[] {
  if (lines.length === 0) return [];
  // The body's left edge (the smallest start shared by two lines: a stray mark does not move it)
  // and its right margin (the furthest end).
  const starts = lines.map((l) => Math.round(l.x)).sort((a, b) => a - b);
  const left = starts.find((x, i) => starts[i + 1] === x) ?? starts[0];
  const right = Math.max(...lines.map((l) => l.right));
  const spacing = mode(
    lines
      .slice(1)
      .map((l, i) => (l.page === lines[i].page ? Math.round(lines[i].y - l.y) : 0))
      .filter((d) => d > 0),
  );
  const out: string[] = [];
  let cur = '';
  lines.forEach((l, i) => {
    const prev = lines[i - 1];
    let fresh = !prev;
    if (prev) {
      const indented = l.x > left + l.size * 1.2;
      const short = prev.right < right - prev.size * 1.5;
      const gap = prev.page === l.page && spacing > 0 && prev.y - l.y > spacing * 1.6;
      const centred = prev.x > left + prev.size * 3 && short; // a title or a signature block
      const opens = LABEL_START.test(l.text) || FIELD_START.test(l.text);
      fresh = indented || short || gap || centred || (opens && SENTENCE_END.test(prev.text));
    }
    if (fresh) {
      if (cur) out.push(cur);
      cur = l.text;
    } else {
      // Words of Latin text wrap at spaces; Chinese text (and numbers inside it) wrap anywhere.
      const latin = /[A-Za-z][,.;:]?$/.test(cur) && /^[A-Za-z]/.test(l.text) && cjkShare(prev.text) < 0.3;
      cur += latin ? ` ${l.text}` : l.text;
    }
  });
  if (cur) out.push(cur);
  return out;
}

function cjkShare(s: string): number {
  const cjk = s.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  return s.length ? cjk / s.length : 0;
}

function mode(xs: number[]): number {
  const n = new Map<number, number>();
  let best = xs[0] ?? 0;
  for (const x of xs) {
    const c = (n.get(x) ?? 0) + 1;
    n.set(x, c);
    if (c > (n.get(best) ?? 0)) best = x;
  }
  return best;
}
