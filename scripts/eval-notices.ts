/**
 * `npm run eval:notices -- DIR [--json]`: the reader, parser and checker held against notices
 * counted by hand. For every .txt/.md/.docx/.xlsx/.pdf/.doc in DIR with a sibling
 * `<name>.expected.json` (the format of ../shared/corpus, see its README), prints per document
 * whether metadata, groups, themes, problems, measures, per-group counts, first/last labels,
 * statuses and stated totals agree, whether every known defect is found, and which error
 * findings are not among the known defects. Exit code 1 on any disagreement, 2 on bad usage.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { readNotice } from '../src/domain/notice/index.js';
import type { NoticeNode, ParsedNotice } from '../src/domain/notice/types.js';

export interface ExpectedTheme {
  label: string;
  problems?: number;
}
export interface ExpectedGroup {
  label: string;
  title?: string;
  problems?: number;
  /** A number n stands for the label "n." (the corpus convention); a string is the label itself. */
  first?: number | string;
  last?: number | string;
  themes?: number | ExpectedTheme[];
  measures?: number[];
}
export interface ExpectedDefect {
  kind: string;
  label?: string;
  minCount?: number;
  examples?: string[];
}
export interface Expected {
  file?: string;
  title?: string;
  issuer?: string;
  date?: string;
  inspection?: ParsedNotice['meta']['inspection'];
  groups?: ExpectedGroup[];
  /** For notices without groups: the problems in order, with their measure counts. */
  problemsList?: { label: string; measures?: number }[];
  counted?: Partial<ParsedNotice['counts']>;
  stated?: Record<string, unknown>;
  /** Problems by status word, e.g. { "已完成": 8, "正在推进": 3 }. */
  statuses?: Record<string, number>;
  defects?: ExpectedDefect[];
}

