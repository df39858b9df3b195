/**
 * 屡查屡犯: is a new problem the same as one an earlier round already found?
 *
 * Method (measured on fixtures/similarity/pairs.json by test/unit/similarity-labelled.test.ts):
 *
 * 1. Normalise: NFKC (full-width letters and digits become ASCII), lower case, every run of
 *    digits becomes one `#` (a later round writes other figures and years about the same
 *    fault), punctuation and spaces go, and the boilerplate every finding is written in
 *    (问题, 存在, 不够, 不到位, 部分, 个别 …, see BOILERPLATE) is cut out: those words sit in
 *    unrelated findings alike and only raise their overlap.
 * 2. Shingle: the set of character bigrams of what is left. Chinese has no spaces; bigrams
 *    are the unit the ledger's search index uses too, and they survive the reordering and
 *    small insertions of a rewritten sentence.
 * 3. Candidates: MinHash (K = BANDS × ROWS hash functions) of the *title's* bigrams, cut into
 *    BANDS bands of ROWS values; two problems are candidates when one band agrees. Only
 *    candidates are scored, so a round is checked against an office's whole history through
 *    an index lookup. The title, because it states the fault: descriptions carry places,
 *    figures and the common vocabulary of every finding (下属单位, 涉及金额 …), which made
 *    one problem in six a candidate of any other in the synthetic 100k of bench/similarity.ts.
 *    A title too short to sign (fewer than MIN_GRAMS bigrams) signs with the whole text.
 * 4. Score: the cosine of bigram sets, |A ∩ B| / √(|A|·|B|) (Otsuka–Ochiai), on the exact
 *    sets, the greater of the titles' and of the whole texts' (a later round may state the
 *    same fault with a longer or an empty description). The cosine beat Jaccard and
 *    containment on the labelled set: Jaccard punishes a finding rewritten with a longer
 *    description, containment rewards a short title that happens to sit inside a long
 *    unrelated one. A pair is flagged at THRESHOLD or above.
 *
 * Pure: no I/O. The server persists `signatureOf` per problem and asks the database for
 * problems sharing a band key.
 */

/** Phrases every finding is written in: removed before shingling (longest first matters: 不到位 before 不到). */
export const BOILERPLATE = [
  '存在的问题',
  '方面的问题',
  '等问题',
  '的问题',
  '问题',
  '存在',
  '不够到位',
  '不到位',
  '不够',
  '不力',
  '不严格',
  '不严',
  '不足',
  '不规范',
  '不完善',
  '不健全',
  '不及时',
  '部分',
  '个别',
  '有的',
  '一些',
  '少数',
  '仍然',
  '依然',
  '仍',
  '还',
  '方面',
  '情况',
  '现象',
  '工作',
  '有效',
  '较为',
  '比较',
  '进一步',
  '等',
] as const;

/**
 * Bands × rows of the MinHash signature (K = 192 hash functions). With four rows a band, two
 * titles of Jaccard 0.54 (the least similar flagged pair of the labelled set) become candidates
 * with probability 0.98, of Jaccard 0.25 (one shared fault phrase, different objects) with 0.17,
 * of Jaccard 0.1 with 0.005: in the synthetic 100k of bench/similarity.ts a new problem has
 * 0.4 % of the history as candidates, where three rows a band gave 1.2 %.
 */
export const BANDS = 48;
export const ROWS = 4;
export const K = BANDS * ROWS;

/**
 * Flag at this score or above. On the labelled set every near-duplicate scores 0.70 or more
 * and no pair of different problems more than 0.19, so anything between flags the same pairs
 * there; 0.5 is chosen because short titles sharing one phrase reach 0.4 (新闻发布审核把关不严
 * and 工程款结算审核把关不严 in the demo), which the labelled set is too small to show.
 */
export const THRESHOLD = 0.5;

/** Bump when the normalisation or the hashing changes: stored signatures of another version are recomputed. */
export const METHOD_VERSION = 1;

/** Shorter normalised texts carry too little to compare (a bare heading such as “财务管理”). */
export const MIN_GRAMS = 3;

const BOILERPLATE_RE = new RegExp([...BOILERPLATE].sort((a, b) => b.length - a.length).join('|'), 'g');

/** The text as compared: see step 1 above. */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\d+(?:\.\d+)?/g, '#')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(BOILERPLATE_RE, '');
}

/** Character bigrams of a normalised text (a one-character text is its own gram). */
export function bigramsOf(norm: string): Set<string> {
  const chars = [...norm];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/** The bigram set of a raw text. */
export function shingles(text: string): Set<string> {
  return bigramsOf(normalize(text));
}

/** |A ∩ B| / √(|A|·|B|): the score of step 4. */
export function cosine(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  return intersection(a, b) / Math.sqrt(a.size * b.size);
}

/** |A ∩ B| / |A ∪ B| (kept to compare the measures on the labelled set). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  const i = intersection(a, b);
  return i / (a.size + b.size - i);
}

/** |A ∩ B| / min(|A|, |B|) (kept to compare the measures on the labelled set). */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  return intersection(a, b) / Math.min(a.size, b.size);
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const g of small) if (large.has(g)) n++;
  return n;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// ———— MinHash ————

