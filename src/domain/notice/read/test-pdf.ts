/**
 * Test helper: a minimal PDF writer, to build the PDFs the reader must read — a notice laid out
 * in pages with running headers, page numbers "— 3 —" and paragraphs broken across pages, and a
 * "scanned" PDF with no text at all. Not used by production code.
 *
 * Text is drawn with one Type0 font (Identity-H, a CIDFontType2 without embedded glyphs): each
 * distinct character gets a CID, and a ToUnicode CMap maps CIDs back to Unicode, which is what
 * text extraction reads. No glyphs are needed to extract text, so no font file is embedded.
 */

export interface PdfText {
  x: number;
  /** Baseline, from the bottom of the page (PDF user space). */
  y: number;
  size: number;
  text: string;
}

export interface PdfPage {
  texts: PdfText[];
  /** A page that is only an image (a scan): drawn as a grey box, no text operators. */
  image?: boolean;
}

export const PAGE = { width: 595, height: 842 };

export function makePdf(pages: PdfPage[]): Uint8Array {
  const cids = new Map<string, number>();
  for (const p of pages) for (const t of p.texts) for (const ch of t.text) if (!cids.has(ch)) cids.set(ch, cids.size + 1);
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const stream = (content: string, dict = ''): string => `<< /Length ${byteLength(content)}${dict} >>\nstream\n${content}\nendstream`;

  // Fixed numbers: 1 catalog, 2 pages, 3 font, 4 descendant, 5 descriptor, 6 ToUnicode.
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PAGES');
  add('<< /Type /Font /Subtype /Type0 /BaseFont /ZGTestSong /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>');
  add(
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ZGTestSong ' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 /CIDToGIDMap /Identity >>',
  );
  add(
    '<< /Type /FontDescriptor /FontName /ZGTestSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 ' +
      '/CapHeight 700 /StemV 80 >>',
  );
  add(stream(toUnicode(cids)));
  const kids: number[] = [];
  for (const p of pages) {
    const ops: string[] = [];
    if (p.image) ops.push('0.8 g 72 72 451 698 re f');
    for (const t of p.texts) {
      const hex = [...t.text].map((ch) => cids.get(ch)!.toString(16).padStart(4, '0')).join('');
      ops.push(`BT /F1 ${t.size} Tf 1 0 0 1 ${t.x.toFixed(2)} ${t.y.toFixed(2)} Tm <${hex}> Tj ET`);
    }
    const content = add(stream(ops.join('\n')));
    const box = `/MediaBox [0 0 ${PAGE.width} ${PAGE.height}]`;
    kids.push(add(`<< /Type /Page /Parent 2 0 R ${box} /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(out);
}

function toUnicode(cids: Map<string, number>): string {
  const entries = [...cids].map(([ch, cid]) => {
    const units = [...ch]
      .map((c) => c.codePointAt(0)!)
      .flatMap((cp) => (cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp]));
    return `<${cid.toString(16).padStart(4, '0')}> <${units.map((u) => u.toString(16).padStart(4, '0')).join('')}>`;
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** All content above is ASCII (hex strings), so one byte per character. */
function latin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

const byteLength = (s: string): number => s.length;

export interface LayoutOptions {
  /** Characters per full line (one em each). */
  perLine?: number;
  linesPerPage?: number;
  size?: number;
  /** A running header on every page but the first. */
  header?: string;
  /** Page numbers "— n —" at the foot of every page. */
  pageNumbers?: boolean;
}

/**
 * Lays out a notice as a typesetter would: each paragraph wrapped at `perLine` characters,
 * its first line indented two characters (headings and numbered items too), pages of
 * `linesPerPage` lines, so long paragraphs break across pages.
 */
export function layoutNotice(paragraphs: string[], o: LayoutOptions = {}): PdfPage[] {
  const size = o.size ?? 12;
  const perLine = o.perLine ?? 36;
  const linesPerPage = o.linesPerPage ?? 30;
  const left = 72;
  const top = PAGE.height - 90;
  const lead = size * 1.8;
  const lines: { x: number; text: string }[] = [];
  for (const p of paragraphs) {
    const chars = [...p];
    let first = true;
    while (chars.length) {
      const room = first ? perLine - 2 : perLine;
      lines.push({ x: left + (first ? 2 * size : 0), text: chars.splice(0, room).join('') });
      first = false;
    }
  }
  const pages: PdfPage[] = [];
  for (let i = 0; i < lines.length; i += linesPerPage) {
    const n = pages.length + 1;
    const texts: PdfText[] = lines.slice(i, i + linesPerPage).map((l, k) => ({ x: l.x, y: top - k * lead, size, text: l.text }));
    if (o.header && n > 1) texts.unshift({ x: left, y: PAGE.height - 50, size: 9, text: o.header });
    if (o.pageNumbers) texts.push({ x: PAGE.width / 2 - 20, y: 40, size: 10, text: `— ${n} —` });
    pages.push({ texts });
  }
  return pages;
}
