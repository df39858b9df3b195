/**
 * Format detection by content. The filename is only a tie-breaker for advice
 * (old .doc vs .xls): users rename files, and OA systems export "Word" files
 * that are really text, so bytes decide.
 */
import { MAX_NOTICE_BYTES, refuse } from './refuse.js';
import { isZip, listZipEntries, ZipFormatError, type ZipEntry } from './zip.js';

export type NoticeFormat = 'text' | 'docx' | 'xlsx' | 'pdf' | 'doc';

/** A .docx/.xlsx whose parts would inflate past this is refused before any library opens it. */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/**
 * mammoth converts about 1.5 MB of document.xml per second once warm; 3 MB is
 * some 1,000 pages of text, far past any notice, and keeps a conversion near
 * the reader's 2 s bound. Images do not count: they are never decoded.
 */
export const MAX_DOCUMENT_XML_BYTES = 3 * 1024 * 1024;

/** How much of a supposed text file is looked at to call it binary; decoding checks the rest. */
const TEXT_SAMPLE_BYTES = 64 * 1024;

/**
 * Classifies input, or throws NoticeInputError (empty, too-large, image,
 * binary, unsupported, corrupt). Cost is bounded by a 64 kB sample plus the
 * zip central directory, whatever the input size.
 */
export function sniffFormat(bytes: Uint8Array, filename?: string): NoticeFormat {
  if (bytes.length === 0) throw refuse('empty');
  if (bytes.length > MAX_NOTICE_BYTES) throw refuse('too-large', `${bytes.length} bytes`);
  if (isZip(bytes)) return sniffZip(bytes);
  const magic = sniffMagic(bytes, extension(filename));
  if (magic === 'pdf' || magic === 'doc') return magic;
  if (magic) throw magic;
  if (looksBinary(bytes.subarray(0, TEXT_SAMPLE_BYTES))) throw refuse('binary', 'control bytes');
  return 'text';
}

function sniffZip(bytes: Uint8Array): NoticeFormat {
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(bytes);
  } catch (err) {
    if (err instanceof ZipFormatError) throw refuse('corrupt', err.message);
    throw err;
  }
  const names = new Set(entries.map((e) => e.name));
  const kind = names.has('word/document.xml') ? 'docx' : names.has('xl/workbook.xml') ? 'xlsx' : null;
  if (!kind) {
    if (names.has('OFD.xml')) throw refuse('unsupported', 'ofd');
    if (names.has('xl/workbook.bin')) throw refuse('unsupported', 'xlsb');
    if (names.has('mimetype') && names.has('content.xml')) throw refuse('unsupported', 'odf');
    // An Office file whose main part is gone is damaged; any other zip is just not ours.
    if (names.has('[Content_Types].xml')) throw refuse('corrupt', 'no main document part');
    throw refuse('unsupported', 'archive');
  }
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > MAX_UNZIPPED_BYTES) throw refuse('too-large', `${declared} bytes unzipped`);
  const body = entries.find((e) => e.name === 'word/document.xml');
  if (kind === 'docx' && body && body.uncompressedSize > MAX_DOCUMENT_XML_BYTES) {
    throw refuse('too-large', `document.xml of ${body.uncompressedSize} bytes`);
  }
  return kind;
}

function sniffMagic(b: Uint8Array, ext: string): ReturnType<typeof refuse> | 'pdf' | 'doc' | null {
  const starts = (...sig: number[]): boolean => sig.every((v, i) => b[i] === v);
  const ascii = (s: string, at = 0): boolean => [...s].every((c, i) => b[at + i] === c.charCodeAt(0));
  // PDF readers accept up to 1 kB of junk before the header; a text that merely
  // mentions "%PDF-" is told apart by the trailer every PDF ends with.
  if (
    ascii('%PDF-') ||
    (indexOfAscii(b.subarray(0, 1024), '%PDF-') >= 0 && indexOfAscii(b.subarray(Math.max(0, b.length - 1024)), '%%EOF') >= 0)
  ) {
    return 'pdf';
  }
  if (
    starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) || // PNG
    starts(0xff, 0xd8, 0xff) || // JPEG
    ascii('GIF87a') ||
    ascii('GIF89a') ||
    (ascii('BM') && b.length > 14 && b[6] === 0 && b[7] === 0 && b[8] === 0 && b[9] === 0) || // BMP: reserved words are zero
    starts(0x49, 0x49, 0x2a, 0x00) ||
    starts(0x4d, 0x4d, 0x00, 0x2a) || // TIFF
    (ascii('RIFF') && ascii('WEBP', 8)) ||
    (ascii('ftyp', 4) && ['heic', 'heix', 'mif1', 'avif'].some((brand) => ascii(brand, 8)))
  ) {
    return refuse('image');
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    // Compound File: legacy Word/Excel/WPS. Only the extension can say which; without one, the
    // Word reader tries and refuses what holds no Word document.
    if (['xls', 'et', 'xlt'].includes(ext)) return refuse('unsupported', 'xls');
    return 'doc';
  }
  if (ascii('{\\rtf')) return refuse('unsupported', 'rtf');
  if (starts(0x1f, 0x8b) || ascii('Rar!') || starts(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c)) {
    return refuse('unsupported', 'archive');
  }
  return null;
}

/**
 * True when a sample cannot be text in any encoding we read: NUL bytes not
 * explained by UTF-16, or more than 1% C0 control bytes other than the
 * whitespace ones (text files carry none; random bytes ~12%).
 */
export function looksBinary(sample: Uint8Array): boolean {
  if (hasUtf16Bom(sample) || utf16Parity(sample) !== null) return false;
  let controls = 0;
  for (const v of sample) {
    if (v === 0) return true;
    if (v < 0x20 && v !== 0x09 && v !== 0x0a && v !== 0x0d && v !== 0x0c && v !== 0x1a) controls++;
  }
  return controls > sample.length / 100;
}

export function hasUtf16Bom(b: Uint8Array): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}

/**
 * UTF-16 without a BOM: ASCII characters (digits, punctuation, newlines) put
 * their NUL byte on one side of each pair. The other side sees NULs only from
 * the rare CJK character ending in 00 (一 is U+4E00), so one parity must hold
 * nearly all of them, and enough of them, before we believe it.
 */
export function utf16Parity(b: Uint8Array): 'le' | 'be' | null {
  if (b.length < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  const enough = (n: number): boolean => n >= 4 && n >= (b.length / 2) * 0.02;
  if (enough(odd) && even * 4 <= odd) return 'le';
  if (enough(even) && odd * 4 <= even) return 'be';
  return null;
}

function indexOfAscii(b: Uint8Array, s: string): number {
  outer: for (let i = 0; i + s.length <= b.length; i++) {
    for (let j = 0; j < s.length; j++) if (b[i + j] !== s.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

function extension(filename: string | undefined): string {
  const m = filename ? /\.([A-Za-z0-9]+)$/.exec(filename) : null;
  return m ? m[1].toLowerCase() : '';
}
