/**
 * The statement of a problem, apart from what was done about it.
 *
 * Rectification notices rarely state a problem and its measures in separate fields. The shapes
 * met in practice, inside one paragraph of a problem item:
 *
 *  - a lead-in that names the problem, then what was done: "针对“X”的问题，组织……。已……";
 *    "关于X问题。……"; "就“X”问题，……". The problem is X; the connective ("针对……的问题，") is
 *    grammar, not part of the statement, and everything after it is measures or progress;
 *  - a statement, then a label: "问题陈述。整改措施：……；……" / "……。整改情况：……";
 *  - a statement, then sentences reporting what is done: "……问题。审计指出，……。已整改到位，……".
 *
 * Measures inside the rest are split at inline numbering ("（1）", "①", "1.", "1、" after a
 * sentence end) or, without numbering, at sentence ends ("。", "；"). A sentence that reports a
 * result ("已完成……", "截至目前……", "近日……已……", "该问题已整改到位") is progress, not a
 * measure: it says what is done, and the import keeps it as the problem's first progress entry
 * rather than as a measure marked done — a measure marked done by the import would count towards
 * closure (every measure done) without anyone in the unit having confirmed it, whereas a progress
 * entry is read, and closure still needs a request and its review.
 */
import type { Segment } from './figures.js';
import { PROBLEM_PHRASE } from './sections.js';

/** A quoted name, each quote closed by its own pair, so that inner quotes ("'红顶中介'整治…") stay in it. */
const QUOTED = '“([^”]{1,120})”|"([^"]{1,120})"|「([^」]{1,120})」|『([^』]{1,120})』|‘([^’]{1,120})’';

/**
 * "针对“X”的问题，" / "关于X的问题。" / "就X等问题，" at the start of a text: the named problem X,
 * and the text after the connective's punctuation. Quoted names are taken whole (they may hold
 * "的"); unquoted ones end at the first "(的)问题" followed by punctuation or the end.
 */
const LEAD_QUOTED = new RegExp(
  `^(针对|关于|对于|就)\\s*(?:${QUOTED})\\s*(?:等|这一|这个|此)?\\s*(?:的)?(?:相关)?(?:问题|情况)\\s*([，,：:；;。.\\n]|$)`,
);
/** Unquoted: "就" is left out, as "就业……问题" starts with a word, not a connective. */
const LEAD_PLAIN = /^(针对|关于|对于)\s*([^，,。；;：:\n]{2,120}?)\s*(?:等)?(?:的)?(?:相关)?问题\s*([，,：:；;。.\n]|$)/;
/** "在X方面，……": X is the area; the statement, if any, follows. */
const LEAD_AREA = /^在([^，,。；;：:\n]{2,40})方面\s*([，,：:]|$)/;

export interface LeadIn {
  /** The problem as named by the lead-in, without connective or quotes. */
  named: string;
  /** "area" for "在X方面，": X names where, not what. */
  kind: 'problem' | 'area';
  /** 针对 / 关于 / 对于 / 就 / 在. */
  connective: string;
  /** The text after the lead-in and its punctuation. */
  rest: string;
  /** Whether the lead-in's own punctuation was a sentence end ("。"): then the rest is a new sentence. */
  closed: boolean;
}

export function leadIn(text: string): LeadIn | null {
  const s = text.trim();
  let q: { all: string; connective: string; named: string; end: string } | null = null;
  const quoted = LEAD_QUOTED.exec(s);
  if (quoted) {
    // groups 2–6 are the five quote pairs, one of which matched; 7 is the punctuation after the lead-in
    q = { all: quoted[0], connective: quoted[1], named: quoted.slice(2, 7).find((x) => x !== undefined) ?? '', end: quoted[7] ?? '' };
  } else {
    const plain = LEAD_PLAIN.exec(s);
    if (plain) q = { all: plain[0], connective: plain[1], named: plain[2], end: plain[3] ?? '' };
  }
  if (q) {
    const named = q.named.trim();
    if (!named) return null;
    return { named, kind: 'problem', connective: q.connective, rest: s.slice(q.all.length).trim(), closed: /[。.；;\n]/.test(q.end) };
  }
  const a = LEAD_AREA.exec(s);
  if (a) return { named: a[1].trim(), kind: 'area', connective: '在', rest: s.slice(a[0].length).trim(), closed: false };
  return null;
}

/** Trailing connective punctuation that leaves a statement unfinished ("……的问题，"). */
const DANGLING = /[\s，,、：:；;]+$/u;

/** A statement never ends in "，", "：" or "、": the dangling punctuation of a lead-in or a label. */
export function closeStatement(s: string): string {
  return s.replace(DANGLING, '');
}

