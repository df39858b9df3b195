/**
 * Matching the rows of an office's own Excel 台账 to the problems of a round
 * (plan import, issue 7 point 7). The office types its ledger from the same
 * feedback, so a row's problem text is usually the round's title, sometimes with
 * the description run on, a label of its own numbering, or a few words changed.
 *
 * Order of evidence, strongest first: the same title (label agreeing or not), one
 * title containing the other, then bigram similarity (domain/similarity) clearly
 * above the next candidate (bigram cosine, as the
 * similarity module of the office compares findings; kept here in a few lines so
 * the two can tune their own normalisation). A problem is claimed by one row at most: the first
 * strongest claim wins, and a later row that wanted it is reported unmatched, so
 * no plan lands on a problem twice without the office seeing it.
 *
 * Pure: no I/O.
 */

export interface PlanTarget {
  id: number;
  label: string;
  title: string;
  description: string;
}

export interface PlanSourceRow {
  label: string;
  title: string;
  /** The row's full problem text (title and what follows). */
  text: string;
}

export type MatchBy = 'label_title' | 'title' | 'contains' | 'similar';

export interface PlanMatch {
  targetId: number;
  by: MatchBy;
  /** 0–1; 1 for an equal title. */
  score: number;
}

/** Similar enough to match when nothing better is in sight. */
export const SIMILAR_MIN = 0.6;
/** …and this far ahead of the runner-up, or the row is ambiguous. */
export const SIMILAR_MARGIN = 0.1;

/** Title text for comparison: NFKC, no spaces, no punctuation or quotes, no leading label. */
export function normTitle(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/^\s*(?:[（(]?[一二三四五六七八九十百\d]+[)）.、．]|[一二三四五六七八九十]+是)\s*/u, '')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

/** Labels compared without bracket width and trailing dots: "(1)" = "（1）", "1." = "1、". */
export function normLabel(s: string): string {
  return s.normalize('NFKC').replace(/[\s().、．]/g, '');
}

function bigrams(s: string): Set<string> {
  const c = [...normTitle(s)];
  const out = new Set<string>();
  for (let i = 0; i + 1 < c.length; i++) out.add(c[i] + c[i + 1]);
  return out;
}

/** Otsuka–Ochiai cosine of the character bigram sets, 0–1. */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return common / Math.sqrt(x.size * y.size);
}

function score(row: PlanSourceRow, t: PlanTarget): PlanMatch | null {
  const rt = normTitle(row.title);
  const rx = normTitle(row.text || row.title);
  const tt = normTitle(t.title);
  if (!tt || !rt) return null;
  const sameLabel = row.label !== '' && normLabel(row.label) === normLabel(t.label);
  if (rt === tt || rx === tt) return { targetId: t.id, by: sameLabel ? 'label_title' : 'title', score: 1 };
  // a title inside the other (the ledger ran the description on, or shortened the title): long enough to mean it
  const short = Math.min(tt.length, rx.length);
  if (short >= 6 && (rx.startsWith(tt) || tt.startsWith(rx) || (tt.length >= 8 && rx.includes(tt)))) {
    return { targetId: t.id, by: 'contains', score: 0.95 };
  }
  const s = Math.max(similarity(row.title, t.title), similarity(row.text || row.title, `${t.title}${t.description}`));
  return s >= SIMILAR_MIN ? { targetId: t.id, by: 'similar', score: Math.round(s * 100) / 100 } : null;
}

/**
 * For each row, the problem it plans (or null): rows in order, each target at
 * most once. `ambiguous` lists the rows whose best similar candidate was too
 * close to the second.
 */
export function matchPlanRows(rows: PlanSourceRow[], targets: PlanTarget[]): { matches: (PlanMatch | null)[]; ambiguous: Set<number> } {
  const candidates = rows.map((row) =>
    targets
      .map((t) => score(row, t))
      .filter((m): m is PlanMatch => m !== null)
      .sort((a, b) => b.score - a.score || rank(a.by) - rank(b.by)),
  );
  const ambiguous = new Set<number>();
  const claimed = new Set<number>();
  const matches: (PlanMatch | null)[] = rows.map(() => null);
  // strongest claims first, so an exact title is never taken by an earlier row's loose match
  const order = rows.map((_r, i) => i).sort((a, b) => (candidates[b][0]?.score ?? 0) - (candidates[a][0]?.score ?? 0) || a - b);
  for (const i of order) {
    const list = candidates[i].filter((m) => !claimed.has(m.targetId));
    const best = list[0];
    if (!best) continue;
    const second = list[1];
    if (best.by === 'similar' && second && best.score - second.score < SIMILAR_MARGIN) {
      ambiguous.add(i);
      continue;
    }
    // several equal titles (the same wording under two themes): the label decides, else none
    if (best.score === 1 && second?.score === 1) {
      const byLabel = list.filter((m) => m.score === 1 && m.by === 'label_title');
      if (byLabel.length !== 1) {
        ambiguous.add(i);
        continue;
      }
      matches[i] = byLabel[0];
      claimed.add(byLabel[0].targetId);
      continue;
    }
    matches[i] = best;
    claimed.add(best.targetId);
  }
  return { matches, ambiguous };
}

function rank(by: MatchBy): number {
  return { label_title: 0, title: 1, contains: 2, similar: 3 }[by];
}
