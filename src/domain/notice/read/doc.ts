/**
 * Legacy Word (.doc) → text lines, through word-extractor (a pure-JS reader of the Word binary
 * format: the piece table, with fields and deleted revisions removed).
 *
 * Paragraph marks become line breaks; a table row (cells closed by \u0007, then the row mark)
 * becomes one line with its cells joined by a tab, which the parser reads as a pasted table.
 * Curly quotes are kept as written (the library's "filterUnicode" would turn “” into ASCII).
 */
import { refuse } from './refuse.js';

export async function docToLines(bytes: Uint8Array): Promise<string[]> {
  const { default: WordExtractor } = await import('word-extractor');
  let body: string;
  try {
    const doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    body = doc.getBody({ filterUnicode: false });
  } catch (err) {
    // An OLE file that is not a Word document (an .xls renamed, a damaged file).
    throw refuse('corrupt', `doc: ${(err as Error).message}`);
  }
  return (
    body
      .replace(/\r\n?/g, '\n')
      // word-extractor turns each cell mark into a tab: a row ends "\t\t" (its last cell and the row mark).
      .split(/\n|\t\t/)
      .map((l) => l.replace(/\t+$/, '').replace(/^[ \u3000]+|[ \u3000]+$/g, ''))
      .filter((l) => l !== '')
  );
}
