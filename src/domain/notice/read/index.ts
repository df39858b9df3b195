/**
 * readNotice: bytes of an uploaded notice or ledger → ParsedNotice with findings.
 *
 *   sniff (refuse what we cannot read, cheaply) → text (decode / docx via
 *   mammoth) → parseNoticeText, or ledger (exceljs) → buildLedgerNotice →
 *   checkNotice.
 *
 * Bytes in, data out: the server, the CLI and tests share this path, and none
 * of it touches the file system.
 */
import { checkNotice } from '../check/index.js';
import { parseNoticeText } from '../parse/index.js';
import type { Finding, NoticeInput, ParsedNotice } from '../types.js';
import { decodeText, type TextEncodingName } from './decode.js';
import { docToLines } from './doc.js';
import { docxToLines } from './docx.js';
import { pdfToLines } from './pdf.js';
import { readLedger } from './ledger-xlsx.js';
import { refuse } from './refuse.js';
import { sniffFormat, type NoticeFormat } from './sniff.js';

export { MAX_NOTICE_BYTES } from './refuse.js';
export { MAX_UNZIPPED_BYTES, sniffFormat, type NoticeFormat } from './sniff.js';
export { decodeText, type DecodedText, type TextEncodingName } from './decode.js';
export { detectLedgerMapping, resolveLedgerMapping, type LedgerMappingResult } from './ledger-mapping.js';
export { buildLedgerNotice, MAX_LEDGER_ROWS } from './ledger-build.js';
export type { GridCell, LedgerSheet } from './ledger-grid.js';

export interface NoticeText {
  /** The text as the parser receives it (LF line ends), for showing beside the tree. */
  text: string;
  source: ParsedNotice['source'];
  /** The file's own format when the text was taken from a PDF or a legacy Word file. */
  fileFormat?: 'pdf' | 'doc';
  /** For text input: the encoding it was decoded from. */
  encoding?: TextEncodingName;
}

/** The readable text of an input: decoded text, a Word file's lines, or a ledger's rows. */
export async function readNoticeText(input: NoticeInput): Promise<NoticeText> {
  const format = sniffFormat(input.bytes, input.filename);
  if (format === 'xlsx') {
    const ledger = await readLedger(input.bytes, input.mapping);
    return { text: ledger.lines.join('\n'), source: 'xlsx' };
  }
  return toText(format, input.bytes);
}

export async function readNotice(input: NoticeInput): Promise<ParsedNotice> {
  const format = sniffFormat(input.bytes, input.filename);
  let parsed: ParsedNotice;
  if (format === 'xlsx') {
    parsed = await readLedger(input.bytes, input.mapping);
  } else {
    const { text, source, fileFormat } = await toText(format, input.bytes);
    parsed = parseNoticeText(text, { source: source === 'docx' ? 'docx' : 'text' });
    if (fileFormat) parsed.fileFormat = fileFormat;
  }
  parsed.findings = mergeFindings(parsed.findings, checkNotice(parsed));
  return parsed;
}

/**
 * Text of a document. A PDF's or a .doc's text reaches the parser as text ('text' source, so the
 * import contract keeps its three sources) and keeps its own format in `fileFormat`.
 */
async function toText(format: Exclude<NoticeFormat, 'xlsx'>, bytes: Uint8Array): Promise<NoticeText> {
  const result: NoticeText =
    format === 'docx'
      ? { text: (await docxToLines(bytes)).join('\n'), source: 'docx' }
      : format === 'pdf'
        ? { text: (await pdfToLines(bytes)).join('\n'), source: 'text', fileFormat: 'pdf' }
        : format === 'doc'
          ? { text: (await docToLines(bytes)).join('\n'), source: 'text', fileFormat: 'doc' }
          : { ...decodeText(bytes), source: 'text' };
  // A file of blanks, or a Word file holding only images, has nothing to parse.
  if (result.text.trim() === '') throw refuse('empty');
  return result;
}

/** The reader's own findings (ledger cells, row cap) join the checker's; none is reported twice. */
function mergeFindings(a: Finding[], b: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of [...a, ...b]) {
    const key = `${f.rule}\u0000${f.line}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out.sort((x, y) => x.line - y.line);
}