/** FNV-1a over the UTF-16 code units: the 32-bit id of a gram. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The murmur3 finaliser: a cheap, well-mixing permutation of 32-bit values. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** K fixed seeds (the signatures persisted in the database depend on them: never change without METHOD_VERSION). */
const SEEDS: Uint32Array = (() => {
  const out = new Uint32Array(K);
  let s = 0x5eed1234;
  for (let i = 0; i < K; i++) {
    s = mix(s + 0x9e3779b9);
    out[i] = s;
  }
  return out;
})();

/** The MinHash signature of a bigram set: for each of K hash functions the least hash of a gram. */
export function minhash(grams: ReadonlySet<string>): Uint32Array {
  const sig = new Uint32Array(K).fill(0xffffffff);
  for (const g of grams) {
    const x = fnv1a(g);
    for (let i = 0; i < K; i++) {
      const h = mix(x ^ SEEDS[i]);
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

/**
 * The band keys of a signature: one signed 32-bit key per band (the database's
 * `integer[]`), hashing the band's number with its ROWS values so that equal
 * values in different bands never meet.
 */
export function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = mix(0x62616e64 ^ b);
    for (let r = 0; r < ROWS; r++) h = mix(h ^ sig[b * ROWS + r]);
    keys.push(h | 0);
  }
  return keys;
}

/** What is stored per problem: the normalised title and text (scores are recomputed from them) and the band keys. */
export interface Signature {
  titleNorm: string;
  norm: string;
  /** Empty when the text is too short to compare: such a problem is never a candidate. */
  bands: number[];
}

/** What a problem is compared by. */
export interface ProblemTextInput {
  title: string;
  description?: string | null;
}

/** The whole text of a problem as compared: its title and its description. */
export function problemText(p: ProblemTextInput): string {
  return `${p.title}\n${p.description ?? ''}`;
}

/** The signature of a problem (see steps 1–3). */
export function signatureOf(p: ProblemTextInput): Signature {
  const titleNorm = normalize(p.title);
  const norm = normalize(problemText(p));
  const titleGrams = bigramsOf(titleNorm);
  const grams = titleGrams.size >= MIN_GRAMS ? titleGrams : bigramsOf(norm);
  return { titleNorm, norm, bands: grams.size >= MIN_GRAMS ? bandKeys(minhash(grams)) : [] };
}

/** The bigram sets a score is computed from (kept, so a set is built once per problem). */
export interface Grams {
  title: Set<string>;
  text: Set<string>;
}

export function gramsOf(s: Pick<Signature, 'titleNorm' | 'norm'>): Grams {
  return { title: bigramsOf(s.titleNorm), text: bigramsOf(s.norm) };
}

/** Step 4: the greater of the titles' and the whole texts' cosines. */
export function score(a: Grams, b: Grams): number {
  return Math.max(cosine(a.title, b.title), cosine(a.text, b.text));
}

/** The similarity of two problems, rounded to two decimals as people read it. */
export function similarityOf(a: ProblemTextInput, b: ProblemTextInput): number {
  return round2(score(gramsOf(signatureOf(a)), gramsOf(signatureOf(b))));
}

/** The chance that a pair of Jaccard similarity `j` becomes a candidate (one band of ROWS agrees). */
export function candidateProbability(j: number): number {
  return 1 - (1 - j ** ROWS) ** BANDS;
}

// ———— an in-memory index (the benchmark's baseline and the CLI's check of files) ————

/** Band key → ids: what the database's GIN index over `bands` does, in memory. */
export class LshIndex<Id> {
  private readonly buckets = new Map<number, Id[]>();
  add(id: Id, bands: readonly number[]): void {
    for (const k of bands) {
      const list = this.buckets.get(k);
      if (list) list.push(id);
      else this.buckets.set(k, [id]);
    }
  }
  candidates(bands: readonly number[]): Set<Id> {
    const out = new Set<Id>();
    for (const k of bands) for (const id of this.buckets.get(k) ?? []) out.add(id);
    return out;
  }
}

/** One earlier problem a new one resembles. */
export interface Match<Id> {
  id: Id;
  score: number;
}

/**
 * The earlier problems a problem resembles at THRESHOLD or above, best first, at most `limit`.
 * `candidates` are the ids sharing a band; `gramsOf` gives their bigram sets.
 */
export function bestMatches<Id>(
  mine: Grams,
  candidates: Iterable<Id>,
  gramsOfId: (id: Id) => Grams | undefined,
  o: { threshold?: number; limit?: number } = {},
): Match<Id>[] {
  const threshold = o.threshold ?? THRESHOLD;
  const out: Match<Id>[] = [];
  for (const id of candidates) {
    const other = gramsOfId(id);
    if (!other) continue;
    const s = score(mine, other);
    if (s >= threshold) out.push({ id, score: round2(s) });
  }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, o.limit ?? 3);
}
