/**
 * 回头看: which closed items of a round the office checks again. Two ways to draw:
 *
 * - at random, with a seed that is recorded with the look-back: the same seed over the
 *   same closed items draws the same sample, so anyone can redraw it and see that the
 *   office did not pick by hand (a Fisher–Yates shuffle driven by sfc32 seeded from
 *   the seed's text);
 * - by risk: each closed item's risk signs (RISKS) are weighed and the heaviest drawn
 *   first; ties are broken by the same seeded order, so this draw is reproducible too.
 *
 * Pure: no I/O. The server gathers the facts of each closed item.
 */

export const LOOKBACK_METHODS = ['random', 'risk'] as const;
export type LookbackMethod = (typeof LOOKBACK_METHODS)[number];

export const RISK_CODES = ['closed_near_deadline', 'closed_after_reminder', 'little_evidence', 'formalism', 'same_person'] as const;
export type RiskCode = (typeof RISK_CODES)[number];

/** What each risk sign means, and its weight in a risk draw. */
export const RISKS: Record<RiskCode, { zh: string; weight: number }> = {
  closed_near_deadline: { zh: '临近时限突击销号', weight: 2 },
  closed_after_reminder: { zh: '催办、督办后随即销号', weight: 2 },
  little_evidence: { zh: '佐证材料少', weight: 3 },
  formalism: { zh: '进展有形式主义提示', weight: 3 },
  same_person: { zh: '销号申请人与审核人为同一人', weight: 4 },
};

/** Days before a deadline within which a closure counts as hurried, and after a reminder as prompted. */
export const RISK_WINDOW_DAYS = 7;
/** At most this many evidence files count as little evidence. */
export const LITTLE_EVIDENCE = 1;

/** The facts of one closed item a risk draw weighs. */
export interface ClosedItemFacts {
  problemId: number;
  /** The deadline, 'YYYY-MM-DD', or null for long-term items. */
  deadline: string | null;
  /** The Beijing date of the closure. */
  closedOn: string;
  /** The Beijing date of the last reminder or supervision order on the item before its closure, or null. */
  lastReminderOn: string | null;
  evidenceCount: number;
  /** Progress entries with formalism warnings. */
  formalismCount: number;
  /** Who asked for the closure and who approved it (the last step). */
  requestedBy: number | null;
  closedBy: number | null;
}

function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
}

/** The risk signs of a closed item. */
export function risksOf(f: ClosedItemFacts): RiskCode[] {
  const out: RiskCode[] = [];
  if (f.deadline) {
    const before = dayNumber(f.deadline) - dayNumber(f.closedOn);
    if (before >= 0 && before < RISK_WINDOW_DAYS) out.push('closed_near_deadline');
  }
  if (f.lastReminderOn) {
    const after = dayNumber(f.closedOn) - dayNumber(f.lastReminderOn);
    if (after >= 0 && after <= RISK_WINDOW_DAYS) out.push('closed_after_reminder');
  }
  if (f.evidenceCount <= LITTLE_EVIDENCE) out.push('little_evidence');
  if (f.formalismCount > 0) out.push('formalism');
  if (f.requestedBy != null && f.requestedBy === f.closedBy) out.push('same_person');
  return out;
}

export function riskWeight(codes: readonly RiskCode[]): number {
  return codes.reduce((s, c) => s + RISKS[c].weight, 0);
}

/** A 32-bit hash of a string (murmur3's mixing over UTF-16 units), salted to seed the four words of sfc32. */
function hash32(s: string, salt: number): number {
  let h = 0x9747b28c ^ salt;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** sfc32: a small, fast generator with a 128-bit state, seeded from the seed's text; floats in [0, 1). */
export function seededRandom(seed: string): () => number {
  let a = hash32(seed, 1);
  let b = hash32(seed, 2);
  let c = hash32(seed, 3);
  let d = hash32(seed, 4);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // discard the first outputs, which still echo the seed
  return next;
}

/** The ids in a seeded random order (Fisher–Yates over the ids sorted ascending, so the input order does not matter). */
export function seededOrder(ids: readonly number[], seed: string): number[] {
  const xs = [...ids].sort((a, b) => a - b);
  const rnd = seededRandom(seed);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** One drawn item with the risk signs found on it. */
export interface Drawn {
  problemId: number;
  risks: RiskCode[];
}

/**
 * The sample of a look-back: `size` items (or all when fewer), at random or by risk.
 * By risk, items without any sign are drawn only when the risky ones do not fill the sample.
 */
export function drawSample(items: readonly ClosedItemFacts[], o: { method: LookbackMethod; size: number; seed: string }): Drawn[] {
  const risks = new Map(items.map((f) => [f.problemId, risksOf(f)]));
  const order = seededOrder([...risks.keys()], o.seed);
  if (o.method === 'risk') {
    const rank = new Map(order.map((id, i) => [id, i]));
    order.sort((x, y) => riskWeight(risks.get(y)!) - riskWeight(risks.get(x)!) || rank.get(x)! - rank.get(y)!);
  }
  return order.slice(0, Math.max(0, o.size)).map((problemId) => ({ problemId, risks: risks.get(problemId)! }));
}

/** A fresh seed for a look-back opened without one: readable, and recorded with it. */
export function newSeed(now: Date, entropy: number): string {
  return `${now.toISOString().slice(0, 10).replace(/-/g, '')}-${(entropy >>> 0).toString(36).padStart(7, '0')}`;
}