/** Labels after which a paragraph stops stating the problem. */
const INLINE_LABEL =
  /(^|[。；;！？!?\n]\s*)(整改措施|具体措施|主要措施|整改情况|整改进展情况|整改进展|进展情况|完成情况|落实情况|整改成效)(?:及成效)?\s*[:：]\s*/;

/** A sentence that reports a result rather than an action to take. */
const PROGRESS_SENTENCE =
  /^(?:截至|截止|目前|现已|至今|迄今|近日|近期|经核实|经核查|该问题|此问题|此项问题|上述问题|相关问题|正在整改|正在推进|持续推进|基本完成|整改完成)|^已(?:经)?[\u3400-\u9fff]|^[^，,。；;]{0,16}(?:已全部|已)(?:完成|整改到位|整改完成|办结|销号|追回|清退|收回|缴回|退还|整改)/;

/** A sentence that goes on stating the problem: what was found, and how it shows. */
const STATES_PROBLEM = new RegExp(
  `^(?:审计指出|巡察指出|巡视指出|反馈指出|经查|检查发现|巡察发现|巡视发现|主要表现|具体表现|表现为|存在)|${PROBLEM_PHRASE.source}`,
);

export function isProgressSentence(s: string): boolean {
  return PROGRESS_SENTENCE.test(s.trim());
}

/**
 * Inline numbering that starts a measure: at the start, or after a sentence or clause end. The end
 * is matched (group 1), not looked behind over spaces, so a long run of spaces costs one pass.
 */
const INLINE_MARKERS: { family: 'arabic-paren' | 'circled' | 'arabic-dot' | 'arabic-dun'; re: RegExp; norm: (m: string) => string }[] = [
  { family: 'arabic-paren', re: /(^|[。；;：:！？!?\n])[ \t\u3000]*[（(](\d{1,2})[)）]/g, norm: (n) => `（${n}）` },
  { family: 'circled', re: /(^|[。；;：:！？!?\n])[ \t\u3000]*([①-⑳])/g, norm: (n) => n },
  { family: 'arabic-dot', re: /(^|[。；;：:！？!?\n])[ \t\u3000]*(\d{1,2})[.．](?!\d)/g, norm: (n) => `${n}.` },
  { family: 'arabic-dun', re: /(^|[。；;：:！？!?\n])[ \t\u3000]*(\d{1,2})、/g, norm: (n) => `${n}、` },
];

const circledValue = (c: string): number => (c >= '①' && c <= '⑳' ? c.charCodeAt(0) - 0x2460 + 1 : NaN);

export interface Piece {
  label: string;
  family: 'arabic-paren' | 'circled' | 'arabic-dot' | 'arabic-dun' | 'row';
  start: number;
  text: string;
}

/**
 * The measures in a run of text: at a numbered run of one family (1, 2, 3… from 1, at least two),
 * else one per sentence ("。", "；", "！", "？"). Offsets are into `text`.
 */
export function splitPieces(text: string): Piece[] {
  for (const m of INLINE_MARKERS) {
    const found = [...text.matchAll(m.re)];
    const run: RegExpMatchArray[] = [];
    for (const f of found) {
      const n = m.family === 'circled' ? circledValue(f[2]) : Number(f[2]);
      if (n === run.length + 1) run.push(f);
    }
    if (run.length < 2) continue;
    // where each marker's own text starts (after the sentence end that precedes it)
    const at = (f: RegExpMatchArray): number => (f.index ?? 0) + f[1].length;
    const out: Piece[] = [];
    const lead = text.slice(0, at(run[0])).trim();
    // Words before the first number belong to no measure of the run; they are a sentence of their own.
    if (lead && !/^[：:，,]*$/.test(lead)) out.push(...sentences(lead, 0));
    run.forEach((f, k) => {
      const from = (f.index ?? 0) + f[0].length;
      const to = k + 1 < run.length ? at(run[k + 1]) : text.length;
      const raw = text.slice(from, to);
      const body = raw.trim();
      if (body) out.push({ label: m.norm(f[2]), family: m.family, start: from + (raw.length - raw.trimStart().length), text: body });
    });
    return out;
  }
  return sentences(text, 0);
}

function sentences(text: string, base: number): Piece[] {
  const out: Piece[] = [];
  const re = /[^。；;！？!?\n]+[。；;！？!?]*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    const t = raw.trim();
    // a bare punctuation run or a fragment of a few characters is not a measure of its own
    if (t.replace(/[。；;！？!?，,、\s]/g, '').length < 2) continue;
    out.push({ label: '', family: 'row', start: base + m.index + (raw.length - raw.trimStart().length), text: t });
  }
  return out;
}

export interface StatementSplit {
  /** The problem as the notice states it (what the node's description becomes). */
  statement: Segment[];
  measures: { label: string; family: Piece['family']; segments: Segment[] }[];
  progress: Segment[];
}

