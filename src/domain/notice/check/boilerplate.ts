/**
 * boilerplate: near-identical sentences under different problems — progress copied
 * from one item to the next instead of reporting what was done for each.
 *
 * Method: split each item's text and progress into sentences (。！？；), keep Han
 * characters and Latin letters only, and compare sets of character bigrams by Jaccard
 * similarity; a pair is reported when J ≥ 0.8 and both sentences have ≥ 15
 * characters. Candidates come from prefix filtering (Bayardo et al., "Scaling up all
 * pairs similarity search"): with bigrams ordered rarest first, two sets with J ≥ t
 * must share one of the first |A| − ⌈t·|A|⌉ + 1 bigrams of each, so only sentences
 * sharing a rare bigram are ever compared and the rule stays near-linear. Each item is
 * reported once, paired with the first earlier item found to share a sentence
 * (verbatim copies first, then candidate lists in document order).
 */
import type { Finding, NoticeNode, ParsedNotice } from '../types.js';
import { comparable, splitSentences } from '../parse/text.js';
import { ancestorOfKind, byId, quote } from './util.js';

export const BOILERPLATE_THRESHOLD = 0.8;
export const BOILERPLATE_MIN_CHARS = 15;
/** Similarity computations per sentence at most (bounds the worst case). */
const MAX_COMPARISONS = 64;

interface Sent {
  unit: NoticeNode;
  line: number;
  text: string;
  /** The comparable form (Han and Latin letters only), for the verbatim fast path. */
  norm: string;
  /** Distinct bigrams as integers (two UTF-16 units), no strings allocated. */
  grams: number[];
}

export function checkBoilerplate(p: ParsedNotice): Finding[] {
  const sents = collect(p);
  // Re-code every bigram by its rank in (document frequency, value) order, so that
  // each sentence's rarest bigrams come first after a plain numeric sort.
  const df = new Map<number, number>();
  for (const s of sents) for (const g of s.grams) df.set(g, (df.get(g) ?? 0) + 1);
  // One numeric key per bigram, df in the high bits: a typed-array sort (no comparator)
  // orders them rarest first. Bigrams are < 2^28, so the keys stay exact doubles.
  const keys = new Float64Array(df.size);
  let k = 0;
  for (const [g, n] of df) keys[k++] = n * 2 ** 28 + g;
  keys.sort();
  const rank = new Map<number, number>();
  keys.forEach((key, r) => rank.set(key % 2 ** 28, r));
  const coded = sents.map((s) => {
    const a = new Int32Array(s.grams.length);
    for (let q = 0; q < a.length; q++) a[q] = rank.get(s.grams[q])!;
    return a.sort();
  });
  const index = new Map<number, number[]>();
  const stamp = new Int32Array(sents.length).fill(-1);
  // One finding per unit, against the earliest unit it copies: a template pasted into
  // forty items yields forty findings, not 780 pairs.
  const reported = new Set<NoticeNode>();
  const out: Finding[] = [];
  // The same sentence seen before, verbatim: the commonest case (a pasted template)
  // is answered without scanning candidate lists at all.
  const verbatim = new Map<string, number>();
  const report = (i: number, j: number, sim: number) => {
    const s = sents[i];
    const o = sents[j];
    reported.add(s.unit);
    out.push({
      rule: 'boilerplate',
      severity: 'warning',
      line: s.line,
      nodeIds: [o.unit.id, s.unit.id],
      message:
        `“${s.unit.label}”与第${o.line}行“${o.unit.label}”有几乎相同的句子` +
        `（字符二元组相似度 ${sim.toFixed(2)} ≥ ${BOILERPLATE_THRESHOLD}）：${quote(s.text, 30)}`,
      suggestion: '两项问题的整改情况应分别写明各自的措施和成效，避免照搬套用。',
    });
  };
  sents.forEach((s, i) => {
    const grams = coded[i];
    const prefix = grams.length - Math.ceil(BOILERPLATE_THRESHOLD * grams.length) + 1;
    let found = reported.has(s.unit);
    const key = s.norm;
    const seen = verbatim.get(key);
    if (!found && seen !== undefined && sents[seen].unit !== s.unit) {
      report(i, seen, 1);
      found = true;
    }
    if (seen === undefined || sents[seen].unit === s.unit) verbatim.set(key, i);
    // Compare while walking the candidate lists and stop at the first match, with a
    // cap on comparisons per sentence: the rule must stay near-linear on a ledger of
    // thousands of rows that repeat one measure, not only on typical notices.
    let budget = MAX_COMPARISONS;
    for (let q = 0; q < prefix; q++) {
      let list = index.get(grams[q]);
      if (!list) index.set(grams[q], (list = []));
      for (let x = 0; !found && budget > 0 && x < list.length; x++) {
        const j = list[x];
        if (stamp[j] === i) continue;
        stamp[j] = i;
        const o = sents[j];
        if (o.unit === s.unit) continue;
        // Length filter: |B| ≥ t·|A| is necessary for J ≥ t.
        const a = coded[j];
        if (Math.min(a.length, grams.length) < BOILERPLATE_THRESHOLD * Math.max(a.length, grams.length)) continue;
        budget--;
        const sim = jaccard(a, grams);
        if (sim >= BOILERPLATE_THRESHOLD) {
          report(i, j, sim);
          found = true;
        }
      }
      list.push(i);
    }
  });
  return out;
}

/** Sentences by unit: the problem an item belongs to, or the item itself without one. */
function collect(p: ParsedNotice): Sent[] {
  const ids = byId(p);
  const hasProblems = p.nodes.some((n) => n.kind === 'problem');
  const out: Sent[] = [];
  const chars = new Map<number, number>();
  for (const n of p.nodes) {
    const unit = hasProblems ? ancestorOfKind(n, 'problem', ids) : n.kind === 'measure' ? n : null;
    if (!unit) continue;
    const lineOf = lineFinder(p, n);
    for (const body of [n.text, n.progress ?? '']) {
      for (const s of splitSentences(body)) {
        const c = comparable(s.text);
        if (c.length < BOILERPLATE_MIN_CHARS) continue;
        out.push({ unit, line: lineOf(s.text), text: s.text, norm: c, grams: bigrams(c, chars) });
      }
    }
  }
  return out;
}

/**
 * Distinct bigrams as small integers: characters get dense ids (per document), and a
 * bigram is id1·2^14 + id2, which stays a V8 small integer (fast Map keys). Beyond
 * 16,384 distinct characters ids wrap, which can only merge rare bigrams.
 */
function bigrams(s: string, ids: Map<number, number>): number[] {
  const set = new Set<number>();
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let id = ids.get(c);
    if (id === undefined) ids.set(c, (id = ids.size & 0x3fff));
    if (prev >= 0) set.add(prev * 0x4000 + id);
    prev = id;
  }
  return [...set];
}

/** Jaccard similarity of two sorted sets of distinct integers (merge walk). */
function jaccard(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

/**
 * The line within a node's span where a sentence stands. Sentences arrive in text
 * order, so a cursor (line, position) moves forward only: linear even for one huge line.
 */
function lineFinder(p: ParsedNotice, n: NoticeNode): (sentence: string) => number {
  let line = n.line;
  let pos = 0;
  return (sentence) => {
    if (n.line === n.endLine) return n.line;
    const probe = sentence.slice(0, 12);
    for (let l = line, from = pos; l <= n.endLine; l++, from = 0) {
      const at = p.lines[l - 1]?.indexOf(probe, from) ?? -1;
      if (at >= 0) {
        line = l;
        pos = at + probe.length;
        return l;
      }
    }
    return line;
  };
}
