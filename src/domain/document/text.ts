/**
 * The plain-text form of a document: one paragraph per line, in reading order.
 * It is what versions store and compare, what the browser previews, and what the
 * notice reader parses back in the round-trip test — the .docx says the same words.
 */
import { blockText, chineseDate, type DocumentModel } from './model.js';

export function documentLines(doc: DocumentModel): string[] {
  const out = [doc.title];
  if (doc.subtitle) out.push(doc.subtitle);
  out.push('');
  if (doc.addressee) out.push(doc.addressee);
  for (const b of doc.blocks) out.push(blockText(b));
  if (doc.signature || doc.date) out.push('');
  if (doc.signature) out.push(doc.signature);
  if (doc.date) out.push(chineseDate(doc.date));
  return out;
}

export function documentText(doc: DocumentModel): string {
  return `${documentLines(doc).join('\n')}\n`;
}

export type DiffOp = { op: 'same' | 'added' | 'removed'; text: string };

/**
 * Paragraph diff of two versions (longest common subsequence over lines), for
 * the composer's "compare versions". Documents are a few hundred paragraphs, so
 * the quadratic table is small; beyond a bound the middle is reported as replaced
 * rather than risking a large allocation.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: DiffOp[] = a.slice(0, start).map((text) => ({ op: 'same', text }));
  const tail: DiffOp[] = a.slice(endA).map((text) => ({ op: 'same', text }));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length * y.length > 4_000_000) {
    return [...head, ...x.map((text): DiffOp => ({ op: 'removed', text })), ...y.map((text): DiffOp => ({ op: 'added', text })), ...tail];
  }
  const w = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const mid: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      mid.push({ op: 'same', text: x[i] });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) mid.push({ op: 'removed', text: x[i++] });
    else mid.push({ op: 'added', text: y[j++] });
  }
  while (i < x.length) mid.push({ op: 'removed', text: x[i++] });
  while (j < y.length) mid.push({ op: 'added', text: y[j++] });
  return [...head, ...mid, ...tail];
}