/** The measures of the table, in column order. */
export const MEASURES = [
  'meta',
  'groups',
  'themes',
  'problems',
  'measures',
  'perGroup',
  'labels',
  'statuses',
  'stated',
  'defects',
  'errors',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Verdict = 'agree' | 'disagree' | 'n/a';

export interface DocResult {
  file: string;
  verdicts: Record<Measure, Verdict>;
  /** Why a measure disagrees, for people. */
  details: string[];
  /** Error findings not among the known defects. */
  strayErrors: string[];
  structure?: ParsedNotice['structure'];
  failed?: string;
}

/** The rule that reports each kind of known defect. */
export const DEFECT_RULE: Record<string, string> = {
  'duplicate-group-number': 'numbering-duplicate',
  'duplicate-group-title': 'duplicate-title',
  'malformed-date': 'date-malformed',
  'digit-typo': 'digit-typo',
};

const INPUT = /\.(txt|md|docx|xlsx|pdf|doc)$/i;

const labelOf = (v: number | string): string => (typeof v === 'number' ? `${v}.` : v);

/** Holds one parsed notice against what a careful reader counted. */
export function evaluate(file: string, expected: Expected, p: ParsedNotice): DocResult {
  const verdicts = Object.fromEntries(MEASURES.map((m) => [m, 'n/a'])) as Record<Measure, Verdict>;
  const details: string[] = [];
  const judge = (m: Measure, ok: boolean, why: string): void => {
    if (!ok) details.push(`${m}: ${why}`);
    if (verdicts[m] === 'disagree') return;
    verdicts[m] = ok ? 'agree' : 'disagree';
  };
  const kids = new Map<string | null, NoticeNode[]>();
  for (const n of p.nodes) {
    const list = kids.get(n.parentId) ?? [];
    list.push(n);
    kids.set(n.parentId, list);
  }
  const children = (id: string, kind?: NoticeNode['kind']): NoticeNode[] => (kids.get(id) ?? []).filter((n) => !kind || n.kind === kind);
  const under = (id: string, kind: NoticeNode['kind']): NoticeNode[] => {
    const out: NoticeNode[] = [];
    const stack = [...(kids.get(id) ?? [])].reverse();
    while (stack.length) {
      const c = stack.pop()!;
      if (c.kind === kind) out.push(c);
      stack.push(...[...(kids.get(c.id) ?? [])].reverse());
    }
    return out;
  };

  if (expected.title !== undefined || expected.inspection !== undefined) {
    const got = { title: p.meta.title, issuer: p.meta.issuer, date: p.meta.date, inspection: p.meta.inspection };
    const want = {
      title: expected.title ?? got.title,
      issuer: expected.issuer ?? got.issuer,
      date: expected.date ?? got.date,
      inspection: expected.inspection ?? got.inspection,
    };
    judge('meta', isDeepStrictEqual(got, want), `got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }

  const groups = p.nodes.filter((n) => n.kind === 'group');
  if (expected.groups) {
    const got = groups.map((g) => g.label);
    const want = expected.groups.map((g) => g.label);
    judge('groups', isDeepStrictEqual(got, want), `labels ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    expected.groups.forEach((eg, i) => {
      const g = groups[i];
      const where = `group ${i + 1} ${eg.label}`;
      if (!g) return;
      if (eg.title !== undefined) judge('groups', g.title === eg.title, `${where} title “${g.title}”, expected “${eg.title}”`);
      const problems = under(g.id, 'problem');
      if (eg.problems !== undefined) {
        judge('perGroup', problems.length === eg.problems, `${where}: ${problems.length} problems, expected ${eg.problems}`);
      }
      if (eg.first !== undefined) {
        judge('labels', problems[0]?.label === labelOf(eg.first), `${where} first ${problems[0]?.label}, expected ${labelOf(eg.first)}`);
      }
      if (eg.last !== undefined) {
        const last = problems[problems.length - 1]?.label;
        judge('labels', last === labelOf(eg.last), `${where} last ${last}, expected ${labelOf(eg.last)}`);
      }
      const themes = children(g.id, 'theme');
      if (typeof eg.themes === 'number') {
        judge('themes', themes.length === eg.themes, `${where}: ${themes.length} themes, expected ${eg.themes}`);
      }
      if (Array.isArray(eg.themes)) {
        const got = themes.map((th) => ({ label: th.label, problems: under(th.id, 'problem').length }));
        const want = eg.themes.map((th) => ({ label: th.label, problems: th.problems }));
        judge('themes', isDeepStrictEqual(got, want), `${where}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
      if (eg.measures !== undefined) {
        // Measures per theme; an aspect with measures directly under it counts as one list.
        const lists = themes.length ? themes.map((th) => under(th.id, 'measure').length) : [];
        const direct = children(g.id, 'measure').length;
        const got = direct ? [...lists, direct] : lists;
        const why = `${where}: measures ${JSON.stringify(got)}, expected ${JSON.stringify(eg.measures)}`;
        judge('measures', isDeepStrictEqual(got, eg.measures), why);
      }
    });
  }
  if (expected.problemsList) {
    const problems = p.nodes.filter((n) => n.kind === 'problem');
    const got = problems.map((n) => n.label);
    const want = expected.problemsList.map((x) => x.label);
    judge('labels', isDeepStrictEqual(got, want), `problems ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    expected.problemsList.forEach((ep, i) => {
      const n = problems[i];
      if (n && ep.measures !== undefined) {
        const m = under(n.id, 'measure').length;
        judge('measures', m === ep.measures, `problem ${ep.label}: ${m} measures, expected ${ep.measures}`);
      }
    });
  }

  const counted: Record<string, Measure> = { groups: 'groups', themes: 'themes', problems: 'problems', measures: 'measures' };
  for (const [k, v] of Object.entries(expected.counted ?? {})) {
    const got = p.counts[k as keyof ParsedNotice['counts']];
    judge(counted[k] ?? 'problems', got === v, `counted ${k} ${got}, expected ${v}`);
  }

  if (expected.statuses) {
    const got: Record<string, number> = {};
    for (const n of p.nodes) if (n.kind === 'problem' && n.status) got[n.status] = (got[n.status] ?? 0) + 1;
    const why = `got ${JSON.stringify(got)}, expected ${JSON.stringify(expected.statuses)}`;
    judge('statuses', isDeepStrictEqual(got, expected.statuses), why);
  }

  if (expected.stated) {
    verdicts.stated = 'agree';
    for (const [k, v] of Object.entries(expected.stated)) {
      judge('stated', isDeepStrictEqual(p.stated[k], v), `${k} ${JSON.stringify(p.stated[k])}, expected ${JSON.stringify(v)}`);
    }
  }

  const defects = expected.defects ?? [];
  if (expected.defects) verdicts.defects = 'agree';
  for (const d of defects) {
    const rule = DEFECT_RULE[d.kind];
    if (!rule) {
      judge('defects', false, `no rule known for defect kind ${d.kind}`);
      continue;
    }
    const found = p.findings.filter((f) => f.rule === rule);
    judge('defects', found.length >= (d.minCount ?? 1), `${d.kind}: ${found.length} found, expected at least ${d.minCount ?? 1}`);
    if (d.label) {
      const repeated = p.nodes.filter((n) => n.kind === 'group' && n.label === d.label);
      const last = repeated[repeated.length - 1];
      judge('defects', !!last && found.some((f) => f.nodeIds?.includes(last.id)), `${d.kind}: not reported at the repeated ${d.label}`);
    }
    for (const ex of d.examples ?? []) {
      const short = ex.replace(/[^\d-]+$/, '');
      const hit = found.some((f) => f.message.includes(`“${ex}`) || (short !== '' && f.message.includes(`“${short}`)));
      judge('defects', hit, `${d.kind}: example ${ex} not reported`);
    }
  }
  const allowed = new Set(defects.map((d) => DEFECT_RULE[d.kind]));
  const strayErrors = p.findings
    .filter((f) => f.severity === 'error' && !allowed.has(f.rule))
    .map((f) => `${f.line} ${f.rule} ${f.message}`);
  judge('errors', strayErrors.length === 0, `${strayErrors.length} error finding(s) beyond the known defects`);
  return { file, verdicts, details, strayErrors, structure: p.structure };
}

export interface DirResult {
  dir: string;
  docs: DocResult[];
  agree: boolean;
}

/** Every input with a sibling expected file; an input that cannot be read disagrees. */
export async function evaluateDir(dir: string): Promise<DirResult> {
  const docs: DocResult[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => INPUT.test(x))
    .sort()) {
    const expectedFile = path.join(dir, `${f.replace(INPUT, '')}.expected.json`);
    if (!existsSync(expectedFile)) continue;
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
    try {
      const parsed = await readNotice({ bytes: readFileSync(path.join(dir, f)), filename: f });
      docs.push(evaluate(f, expected, parsed));
    } catch (e) {
      const verdicts = Object.fromEntries(MEASURES.map((m) => [m, 'disagree'])) as Record<Measure, Verdict>;
      docs.push({ file: f, verdicts, details: [`read: ${(e as Error).message}`], strayErrors: [], failed: (e as Error).message });
    }
  }
  const agree = docs.length > 0 && docs.every((d) => MEASURES.every((m) => d.verdicts[m] !== 'disagree'));
  return { dir, docs, agree };
}

const MARK: Record<Verdict, string> = { agree: 'ok', disagree: 'NO', 'n/a': '-' };

/** The table as text: one row per document, one column per measure, and a total row. */
export function formatTable(r: DirResult): string {
  const width = Math.max(8, ...r.docs.map((d) => d.file.length));
  const head = `${'document'.padEnd(width)}  ${MEASURES.map((m) => m.padStart(8)).join(' ')}`;
  const out = [head];
  for (const d of r.docs) {
    out.push(`${d.file.padEnd(width)}  ${MEASURES.map((m) => MARK[d.verdicts[m]].padStart(8)).join(' ')}`);
  }
  const total = MEASURES.map((m) => {
    const judged = r.docs.filter((d) => d.verdicts[m] !== 'n/a');
    const ok = judged.filter((d) => d.verdicts[m] === 'agree').length;
    return `${ok}/${judged.length}`.padStart(8);
  });
  out.push(`${'total'.padEnd(width)}  ${total.join(' ')}`);
  for (const d of r.docs) {
    const s = d.structure;
    if (s) {
      const runner = s.runnerUp ? `; runner-up ${s.runnerUp.id} ${s.runnerUp.score}（${s.runnerUp.lostBecause}）` : '';
      out.push(`  ${d.file}: structure ${s.chosen.id} ${s.chosen.score}${runner}${s.close ? ' — close, asks the person' : ''}`);
    }
    for (const line of d.details) out.push(`  ${d.file}: ${line}`);
    for (const e of d.strayErrors) out.push(`  ${d.file}: stray error ${e}`);
  }
  out.push(r.agree ? `${r.dir}: full agreement on ${r.docs.length} document(s)` : `${r.dir}: DISAGREEMENT`);
  return out.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const dirs = argv.filter((a) => !a.startsWith('--'));
  if (dirs.length === 0) {
    console.error('usage: npm run eval:notices -- DIR [DIR…] [--json]');
    return 2;
  }
  let ok = true;
  const results: DirResult[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      console.error(`${dir}: not found`);
      return 2;
    }
    const r = await evaluateDir(dir);
    if (r.docs.length === 0) console.error(`${dir}: no document with a sibling *.expected.json`);
    results.push(r);
    ok &&= r.agree;
  }
  if (argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
  else console.log(results.map(formatTable).join('\n\n'));
  return ok ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}
