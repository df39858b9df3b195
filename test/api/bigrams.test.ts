import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, engine, type TestApp } from '../helpers/app.js';

// zg_bigrams feeds every search column; its linear rewrite must give exactly what the first body gave,
// or stored columns generated before the migration would disagree with new ones.
let t: TestApp;
before(async () => {
  t = await startTestApp({}, { demo: false });
  // the first body, verbatim, as the reference
  await t.db.query(`CREATE FUNCTION zg_bigrams_v1(t text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
      SELECT coalesce(array_to_tsvector(array_agg(DISTINCT g)), ''::tsvector)
      FROM (
        SELECT substr(s, i, 2) AS g
        FROM (SELECT regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]，。、；：？！“”‘’（）《》【】]', '', 'g') AS s) x,
             generate_series(1, greatest(length(s) - 1, 0)) i
      ) grams
      WHERE length(g) = 2
    $$`);
});
after(async () => {
  await t?.close();
});

/** A seeded mix of Chinese, Latin, digits, spaces, full-width and ASCII punctuation, emoji and repeats. */
function sample(seed: number, length: number): string {
  const alphabet = [...'整改落实巡视反馈问题泵站备用电源资金管理，。、；：？！“”（）《》【】 \u3000abcXYZ123-_.!?😀𠀋ÉéA'];
  let x = seed;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += alphabet[x % alphabet.length];
  }
  return s;
}

test(`the linear zg_bigrams equals the first body on every input (${engine})`, async () => {
  const inputs: (string | null)[] = [null, '', 'a', 'ab', ' a b ', '泵站', '泵 站，泵站', '“泵站”备用', 'ＡＢ', '😀😀'];
  for (let i = 0; i < 200; i++) inputs.push(sample(i + 1, (i * 37) % 400));
  const r = await t.db.query<{ same: boolean; i: number }>(
    `SELECT ord::int AS i, zg_bigrams(v) = zg_bigrams_v1(v) AS same FROM unnest($1::text[]) WITH ORDINALITY AS u(v, ord)`,
    [inputs],
  );
  const differ = r.rows.filter((x) => !x.same).map((x) => JSON.stringify(inputs[x.i - 1]));
  assert.deepEqual(differ, []);
});

test('a 20,000-character text costs about as much per character as a 2,000-character one', async () => {
  // not a timing budget (the machines are shared): the ratio separates linear from quadratic by far
  const time = async (n: number) => {
    const text = sample(7, n);
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await t.db.query('SELECT zg_bigrams($1)', [text]);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const small = await time(2000);
  const large = await time(20000);
  console.log(`zg_bigrams: 2,000 chars ${small.toFixed(1)} ms, 20,000 chars ${large.toFixed(1)} ms`);
  // linear: ~10×; the first body was ~100× (7 s on PGlite): the margin absorbs a busy machine's pauses, not a square
  assert.ok(large < small * 40 + 250, `20,000 chars took ${large.toFixed(1)} ms against ${small.toFixed(1)} ms for 2,000`);
});