/**
 * Splits a problem's own paragraph into its statement, measures and progress; null when the
 * paragraph is a statement only (nothing to split) — the common case, left as it was.
 */
export function splitStatement(segments: Segment[]): StatementSplit | null {
  const segs = segments.filter((s) => s.text.trim());
  if (!segs.length) return null;
  const text = segs.map((s) => s.text).join('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const s of segs) {
    starts.push(offset);
    offset += s.text.length + 1;
  }
  // binary search: a problem's paragraph may run to thousands of lines in a malformed text
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo].line;
  };
  const seg = (pos: number, t: string): Segment => ({ line: lineAt(pos), text: t });

  let statementEnd: number;
  let restStart: number;
  let restKind: 'measures' | 'progress' | 'mixed' = 'mixed';
  const lead = leadIn(text);
  if (lead?.rest) {
    // "针对X的问题，……": X is the statement, all that follows is what was done about it. After
    // "关于X问题。" or "在X方面，" the next sentences may still state it ("经查，……", "存在……"):
    // they stay with the statement.
    restStart = text.length - lead.rest.length;
    if (lead.connective === '关于' || lead.closed || lead.kind === 'area') {
      const more = sentences(text.slice(restStart), restStart);
      const k = more.findIndex((p) => !STATES_PROBLEM.test(p.text));
      restStart = k < 0 ? text.length : more[k].start;
    }
    statementEnd = restStart;
  } else {
    const label = INLINE_LABEL.exec(text);
    if (label && label.index + label[1].length > 0) {
      statementEnd = label.index + label[1].length;
      restStart = label.index + label[0].length;
      restKind = /措施/.test(label[2]) ? 'measures' : 'progress';
    } else {
      // "……问题。审计指出，……。已整改到位，……": the statement ends where a result is reported.
      const all = sentences(text, 0);
      const k = all.findIndex((p, i) => i > 0 && isProgressSentence(p.text));
      if (k <= 0) return null;
      statementEnd = all[k].start;
      restStart = all[k].start;
      restKind = 'progress';
    }
  }
  const statement = segsOf(text, 0, statementEnd, lineAt)
    .map((s) => ({ ...s, text: closeStatement(s.text) }))
    .filter((s) => s.text);
  const rest = text.slice(restStart);
  if (!rest.trim() || !statement.length) return null;
  const out: StatementSplit = { statement, measures: [], progress: [] };
  if (restKind === 'progress') {
    out.progress = segsOf(text, restStart, text.length, lineAt);
    return out;
  }
  for (const p of splitPieces(rest)) {
    const at = restStart + p.start;
    const body = p.text;
    if (restKind === 'mixed' && p.family === 'row' && isProgressSentence(body)) out.progress.push(seg(at, body));
    else out.measures.push({ label: p.label, family: p.family, segments: segsOf(text, at, at + body.length, lineAt) });
  }
  return out;
}

/** The non-empty lines of text[a, b), each with its line. */
function segsOf(text: string, a: number, b: number, lineAt: (pos: number) => number): Segment[] {
  const out: Segment[] = [];
  let pos = a;
  for (const part of text.slice(a, b).split('\n')) {
    const t = part.trim();
    if (t) out.push({ line: lineAt(pos + (part.length - part.trimStart().length)), text: t });
    pos += part.length + 1;
  }
  return out;
}

/**
 * A problem's title from its heading: the problem the lead-in names ("针对“X”的问题" → "X"),
 * else the heading itself without dangling punctuation. An area lead-in ("在X方面，Y") keeps
 * its statement Y when there is one.
 */
export function problemTitle(title: string): string {
  const t = title.trim();
  const lead = leadIn(t);
  if (lead?.kind === 'problem') return lead.named;
  if (lead?.kind === 'area') {
    return lead.rest && PROBLEM_PHRASE.test(lead.rest) ? closeStatement(lead.rest.replace(/^存在/, '')) : `${lead.named}方面`;
  }
  return closeStatement(t);
}

/**
 * A problem's description from its text: the statement, without the lead-in's connective and
 * without dangling punctuation; what follows a lead-in on the same line is kept after the named
 * problem. Empty text: the heading is the statement.
 */
export function problemDescription(text: string, title: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return problemTitle(title);
  const lead = leadIn(lines[0]);
  if (lead?.kind === 'problem') {
    lines[0] = lead.rest ? `${lead.named}${lead.closed ? '。' : '：'}${lead.rest}` : lead.named;
  } else if (lead?.kind === 'area') {
    lines[0] = lead.rest ? `${lead.named}方面：${lead.rest}` : `${lead.named}方面`;
  }
  const out = closeStatement(lines.join('\n'));
  return out || problemTitle(title);
}
