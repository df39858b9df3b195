/**
 * .docx → text lines, through mammoth's HTML so paragraph boundaries, tables
 * and list structure survive (its raw-text output drops all three).
 */
import { numberedParagraphs, type NumberedParagraph } from './docx-numbering.js';
import { htmlToLines } from './html-lines.js';
import { refuse } from './refuse.js';
import { MAX_DOCUMENT_XML_BYTES } from './sniff.js';
import { listZipEntries, readZipEntry, ZipFormatError } from './zip.js';

/** Sizes in the zip directory can lie; inflating with this cap is what holds the bound. */
const MAX_PART_BYTES = MAX_DOCUMENT_XML_BYTES;
/** How far ahead a numbered mammoth paragraph may look for its recomputed label. */
const MATCH_WINDOW = 64;

/** The part of mammoth's document model we touch (its transform hook is untyped). */
interface MammothElement {
  type: string;
  value?: string;
  children?: MammothElement[];
  numbering?: { isOrdered: boolean; level: string } | null;
  styleId?: string | null;
}

export async function docxToLines(bytes: Uint8Array): Promise<string[]> {
  const labels = await recomputeLabels(bytes);
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        transformDocument: (doc: MammothElement) => applyLabels(doc, labels),
        // Images carry no text; skipping their base64 keeps large files fast.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        externalFileAccess: false,
      },
    );
    html = result.value;
  } catch (err) {
    throw refuse('corrupt', `mammoth: ${(err as Error).message}`);
  }
  return htmlToLines(html);
}

async function recomputeLabels(bytes: Uint8Array): Promise<NumberedParagraph[]> {
  try {
    const entries = listZipEntries(bytes);
    const part = async (name: string): Promise<string | null> => {
      const e = entries.find((x) => x.name === name);
      return e ? new TextDecoder().decode(await readZipEntry(bytes, e, MAX_PART_BYTES)) : null;
    };
    // Inflated even without numbering: it proves the real size before mammoth reads it.
    const document = await part('word/document.xml');
    const numbering = await part('word/numbering.xml');
    const styles = numbering ? await part('word/styles.xml') : null;
    return document && numbering ? numberedParagraphs(document, numbering, styles) : [];
  } catch (err) {
    if (err instanceof RangeError) throw refuse('too-large', err.message);
    if (err instanceof ZipFormatError) throw refuse('corrupt', err.message);
    throw err;
  }
}

/**
 * Writes each recomputed label into its paragraph as literal text and clears
 * the paragraph's list marker, so it reaches the HTML as a plain <p> that
 * reads exactly as Word shows it. Paragraphs left numbered get depth labels
 * in htmlToLines.
 */
function applyLabels(doc: MammothElement, labels: NumberedParagraph[]): MammothElement {
  let cursor = 0;
  const visit = (el: MammothElement): void => {
    if (el.type === 'paragraph') {
      // Only paragraphs mammoth saw as list items, or of the style that numbers them: a plain
      // paragraph that happens to repeat a numbered one's text must not take its number.
      const listed = el.numbering?.isOrdered === true;
      if (!listed && !el.styleId) return;
      const key = textOf(el).replace(/\s+/g, '');
      let at = -1;
      for (let i = cursor; i < Math.min(labels.length, cursor + MATCH_WINDOW); i++) {
        if (labels[i].key === key && (listed || labels[i].styleId === el.styleId)) {
          at = i;
          break;
        }
      }
      if (at >= 0 && key !== '') {
        el.children = [{ type: 'text', value: labels[at].label }, ...(el.children ?? [])];
        el.numbering = null;
        cursor = at + 1;
      }
      return; // mammoth does not nest paragraphs
    }
    el.children?.forEach(visit);
  };
  visit(doc);
  return doc;
}

function textOf(el: MammothElement): string {
  if (el.type === 'text') return el.value ?? '';
  return (el.children ?? []).map(textOf).join('');
}
