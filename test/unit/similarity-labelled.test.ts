/**
 * The recurrence detector (屡查屡犯) on the labelled set fixtures/similarity/pairs.json:
 * precision and recall at the stated threshold, printed with the figures per kind of
 * pair, and floors asserted so that a change of the method that loses them fails.
 * Also: the LSH stage finds every flagged pair as a candidate, and the measure chosen
 * (cosine) is not worse than the alternatives it was chosen over.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  THRESHOLD,
  bestMatches,
  bigramsOf,
  containment,
  gramsOf,
  jaccard,
  LshIndex,
  normalize,
  score,
  signatureOf,
  similarityOf,
  type ProblemTextInput,
} from '../../src/domain/similarity/index.js';

interface Pair {
  id: number;
  label: 0 | 1;
  kind: 'near-duplicate' | 'paraphrase' | 'same-area' | 'unrelated';
  topic: string;
  a: ProblemTextInput;
  b: ProblemTextInput;
}

const { pairs } = JSON.parse(readFileSync(new URL('../../fixtures/similarity/pairs.json', import.meta.url), 'utf8')) as { pairs: Pair[] };

function metrics(scored: { s: number; label: 0 | 1 }[], threshold: number) {
  const tp = scored.filter((x) => x.label === 1 && x.s >= threshold).length;
  const fp = scored.filter((x) => x.label === 0 && x.s >= threshold).length;
  const fn = scored.filter((x) => x.label === 1 && x.s < threshold).length;
  return { tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}

const scored = pairs.map((p) => ({ ...p, s: similarityOf(p.a, p.b) }));

test('the labelled set is large and mixed enough to measure on', () => {
  assert.ok(pairs.length >= 150, `${pairs.length} pairs`);
  const kinds = new Set(pairs.map((p) => p.kind));
  for (const k of ['near-duplicate', 'paraphrase', 'same-area', 'unrelated']) assert.ok(kinds.has(k as Pair['kind']), k);
  assert.ok(pairs.filter((p) => p.label === 1).length >= 60 && pairs.filter((p) => p.label === 0).length >= 60);
});

test(`precision and recall at the threshold ${THRESHOLD}`, () => {
  const m = metrics(scored, THRESHOLD);
  const byKind = (k: Pair['kind']) => {
    const xs = scored.filter((p) => p.kind === k);
    return `${xs.filter((p) => p.s >= THRESHOLD).length}/${xs.length} flagged`;
  };
  console.log(
    `similarity @${THRESHOLD}: precision ${m.precision.toFixed(3)} (${m.tp} TP, ${m.fp} FP), recall ${m.recall.toFixed(3)} (${m.fn} FN) ` +
      `over ${pairs.length} pairs; near-duplicate ${byKind('near-duplicate')}, paraphrase ${byKind('paraphrase')}, ` +
      `same-area ${byKind('same-area')}, unrelated ${byKind('unrelated')}`,
  );
  for (const t of [0.3, 0.4, 0.6]) {
    const x = metrics(scored, t);
    console.log(`similarity @${t}: precision ${x.precision.toFixed(3)}, recall ${x.recall.toFixed(3)}`);
  }
  const maxNegative = Math.max(...scored.filter((p) => p.label === 0).map((p) => p.s));
  const minNear = Math.min(...scored.filter((p) => p.kind === 'near-duplicate').map((p) => p.s));
  console.log(`similarity: highest different-problem pair ${maxNegative.toFixed(2)}, lowest near-duplicate ${minNear.toFixed(2)}`);
  // floors: the method must not flag different problems, and must find the near-duplicates
  assert.ok(m.precision >= 0.97, `precision ${m.precision}`);
  assert.ok(m.recall >= 0.45, `recall ${m.recall}`);
  const near = metrics(
    scored.filter((p) => p.kind !== 'paraphrase'),
    THRESHOLD,
  );
  assert.ok(near.recall >= 0.95, `near-duplicate recall ${near.recall}`);
});

test('the cosine separates the classes at least as well as Jaccard and containment (why it was chosen)', () => {
  // the gap between the lowest near-duplicate and the highest different pair, each measure on the whole text
  const gap = (f: (a: Set<string>, b: Set<string>) => number) => {
    const s = pairs.map((p) => ({
      p,
      v: f(bigramsOf(normalize(`${p.a.title}${p.a.description ?? ''}`)), bigramsOf(normalize(`${p.b.title}${p.b.description ?? ''}`))),
    }));
    const minNear = Math.min(...s.filter((x) => x.p.kind === 'near-duplicate').map((x) => x.v));
    const maxNeg = Math.max(...s.filter((x) => x.p.label === 0).map((x) => x.v));
    return minNear - maxNeg;
  };
  const cos = gap((a, b) => score({ title: a, text: a }, { title: b, text: b }));
  console.log(
    `separation (lowest near-duplicate − highest different pair): cosine ${cos.toFixed(3)}, ` +
      `jaccard ${gap(jaccard).toFixed(3)}, containment ${gap(containment).toFixed(3)}`,
  );
  assert.ok(cos >= gap(jaccard) && cos >= gap(containment));
});

test('every flagged pair is found by the LSH stage (the candidates lose nothing the score would keep)', () => {
  const index = new LshIndex<number>();
  const signatures = new Map<number, ReturnType<typeof signatureOf>>();
  for (const p of pairs) {
    const s = signatureOf(p.b);
    signatures.set(p.id, s);
    index.add(p.id, s.bands);
  }
  let missed = 0;
  for (const p of scored.filter((x) => x.s >= THRESHOLD)) {
    const mine = signatureOf(p.a);
    const found = bestMatches(gramsOf(mine), index.candidates(mine.bands), (id) =>
      id === p.id ? gramsOf(signatures.get(id)!) : undefined,
    );
    if (!found.some((m) => m.id === p.id)) missed++;
  }
  assert.equal(missed, 0);
});

test('normalisation: full-width digits, figures and boilerplate do not make two findings differ', () => {
  assert.equal(normalize('存在３座泵站备用电源未试运行的问题。'), normalize('部分#座泵站备用电源未试运行'));
  assert.equal(
    similarityOf(
      { title: '会议费超标准列支', description: '2023年3次会议超支' },
      { title: '会议费仍超标准列支', description: '2024年5次会议超支' },
    ),
    1,
  );
  assert.equal(signatureOf({ title: '问题', description: '' }).bands.length, 0, 'too short to compare: never a candidate');
});
