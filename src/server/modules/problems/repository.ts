import type { Queryable } from '../../db/index.js';
import type { Scope } from '../auth/actor.js';
import {
  LEDGER_COUNT_CAP,
  decodeLedgerCursor,
  ledgerSortOf,
  type LedgerCursor,
  type LedgerQuery,
  type LedgerSort,
} from '../../../domain/schemas/index.js';
import type { LEDGER_MATCH_PLACES } from '../../../domain/schemas/responses/problems.js';
import { badRequest } from '../../lib/errors.js';
import type { MeasureStatus, ProblemStatus, RectifyKind, ReviewChain } from '../../../domain/workflow/index.js';
import { LIGHT_COLUMNS, LIGHT_RULES_JOIN, LIGHT_SQL, type LightColumns } from '../lightrules/sql.js';
import { sealTransition } from '../audit/integrity.js';
import { jsonRows, revive } from '../../db/json.js';
import { progressOf, PROGRESS_INSTANTS, PROGRESS_ORDER, type ProgressRow } from '../progress/repository.js';
import { extensionsOf, EXTENSION_INSTANTS, EXTENSION_ORDER, type ExtensionRow } from '../workflow/repository.js';
import type { SealedTransition } from '../audit/repository.js';

export interface MeasureRow {
  id: number;
  text: string;
  owner_dept_id: number | null;
  owner_dept_name: string | null;
  /** The database driver gives dates as 'YYYY-MM-DD' text (see db/). */
  deadline: string | null;
  status: MeasureStatus;
  /** Why a measure is 不适用; null otherwise. */
  status_reason: string | null;
  sort_order: number;
}

export interface ProblemRow extends LightColumns {
  id: number;
  inspection_id: number;
  unit_id: number;
  unit_name: string;
  parent_id: number | null;
  level: number;
  label: string;
  title: string;
  description: string;
  sort_order: number;
  rectify_kind: RectifyKind | null;
  leader_id: number | null;
  leader_name: string | null;
  lead_dept_id: number | null;
  lead_dept_name: string | null;
  deadline: string | null;
  status: ProblemStatus;
  stage_done: boolean;
  closure_requested_by: number | null;
  updated_at: Date;
  cooperating: { id: number; name: string }[];
  /** Extension requests waiting for a decision (at most one, by a unique index). */
  pending_extensions: number;
  /** Measures neither done nor marked not applicable. */
  open_measures: number;
  /** The step a closure request waits at; null when none waits. */
  review_step: number | null;
  /** The waiting request's chain, else the unit's closure chain; null when the unit runs on the default. */
  review_chain: ReviewChain | null;
  review_approvers: number[];
  /** The unit's rule (true when the unit has no settings row). */
  closure_needs_measures_done: boolean;
  measure_count: number;
  progress_count: number;
  evidence_count: number;
  is_leaf: boolean;
  /** 重点难点 taken in hand by a leader (领导领办), issue 9. */
  is_key: boolean;
  key_leader_id: number | null;
  key_leader_name: string | null;
  path: { id: number; label: string; title: string }[];
}

export interface TransitionRow {
  id: number;
  action: string;
  from_status: ProblemStatus | null;
  to_status: ProblemStatus | null;
  actor_id: number | null;
  actor_name: string | null;
  reason: string | null;
  created_at: Date;
  detail: unknown;
}

export interface ProblemPageRows {
  row: ProblemRow;
  measures: MeasureRow[];
  progress: ProgressRow[];
  transitions: TransitionRow[];
  extensions: ExtensionRow[];
}

/** A problem's measures and its transitions (the problem given as an SQL expression), each with its order. */
const measuresOf = (problemId: string) => `SELECT m.id, m.text, m.owner_dept_id, o.name AS owner_dept_name, m.deadline, m.status,
         m.status_reason, m.sort_order
    FROM measures m LEFT JOIN organizations o ON o.id = m.owner_dept_id WHERE m.problem_id = ${problemId}`;
const MEASURE_ORDER = 'sort_order, id';
const transitionsOf = (problemId: string) => `SELECT t.*, u.display_name AS actor_name
    FROM transitions t LEFT JOIN users u ON u.id = t.actor_id WHERE t.problem_id = ${problemId}`;
const TRANSITION_ORDER = 'created_at, id';

/** Everything a problem row shows joins from `p` (the ledger's page joins the same to its page of ids). */
const JOINS = `
  LEFT JOIN problems p1 ON p1.id = p.parent_id
  LEFT JOIN problems p2 ON p2.id = p1.parent_id
  ${LIGHT_RULES_JOIN}
  JOIN organizations uo ON uo.id = p.unit_id
  LEFT JOIN users lu ON lu.id = p.leader_id
  LEFT JOIN organizations ld ON ld.id = p.lead_dept_id
  LEFT JOIN unit_settings us ON us.unit_id = p.unit_id
  LEFT JOIN users kl ON kl.id = p.key_leader_id`;

/**
 * The columns of a problem row. Counters live on the row; the cooperating departments, the pending extension
 * request and the open measures are three small per-row lookups in the same statement: a second statement over
 * the page's ids cost a round trip and, on PGlite (which plans every statement afresh), a second plan.
 */
const COLUMNS = `p.id, p.inspection_id, p.unit_id, uo.name AS unit_name, p.parent_id, p.level, p.label, p.title, p.description,
       p.sort_order, p.rectify_kind, p.leader_id, COALESCE(lu.display_name, p.leader_name) AS leader_name,
       p.lead_dept_id, ld.name AS lead_dept_name, p.deadline, p.status, p.stage_done,
       p.closure_requested_by, p.updated_at, p.measure_count, p.progress_count, p.evidence_count,
       p.child_count = 0 AS is_leaf,
       p.review_step, COALESCE(p.review_chain, us.closure_chain) AS review_chain, p.review_approvers,
       ${LIGHT_COLUMNS}, p.is_key, p.key_leader_id, kl.display_name AS key_leader_name,
       COALESCE(us.closure_needs_measures_done, true) AS closure_needs_measures_done,
       p1.id AS p1_id, p1.label AS p1_label, p1.title AS p1_title,
       p2.id AS p2_id, p2.label AS p2_label, p2.title AS p2_title,
       COALESCE((SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.id)
                   FROM problem_cooperators pc JOIN organizations o ON o.id = pc.dept_id WHERE pc.problem_id = p.id), '[]'::json)
         AS cooperating,
       (SELECT count(*)::int FROM extensions x WHERE x.problem_id = p.id AND x.status = 'pending') AS pending_extensions,
       (SELECT count(*)::int FROM measures m WHERE m.problem_id = p.id AND m.status NOT IN ('done', 'not_applicable'))
         AS open_measures`;

const SELECT = `SELECT ${COLUMNS} FROM problems p ${JOINS}`;

type RawRow = Omit<ProblemRow, 'path'> & {
  p1_id: number | null;
  p1_label: string | null;
  p1_title: string | null;
  p2_id: number | null;
  p2_label: string | null;
  p2_title: string | null;
};

/** A count reads at most this many matching rows plus one (the answer then says “more than”). */
const CAP = LEDGER_COUNT_CAP;
/**
 * How many of the most recently changed matching problems, of the problems under matching aspects and themes, of the
 * newest matching measures and of the newest matching progress entries a search word draws from (each within the
 * reader's scope). Ranking needs every candidate, so without a bound a word found in a third of a city's million
 * progress entries was read in full for every page; the ledger's relevance hint says so (ledger.relevanceHint).
 */
export const SOURCE_CAP = 1000;

/** The status sort's order; the indexes ledger_status(_unit) hold the same expression. */
const STATUS_RANK = `array_position(ARRAY['pending', 'in_progress', 'long_term', 'closure_requested', 'closed']::text[], p.status)`;
/** A missing deadline sorts last both ways: as the latest ascending, as the earliest read backwards (each its own index). */
const DEADLINE_KEY = (desc: boolean) => `COALESCE(p.deadline, '${desc ? '-' : ''}infinity'::date)`;
/** An instant as a cursor holds it: UTC with microseconds, the same text whatever the session's time zone. */
const instantText = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface KeyColumn {
  /** The expression sorted on (identical to the index's). */
  expr: string;
  /** The type a cursor's value is cast back to. */
  cast: string;
  /** How the value is selected into a cursor. */
  out: string;
  /** Sorted descending when the request asks for ascending (relevance: the latest change first). */
  desc?: boolean;
}

const TREE_COLUMNS: KeyColumn[] = [
  { expr: 'p.inspection_id', cast: 'int', out: 'p.inspection_id' },
  { expr: 'p.tree_key', cast: 'int[]', out: 'p.tree_key' },
  { expr: 'p.id', cast: 'int', out: 'p.id' },
];

/**
 * The sort key of each sort, most significant first. Each ends in the problem id, so that it is unique
 * and a cursor names one position: walking the pages yields every row once, ties (the same deadline)
 * included. Migration 20261208000200 indexes the same expressions in the same order (with and without
 * unit_id in front), so a page is a range scan from the cursor whatever its depth. Relevance is not
 * indexable: its key is the score `score` of the search's matches (see `ledgerSql`).
 */
function ledgerKeys(sort: LedgerSort, dir: 'asc' | 'desc', score: string): KeyColumn[] {
  switch (sort) {
    case 'order':
      return TREE_COLUMNS;
    case 'deadline':
      return [{ expr: DEADLINE_KEY(dir === 'desc'), cast: 'date', out: `${DEADLINE_KEY(dir === 'desc')}::text` }, ...TREE_COLUMNS];
    case 'status':
      return [{ expr: STATUS_RANK, cast: 'int', out: STATUS_RANK }, ...TREE_COLUMNS];
    case 'updated':
      return [
        { expr: 'p.updated_at', cast: 'timestamptz', out: instantText('p.updated_at') },
        { expr: 'p.id', cast: 'int', out: 'p.id' },
      ];
    case 'relevance':
      return [
        { expr: score, cast: 'int', out: score },
        { expr: 'p.updated_at', cast: 'timestamptz', out: instantText('p.updated_at'), desc: true },
        { expr: 'p.id', cast: 'int', out: 'p.id' },
      ];
  }
}

/**
 * The rows after `values` in the order the key is read (`flip`: every column the other way round);
 * `inclusive` takes the row at `values` too. A key read all one way is a row comparison, which a
 * btree index takes as its start; a mixed one (relevance) is spelled out column by column.
 */
function keysetSql(cols: KeyColumn[], values: readonly unknown[], p: (v: unknown) => string, o: { flip: boolean; inclusive?: boolean }) {
  const ph = cols.map((c, i) => `${p(values[i])}::${c.cast}`);
  const desc = cols.map((c) => !!c.desc !== o.flip);
  const incl = o.inclusive ? '=' : '';
  if (desc.every((d) => d === desc[0])) return `(${cols.map((c) => c.expr).join(', ')}) ${desc[0] ? '<' : '>'}${incl} (${ph.join(', ')})`;
  const ors = cols.map((c, i) => {
    const eq = cols.slice(0, i).map((e, j) => `${e.expr} = ${ph[j]}`);
    const op = `${desc[i] ? '<' : '>'}${i === cols.length - 1 ? incl : ''}`;
    return `(${[...eq, `${c.expr} ${op} ${ph[i]}`].join(' AND ')})`;
  });
  return `(${ors.join(' OR ')})`;
}

const orderSql = (cols: KeyColumn[], flip: boolean) => cols.map((c) => `${c.expr} ${!!c.desc !== flip ? 'DESC' : 'ASC'}`).join(', ');

/** Who may read a row; a single unit is an equality, so that the unit's own indexes give the order. */
function scopeSql(scope: Scope, p: (v: unknown) => string): string {
  const parts: string[] = [];
  if (scope.unitIds.length === 1) parts.push(`p.unit_id = ${p(scope.unitIds[0])}::int`);
  else if (scope.unitIds.length > 1) parts.push(`p.unit_id = ANY(${p(scope.unitIds)}::int[])`);
  if (scope.deptIds.length) {
    const d = p(scope.deptIds);
    parts.push(
      `p.lead_dept_id = ANY(${d}::int[])`,
      `EXISTS (SELECT 1 FROM problem_cooperators pc WHERE pc.problem_id = p.id AND pc.dept_id = ANY(${d}::int[]))`,
    );
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

const likeOf = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The filters of a ledger request as SQL: `withSql` (the search's matches), `from`, `where` and the
 * relevance `score`. Built afresh for each statement, since each has its own parameters.
 *
 * Search: every word must be found somewhere in the row. A word of two or more characters is looked
 * up through the bigram indexes of problems, measures and progress entries (then checked with strpos:
 * bigrams alone would match '管…网' scattered), collecting per problem the best place it was found:
 * 1 the label or title, 2 the description, 3 the title of an aspect/theme above it, 4 a measure,
 * 5 a progress entry. A one-character word has no bigram: it is checked on the row itself (its text
 * and the titles above it; 1, 2 or 3). A row's score is the sum over the words (lower is better);
 * relevance sorts by score, then the most recently changed first, then id.
 */
function ledgerSql(reader: Scope, f: LedgerQuery, today: string, p: (v: unknown) => string) {
  const where: string[] = [scopeSql(reader, p), 'p.child_count = 0'];
  if (f.inspectionId) where.push(`p.inspection_id = ${p(f.inspectionId)}::int`);
  if (f.unitId) where.push(`p.unit_id = ${p(f.unitId)}::int`);
  if (f.status?.length) where.push(`p.status = ANY(${p(f.status)}::text[])`);
  if (f.kind) where.push(`p.rectify_kind = ${p(f.kind)}`);
  if (f.departmentId) {
    const d = p(f.departmentId);
    where.push(`(p.lead_dept_id = ${d} OR EXISTS (SELECT 1 FROM problem_cooperators pc WHERE pc.problem_id = p.id AND pc.dept_id = ${d}))`);
  }
  if (f.deadlineFrom) where.push(`p.deadline >= ${p(f.deadlineFrom)}::date`);
  if (f.deadlineTo) where.push(`p.deadline <= ${p(f.deadlineTo)}::date`);
  if (f.overdue) where.push(`p.status <> 'closed' AND p.deadline < ${p(today)}::date`);
  if (f.light) where.push(`${LIGHT_SQL(p(today))} = ${p(f.light)}`);
  if (f.recurring) where.push('EXISTS (SELECT 1 FROM problem_recurrences rc WHERE rc.problem_id = p.id)');
  const hits: string[] = [];
  const inline: string[] = [];
  // measures and progress entries are searched within the reader's scope and only their newest SOURCE_CAP matches
  // count: a word in a third of a city's million progress entries would otherwise be read in full for every page
  // (its parameters are added only when a word needs it: an unused parameter has no type and fails the statement)
  let inScope: string | null = null;
  const scoped = () => (inScope ??= scopeSql(reader, p));
  // a reader of whole units (not a department's handler, whose rows hang on departments, not on their groups) reads
  // the nodes of those units only: a common word's nodes across a city are tens of thousands
  let units: string | null = null;
  const unitsOnly = () =>
    reader.deptIds.length || !reader.unitIds.length ? '' : (units ??= ` AND p.unit_id = ANY(${p(reader.unitIds)}::int[])`);
  // The measures or progress entries of the reader's problems holding a word (the caller orders and cuts them). A reader
  // of one unit goes through the unit's problems, each one's entries in turn: the bigram index answers city-wide, and
  // walking the newest entries of the city until a thousand of one unit's turned up read 200,000 of them (11 s).
  // (OFFSET 0 keeps the planner from flattening the per-problem subquery back into that walk.) Wider readers take the
  // index, or walk the newest entries when the word is common (the planner's choice).
  const oneUnit = reader.deptIds.length === 0 && reader.unitIds.length === 1;
  const within = (table: string, a: string, weight: number, indexed: string, checked: string) =>
    oneUnit
      ? `SELECT ${a}.problem_id, ${weight} FROM problems p
           CROSS JOIN LATERAL (SELECT * FROM ${table} ${a} WHERE ${a}.problem_id = p.id AND ${checked} OFFSET 0) ${a}
          WHERE ${scoped()}`
      : `SELECT ${a}.problem_id, ${weight} FROM ${table} ${a} JOIN problems p ON p.id = ${a}.problem_id WHERE ${indexed} AND ${scoped()}`;
  for (const term of f.q ? searchTerms(f.q) : []) {
    // strpos, not ILIKE: ILIKE folds the case of every character of every text it checks (a quarter of a second
    // over 20,000 progress entries); a word without letters has no case, and one with letters is folded once
    const caseless = term.toLowerCase() === term.toUpperCase();
    const tp = p(caseless ? term : term.toLowerCase());
    const has = (expr: string) => (caseless ? `strpos(${expr}, ${tp}) > 0` : `strpos(lower(${expr}), ${tp}) > 0`);
    const tsq = bigramQuery(term);
    if (!tsq) {
      where.push(has(`p.label || p.title || ' ' || p.description || ' ' || COALESCE(p1.title, '') || ' ' || COALESCE(p2.title, '')`));
      inline.push(`CASE WHEN ${has('p.label || p.title')} THEN 1 WHEN ${has('p.description')} THEN 2 ELSE 3 END`);
      continue;
    }
    const t = `to_tsquery('simple', ${p(tsq)})`;
    const i = hits.length / 2;
    // the nodes holding the word (read once: the problem itself and the groups above problems both come from here)
    // (groups in full: there are few; leaves, the leaves under matching groups, measures and progress: their newest
    // SOURCE_CAP matches each)
    const node = `SELECT p.id, p.child_count > 0 AS grp, ${has('p.title')} AS in_title,
          CASE WHEN ${has('p.label || p.title')} THEN 1 WHEN ${has(`p.label || p.title || ' ' || p.description`)} THEN 2 END AS w
        FROM problems p WHERE p.search @@ ${t}${unitsOnly()}`;
    hits.push(`n${i} AS ((${node} AND p.child_count > 0)
        UNION ALL (${node} AND p.child_count = 0 ORDER BY p.updated_at DESC LIMIT ${SOURCE_CAP}))`);
    hits.push(`h${i} AS (SELECT id, min(w) AS w FROM (
        SELECT n.id, n.w FROM n${i} n WHERE NOT n.grp AND n.w IS NOT NULL
        UNION ALL
        (SELECT c.id, 3 FROM n${i} g JOIN problems c ON c.parent_id = g.id WHERE g.grp AND g.in_title AND c.child_count = 0
          ORDER BY c.updated_at DESC LIMIT ${SOURCE_CAP})
        UNION ALL
        (SELECT c.id, 3 FROM n${i} g JOIN problems c1 ON c1.parent_id = g.id JOIN problems c ON c.parent_id = c1.id
         WHERE g.grp AND g.in_title AND c.child_count = 0 ORDER BY c.updated_at DESC LIMIT ${SOURCE_CAP})
        UNION ALL
        (${within('measures', 'm', 4, `m.search @@ ${t} AND ${has('m.text')}`, has('m.text'))} ORDER BY m.id DESC LIMIT ${SOURCE_CAP})
        UNION ALL
        (${within('progress_entries', 'e', 5, `e.search @@ ${t} AND ${has('e.text')}`, has('e.text'))}
          ORDER BY e.created_at DESC LIMIT ${SOURCE_CAP})
      ) x GROUP BY id)`);
  }
  const ranked = hits.length > 0;
  const words = Array.from({ length: hits.length / 2 }, (_, i) => i);
  const withSql = ranked
    ? `WITH ${hits.join(',\n')},
       ranked AS (SELECT h0.id, ${words.map((i) => `h${i}.w`).join(' + ')} AS score
                    FROM h0 ${words
                      .slice(1)
                      .map((i) => `JOIN h${i} ON h${i}.id = h0.id`)
                      .join(' ')})`
    : '';
  const from = `FROM ${ranked ? 'ranked r JOIN problems p ON p.id = r.id' : 'problems p'}
    LEFT JOIN problems p1 ON p1.id = p.parent_id
    LEFT JOIN problems p2 ON p2.id = p1.parent_id ${f.light ? LIGHT_RULES_JOIN : ''}`;
  const scores = [...(ranked ? ['r.score'] : []), ...inline];
  return { withSql, from, where, score: scores.length ? `(${scores.join(' + ')})` : '0' };
}

/** What a ledger request may ask that is not a filter: the page, its size and the order. */
const NOT_FILTERS = new Set(['page', 'pageSize', 'sort', 'dir', 'cursor']);
/** The filters the tally (migration 20261208000230) is keyed by. */
const TALLY_FILTERS = new Set(['inspectionId', 'unitId', 'status']);

/**
 * The count of a request read from the tally, exact and without reading the rows, when the reader is scoped by
 * whole units and every filter asked is one of the tally's keys; null otherwise (a department's handler, a search,
 * a deadline…: the capped count). Any filter added to the query later falls back to the capped count by itself.
 */
function tallySql(reader: Scope, f: LedgerQuery, p: (v: unknown) => string, extra?: string): string | null {
  if (reader.deptIds.length || !reader.unitIds.length) return null;
  const asked = Object.entries(f).filter(([k, v]) => !NOT_FILTERS.has(k) && v !== undefined && v !== false && v !== '');
  if (asked.some(([k]) => !TALLY_FILTERS.has(k))) return null;
  const where = [reader.unitIds.length === 1 ? `t.unit_id = ${p(reader.unitIds[0])}::int` : `t.unit_id = ANY(${p(reader.unitIds)}::int[])`];
  if (f.unitId) where.push(`t.unit_id = ${p(f.unitId)}::int`);
  if (f.inspectionId) where.push(`t.inspection_id = ${p(f.inspectionId)}::int`);
  if (f.status?.length) where.push(`t.status = ANY(${p(f.status)}::text[])`);
  if (extra) where.push(extra);
  return `(SELECT COALESCE(sum(t.n), 0)::int FROM ledger_tally t WHERE ${where.join(' AND ')})`;
}

/** A fresh parameter list and the function that adds to it. */
function paramList() {
  const params: unknown[] = [];
  return {
    params,
    p: (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    },
  };
}

/** Where the search found a row, with the text found in (the presenter cuts the snippet). */
export type LedgerMatchPlace = (typeof LEDGER_MATCH_PLACES)[number];

export interface LedgerMatch {
  id: number;
  where: LedgerMatchPlace;
  text: string;
}

export interface LedgerPageRows {
  rows: ProblemRow[];
  /** null on a page reached by cursor (the first page gave it). */
  total: number | null;
  totalCapped: boolean;
  sort: LedgerSort;
  next: LedgerCursor | null;
  prev: LedgerCursor | null;
  groups: { id: number; count: number; capped: boolean }[];
  units: { id: number; name: string; count: number; capped: boolean }[];
  matches: LedgerMatch[];
}
const SCOPE = (u: string, d: string) => `(p.unit_id = ANY(${u}::int[]) OR p.lead_dept_id = ANY(${d}::int[])
  OR EXISTS (SELECT 1 FROM problem_cooperators pc WHERE pc.problem_id = p.id AND pc.dept_id = ANY(${d}::int[])))`;

/**
 * The SQL twins of `lightOf` and `isUnplanned` live with the office's light rules
 * (modules/lightrules/sql.ts: every light query joins the rules of the problem's office).
 */
export { LIGHT_SQL, UNPLANNED_SQL } from '../lightrules/sql.js';

/** The ancestors' path from the parent's and grandparent's columns. */
function shape({ p1_id, p1_label, p1_title, p2_id, p2_label, p2_title, ...r }: RawRow): ProblemRow {
  return {
    ...r,
    path: [
      ...(p2_id != null ? [{ id: p2_id, label: p2_label!, title: p2_title! }] : []),
      ...(p1_id != null ? [{ id: p1_id, label: p1_label!, title: p1_title! }] : []),
    ],
  };
}

/** The words of a search: split at spaces (ASCII and full-width), at most 8, duplicates dropped. */
export function searchTerms(q: string): string[] {
  return [...new Set(q.split(/[\s\u3000]+/).filter(Boolean))].slice(0, 8);
}

/** Splits a query into the character bigrams the search index holds. */
export function bigramQuery(q: string): string | null {
  const s = q.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  const chars = [...s];
  if (chars.length < 2) return null;
  const grams = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams].map((g) => `'${g.replace(/'/g, "''")}'`).join(' & ');
}

/**
 * Where the search found each row, best place first (as the ranking counts them): its title, its
 * description, an aspect/theme above it, else a measure, else the latest progress entry holding a word.
 */
async function matchesOf(q: Queryable, rows: ProblemRow[], terms: string[]): Promise<LedgerMatch[]> {
  if (!rows.length || !terms.length) return [];
  const words = terms.map((t) => t.toLowerCase());
  const has = (s: string) => words.some((w) => s.toLowerCase().includes(w));
  const out = new Map<number, LedgerMatch>();
  const rest: number[] = [];
  for (const r of rows) {
    const group = r.path.find((g) => has(g.title));
    if (has(`${r.label}${r.title}`)) out.set(r.id, { id: r.id, where: 'title', text: r.title });
    else if (has(r.description)) out.set(r.id, { id: r.id, where: 'description', text: r.description });
    else if (group) out.set(r.id, { id: r.id, where: 'group', text: group.title });
    else rest.push(r.id);
  }
  if (rest.length) {
    const found = await q.query<{ problem_id: number; src: 'measure' | 'progress'; text: string }>(
      `SELECT DISTINCT ON (problem_id) problem_id, src, text FROM (
         SELECT m.problem_id, 'measure' AS src, m.text, 0 AS rk, m.sort_order AS ord FROM measures m
          WHERE m.problem_id = ANY($1::int[]) AND m.text ILIKE ANY($2::text[])
         UNION ALL
         SELECT e.problem_id, 'progress', e.text, 1, -e.id FROM progress_entries e
          WHERE e.problem_id = ANY($1::int[]) AND e.text ILIKE ANY($2::text[])
       ) x ORDER BY problem_id, rk, ord`,
      [rest, terms.map(likeOf)],
    );
    for (const f of found.rows) out.set(f.problem_id, { id: f.problem_id, where: f.src, text: f.text });
  }
  return rows.flatMap((r) => (out.has(r.id) ? [out.get(r.id)!] : []));
}

export const problemRepo = {
  /**
   * One page of the ledger by keyset: the rows after (or before) the cursor's key in the sort's order,
   * read from the index that holds that order, so page 1,500 costs what page 1 does. The count stops
   * at 10,001 rows; group and unit counts are each bounded the same way (and only given in tree order,
   * the one view that shows group headers).
   */
  async ledger(q: Queryable, scope: Scope, f: LedgerQuery, today: string, o = { count: true }): Promise<LedgerPageRows> {
    const sort = ledgerSortOf(f);
    const cursor = f.cursor !== undefined ? decodeLedgerCursor(f.cursor) : null;
    // the request schema refuses a bad cursor with a 400; this guards callers inside the server
    if (f.cursor !== undefined && (!cursor || cursor.s !== sort || cursor.d !== f.dir)) {
      throw badRequest('bad ledger cursor', '翻页游标无效，请回到第一页', [{ path: 'cursor', message: '翻页游标无效' }]);
    }
    const back = cursor?.w === 'b';
    // the direction the index is read in: backwards for a descending sort, and again for the page before
    const flip = (f.dir === 'desc') !== back;
    const { params, p } = paramList();
    const s = ledgerSql(scope, f, today, p);
    // A search's matches are joined to their problems and filtered once (`matched`), then paged, counted and
    // probed from there: every match is read anyway to rank it, and the three would each join them again.
    const searching = s.withSql !== '';
    const withSql = searching
      ? `${s.withSql},
         matched AS MATERIALIZED (SELECT p.id, p.inspection_id, p.tree_key, p.deadline, p.status, p.updated_at, ${s.score} AS score
                                    ${s.from} WHERE ${s.where.join(' AND ')})`
      : '';
    const from = searching ? 'FROM matched p' : s.from;
    const filter = searching ? 'true' : s.where.join(' AND ');
    const cols = ledgerKeys(sort, f.dir, searching ? 'p.score' : s.score);
    // counted with the first page only: a page reached by cursor keeps the count the pager already shows, so walking
    // 1,500 pages does not read up to 10,001 rows 1,500 times
    // (an internal caller that shows only the rows asks for no count)
    const tally = cursor || !o.count ? null : tallySql(scope, f, p);
    const count =
      cursor || !o.count ? 'NULL::int' : (tally ?? `(SELECT count(*)::int FROM (SELECT 1 ${from} WHERE ${filter} LIMIT ${CAP + 1}) c)`);
    // is there anything on the other side of the cursor (the page we came from)?
    // (a scalar subquery ordered like the sort's index, so that it reads from the cursor outwards: EXISTS would drop
    // the ORDER BY, and a scan of the table may read tens of thousands of rows before it meets one)
    const beyond = cursor
      ? `((SELECT true ${from} WHERE ${filter} AND ${keysetSql(cols, cursor.k, p, { flip: !flip, inclusive: true })}
                  ORDER BY ${orderSql(cols, !flip)} LIMIT 1) IS NOT NULL)`
      : 'false';
    const after = cursor ? ` AND ${keysetSql(cols, cursor.k, p, { flip })}` : '';
    const offset = cursor ? 0 : (f.page - 1) * f.pageSize;
    // The whole-group counts of the groups and units on this page (a header split over two pages counts all its
    // leaves), in tree order only (the one view that shows group headers): each a bounded count over the group's range
    // of the tree index, rechecked on the parent links. Filtered as the page is (the same parameters: one statement).
    const bounded = (extra: string) =>
      `(SELECT count(*)::int FROM (SELECT 1 ${s.from} WHERE ${[...s.where, extra].join(' AND ')} LIMIT ${CAP + 1}) c)`;
    const within = `p.inspection_id = g.inspection_id AND p.tree_key > g.tree_key
      AND p.tree_key < g.tree_key[1:cardinality(g.tree_key) - 1] || (g.tree_key[cardinality(g.tree_key)] + 1)
      AND (p.parent_id = g.id OR p1.parent_id = g.id)`;
    // a unit's count from the tally where it can (exact), as the page's count
    const unitTally = sort === 'order' ? tallySql(scope, f, p, 't.unit_id = u.id') : null;
    const counts =
      sort === 'order'
        ? `(SELECT json_agg(json_build_array(c.kind, c.id, c.n)) FROM (
             SELECT 'group' AS kind, g.id, ${bounded(within)} AS n FROM problems g
              WHERE g.id IN (SELECT x.gid FROM page pg JOIN problems p ON p.id = pg.id LEFT JOIN problems p1 ON p1.id = p.parent_id
                             CROSS JOIN LATERAL unnest(ARRAY[p.parent_id, p1.parent_id]) AS x(gid))
             UNION ALL
             SELECT 'unit', u.id, ${unitTally ?? bounded('p.unit_id = u.id')}
               FROM (SELECT DISTINCT p.unit_id AS id FROM page pg JOIN problems p ON p.id = pg.id) u) c)`
        : 'NULL::json';
    // One statement: the page of ids read from the sort's index (with the capped count and the probe beyond the
    // cursor), their rows, and the counts of their groups. On PGlite every statement is planned afresh and queued
    // behind every other request's, so four statements cost four plans and four turns of the queue.
    // (the row number counts from the start of an OFFSET page: the counts ride on its first row, whatever its number)
    const page = await q.query<
      RawRow & { ord: number; total_count: number | null; beyond: boolean; counts: [string, number, number][] | null } & Record<
          `k${number}`,
          unknown
        >
    >(
      `${searching ? `${withSql},` : 'WITH'}
       page AS MATERIALIZED (
         SELECT p.id, ${cols.map((c, i) => `${c.out} AS k${i}`).join(', ')}, ${count} AS total_count, ${beyond} AS beyond,
                row_number() OVER (ORDER BY ${orderSql(cols, flip)}) AS ord
           ${from} WHERE ${filter}${after}
          ORDER BY ${orderSql(cols, flip)} LIMIT ${p(f.pageSize + 1)} OFFSET ${p(offset)})
       SELECT pg.ord, pg.total_count, pg.beyond, ${cols.map((_, i) => `pg.k${i}`).join(', ')}, ${COLUMNS},
              CASE WHEN pg.ord = (SELECT min(ord) FROM page) THEN ${counts} END AS counts
         FROM page pg JOIN problems p ON p.id = pg.id ${JOINS}
        ORDER BY pg.ord`,
      params,
      // planned once and kept for a first page, but never for a search (db/types.ts QueryOptions) nor from a cursor: a
      // generic plan does not know where the cursor stands, and page 1,500 of the office's fell from 66 to 8 req/s with one
      { prepare: !searching && !cursor },
    );
    const more = page.rows.length > f.pageSize;
    const got = page.rows.slice(0, f.pageSize);
    if (back) got.reverse();
    let total: number | null;
    if (page.rows.length || !o.count) total = page.rows[0]?.total_count ?? null;
    else {
      // past the end: count on its own so the pager can recover
      const c = paramList();
      // (each way adds only its own parameters: an unused one has no type and fails the statement)
      const t = tally && tallySql(scope, f, c.p);
      const sc = t ? null : ledgerSql(scope, f, today, c.p);
      const r = await q.query<{ n: number }>(
        sc
          ? `${sc.withSql} SELECT count(*)::int AS n FROM (SELECT 1 ${sc.from} WHERE ${sc.where.join(' AND ')} LIMIT ${CAP + 1}) c`
          : `SELECT ${t} AS n`,
        c.params,
      );
      total = r.rows[0].n;
    }
    const keyOf = (r: (typeof got)[number], w: 'a' | 'b'): LedgerCursor =>
      ({ s: sort, d: f.dir, w, k: cols.map((_, i) => r[`k${i}`]) }) as LedgerCursor;
    const beyondRow = page.rows[0]?.beyond ?? false;
    const first = got[0];
    const last = got[got.length - 1];
    const hasNext = back ? beyondRow : more;
    const hasPrev = back ? more : cursor ? beyondRow : offset > 0;
    const next = hasNext && last ? keyOf(last, 'a') : null;
    const prev = hasPrev ? (first ? keyOf(first, 'b') : cursor ? { ...cursor, w: 'b' as const } : null) : null;

    // the counts of the groups and units that are on the page returned (the row beyond the page may add one)
    const shown = new Set(got.flatMap((r) => [r.p1_id, r.p2_id]));
    const names = new Map(got.map((x) => [x.unit_id, x.unit_name]));
    const capped = (n: number) => ({ count: Math.min(n, CAP), capped: n > CAP });
    const tallies = page.rows[0]?.counts ?? [];
    const groups = tallies.filter(([k, id]) => k === 'group' && shown.has(id)).map(([, id, n]) => ({ id, ...capped(n) }));
    const units = tallies
      .filter(([k, id]) => k === 'unit' && names.has(id))
      .map(([, id, n]) => ({ id, name: names.get(id) ?? '', ...(unitTally ? { count: n, capped: false } : capped(n)) }));
    // the row without the page's own columns (its key, count and counts)
    const own = new Set(['ord', 'total_count', 'beyond', 'counts', ...cols.map((_, i) => `k${i}`)]);
    const done = got.map((r) => shape(Object.fromEntries(Object.entries(r).filter(([k]) => !own.has(k))) as RawRow));
    return {
      rows: done,
      // the tally's count is exact however large; a counted one stops at the cap
      total: total == null ? null : tally ? total : Math.min(total, CAP),
      totalCapped: total != null && !tally && total > CAP,
      sort,
      next,
      prev,
      groups,
      units,
      matches: f.q ? await matchesOf(q, done, searchTerms(f.q)) : [],
    };
  },
  /**
   * Folds the ledger tally's deltas into one row per key once they outnumber the keys by `surplus`
   * (migration 20261208000230); the rows folded away.
   */
  async compactTally(q: Queryable, surplus: number): Promise<number> {
    return (await q.query<{ n: number }>('SELECT zg_ledger_tally_compact($1::int) AS n', [surplus])).rows[0].n;
  },
  /** One problem within the scope, or null — absent and forbidden look the same. */
  async byId(q: Queryable, scope: Scope, id: number, forUpdate = false): Promise<ProblemRow | null> {
    if (forUpdate) {
      // lock the row first; aggregates cannot be selected FOR UPDATE
      const l = await q.query(`SELECT p.id FROM problems p WHERE p.id = $3 AND ${SCOPE('$1', '$2')} FOR UPDATE`, [
        scope.unitIds,
        scope.deptIds,
        id,
      ]);
      if (l.rowCount === 0) return null;
    }
    const r = await q.query<RawRow>(`${SELECT} WHERE p.id = $3 AND ${SCOPE('$1', '$2')}`, [scope.unitIds, scope.deptIds, id]);
    return r.rows[0] ? shape(r.rows[0]) : null;
  },

  /**
   * Moves the status when it is still `from`; false when someone moved it first.
   * Leaving a review (any status but closure_requested) clears the review step.
   */
  async setStatus(
    q: Queryable,
    id: number,
    from: ProblemStatus,
    to: ProblemStatus,
    now: Date,
    extra: { closureRequestedBy?: number | null; closedAt?: Date | null } = {},
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE problems SET status = $3::text, updated_at = $4::timestamptz,
              closure_requested_by = CASE WHEN $5::boolean THEN $6::int ELSE closure_requested_by END,
              closed_at = CASE WHEN $3::text = 'closed' THEN $4::timestamptz ELSE NULL END,
              review_step = CASE WHEN $3::text = 'closure_requested' THEN review_step ELSE NULL END,
              review_chain = CASE WHEN $3::text = 'closure_requested' THEN review_chain ELSE NULL END,
              review_approvers = CASE WHEN $3::text = 'closure_requested' THEN review_approvers ELSE '{}' END
        WHERE id = $1 AND status = $2`,
      [id, from, to, now, 'closureRequestedBy' in extra, extra.closureRequestedBy ?? null],
    );
    return r.rowCount === 1;
  },

  /** Opens a closure request on its chain's first step (the chain copied: later settings do not move it). */
  async startReview(q: Queryable, id: number, from: ProblemStatus, v: { by: number; chain: ReviewChain; now: Date }): Promise<boolean> {
    const r = await q.query(
      `UPDATE problems SET status = 'closure_requested', updated_at = $3, closure_requested_by = $4,
              review_step = 0, review_chain = $5::jsonb, review_approvers = '{}'
        WHERE id = $1 AND status = $2`,
      [id, from, v.now, v.by, JSON.stringify(v.chain)],
    );
    return r.rowCount === 1;
  },

  /**
   * Moves a waiting closure request from `step` to the next; false when another
   * reviewer moved it first (the step in the WHERE makes the second one lose).
   */
  async advanceReview(q: Queryable, id: number, step: number, v: { by: number; now: Date }): Promise<boolean> {
    const r = await q.query(
      `UPDATE problems SET review_step = $2 + 1, review_approvers = array_append(review_approvers, $3), updated_at = $4
        WHERE id = $1 AND status = 'closure_requested' AND COALESCE(review_step, 0) = $2`,
      [id, step, v.by, v.now],
    );
    return r.rowCount === 1;
  },

  /** Moves out of a review from `step` (approved at the last step, or returned); false when someone else decided first. */
  async finishReview(
    q: Queryable,
    id: number,
    step: number,
    to: ProblemStatus,
    v: { closureRequestedBy: number | null; now: Date },
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE problems SET status = $3::text, updated_at = $4::timestamptz, closure_requested_by = $5::int,
              closed_at = CASE WHEN $3::text = 'closed' THEN $4::timestamptz ELSE NULL END,
              review_step = NULL, review_chain = NULL, review_approvers = '{}'
        WHERE id = $1 AND status = 'closure_requested' AND COALESCE(review_step, 0) = $2`,
      [id, step, to, v.now, v.closureRequestedBy],
    );
    return r.rowCount === 1;
  },

  async insertTransition(
    q: Queryable,
    t: {
      problemId: number;
      action: string;
      from: ProblemStatus | null;
      to: ProblemStatus | null;
      actorId: number | null;
      reason: string | null;
      at: Date;
      detail?: unknown;
    },
  ): Promise<void> {
    const row = await q.query<SealedTransition>(
      `INSERT INTO transitions (problem_id, action, from_status, to_status, actor_id, reason, created_at, detail) VALUES ($1, $2,
        $3, $4, $5, $6, $7, $8::jsonb)
       RETURNING id, problem_id, action, from_status, to_status, actor_id, created_at`,
      [t.problemId, t.action, t.from, t.to, t.actorId, t.reason, t.at, t.detail == null ? null : JSON.stringify(t.detail)],
    );
    // the keyed seal lets `zhenggai verify` find a transition edited, added or deleted in the database
    await sealTransition(q, row.rows[0]);
  },

  async transitions(q: Queryable, problemId: number): Promise<TransitionRow[]> {
    return (await q.query<TransitionRow>(`${transitionsOf('$1')} ORDER BY ${TRANSITION_ORDER}`, [problemId])).rows;
  },

  async measures(q: Queryable, problemId: number): Promise<MeasureRow[]> {
    return (await q.query<MeasureRow>(`${measuresOf('$1')} ORDER BY ${MEASURE_ORDER}`, [problemId])).rows;
  },

  /**
   * The problem page in one statement (issue 12): the row within the scope with its measures, progress entries,
   * transitions and extension requests; null when absent or out of scope. Five statements cost five plans and,
   * on PGlite, five turns of the one queue.
   */
  async page(q: Queryable, scope: Scope, id: number): Promise<ProblemPageRows | null> {
    type Lists = { measures_json: unknown; progress_json: unknown; transitions_json: unknown; extensions_json: unknown };
    const r = await q.query<RawRow & Lists>(
      `SELECT ${COLUMNS},
              ${jsonRows(measuresOf('p.id'), MEASURE_ORDER)} AS measures_json,
              ${jsonRows(progressOf('p.id'), PROGRESS_ORDER)} AS progress_json,
              ${jsonRows(transitionsOf('p.id'), TRANSITION_ORDER)} AS transitions_json,
              ${jsonRows(extensionsOf('p.id'), EXTENSION_ORDER)} AS extensions_json
         FROM problems p ${JOINS} WHERE p.id = $3 AND ${SCOPE('$1', '$2')}`,
      [scope.unitIds, scope.deptIds, id],
      { prepare: true },
    );
    const found = r.rows[0];
    if (!found) return null;
    const { measures_json, progress_json, transitions_json, extensions_json, ...row } = found;
    return {
      row: shape(row as RawRow),
      measures: revive<MeasureRow>(measures_json, []),
      progress: revive<ProgressRow>(progress_json, PROGRESS_INSTANTS),
      transitions: revive<TransitionRow>(transitions_json, ['created_at']),
      extensions: revive<ExtensionRow>(extensions_json, EXTENSION_INSTANTS),
    };
  },

  async updatePlan(
    q: Queryable,
    id: number,
    v: {
      title?: string;
      description?: string;
      rectifyKind?: RectifyKind;
      leaderId?: number | null;
      leadDeptId?: number | null;
      deadline?: string;
    },
    now: Date,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id, now];
    const add = (col: string, val: unknown) => {
      params.push(val);
      sets.push(`${col} = $${params.length}`);
    };
    if (v.title !== undefined) add('title', v.title);
    if (v.description !== undefined) add('description', v.description);
    if (v.rectifyKind !== undefined) add('rectify_kind', v.rectifyKind);
    if (v.leaderId !== undefined) add('leader_id', v.leaderId);
    if (v.leadDeptId !== undefined) add('lead_dept_id', v.leadDeptId);
    if (v.deadline !== undefined) add('deadline', v.deadline);
    await q.query(`UPDATE problems SET updated_at = $2${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = $1`, params);
  },

  async setCooperators(q: Queryable, id: number, deptIds: number[]): Promise<void> {
    await q.query('DELETE FROM problem_cooperators WHERE problem_id = $1', [id]);
    if (deptIds.length)
      await q.query('INSERT INTO problem_cooperators (problem_id, dept_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [
        id,
        deptIds,
      ]);
  },

  async insert(
    q: Queryable,
    v: {
      inspectionId: number;
      unitId: number;
      parentId: number | null;
      level: number;
      label: string;
      title: string;
      description: string;
      rectifyKind?: RectifyKind | null;
      leadDeptId?: number | null;
      leaderId?: number | null;
      leaderName?: string | null;
      deadline?: string | null;
      status?: ProblemStatus;
      now: Date;
    },
  ): Promise<number> {
    const r = await q.query<{ id: number }>(
      `INSERT INTO problems (inspection_id, unit_id, parent_id, level, label, title, description, sort_order,
                             rectify_kind, lead_dept_id, leader_id, leader_name, deadline, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7,
               (SELECT COALESCE(max(sort_order), 0) + 1 FROM problems WHERE inspection_id = $1 AND parent_id IS NOT DISTINCT FROM $3::int),
               $8, $9, $10, $11, $12, $13, $14, $14)
       RETURNING id`,
      [
        v.inspectionId,
        v.unitId,
        v.parentId,
        v.level,
        v.label,
        v.title,
        v.description,
        v.rectifyKind ?? null,
        v.leadDeptId ?? null,
        v.leaderId ?? null,
        v.leaderName ?? null,
        v.deadline ?? null,
        v.status ?? 'pending',
        v.now,
      ],
    );
    if (v.parentId != null) await q.query('UPDATE problems SET child_count = child_count + 1 WHERE id = $1', [v.parentId]);
    return r.rows[0].id;
  },

  async node(q: Queryable, id: number): Promise<{ id: number; inspection_id: number; unit_id: number; level: number } | null> {
    return (
      (
        await q.query<{ id: number; inspection_id: number; unit_id: number; level: number }>(
          'SELECT id, inspection_id, unit_id, level FROM problems WHERE id = $1',
          [id],
        )
      ).rows[0] ?? null
    );
  },

  async insertMeasure(
    q: Queryable,
    v: { problemId: number; text: string; ownerDeptId: number | null; deadline: string | null; now: Date },
  ): Promise<number> {
    const r = await q.query<{ id: number }>(
      `INSERT INTO measures (problem_id, text, owner_dept_id, deadline, sort_order, created_at)
       VALUES ($1, $2, $3, $4, (SELECT COALESCE(max(sort_order), 0) + 1 FROM measures WHERE problem_id = $1), $5) RETURNING id`,
      [v.problemId, v.text, v.ownerDeptId, v.deadline, v.now],
    );
    await q.query('UPDATE problems SET measure_count = measure_count + 1 WHERE id = $1', [v.problemId]);
    return r.rows[0].id;
  },

  async measureById(q: Queryable, id: number): Promise<(MeasureRow & { problem_id: number }) | null> {
    return (
      (
        await q.query<MeasureRow & { problem_id: number }>(
          `SELECT m.id, m.problem_id, m.text, m.owner_dept_id, o.name AS owner_dept_name, m.deadline, m.status, m.status_reason,
            m.sort_order
         FROM measures m LEFT JOIN organizations o ON o.id = m.owner_dept_id WHERE m.id = $1`,
          [id],
        )
      ).rows[0] ?? null
    );
  },

  /**
   * Changes the fields given (undefined: unchanged). The status reason is kept
   * only with 不适用 and cleared with any other status.
   */
  async updateMeasure(
    q: Queryable,
    id: number,
    v: { text?: string; status?: MeasureStatus; statusReason?: string | null; ownerDeptId?: number | null; deadline?: string | null },
  ): Promise<void> {
    await q.query(
      `UPDATE measures SET text = COALESCE($2, text), status = COALESCE($3, status),
              owner_dept_id = CASE WHEN $4::boolean THEN $5::int ELSE owner_dept_id END,
              deadline = CASE WHEN $6::boolean THEN $7::date ELSE deadline END,
              status_reason = CASE WHEN $3::text IS NULL THEN status_reason WHEN $3::text = 'not_applicable' THEN $8::text ELSE NULL END
        WHERE id = $1`,
      [
        id,
        v.text ?? null,
        v.status ?? null,
        v.ownerDeptId !== undefined,
        v.ownerDeptId ?? null,
        v.deadline !== undefined,
        v.deadline ?? null,
        v.statusReason ?? null,
      ],
    );
  },

  /** The latest measure deadline of a problem (a first deadline may not fall before it). */
  async latestMeasureDeadline(q: Queryable, problemId: number): Promise<string | null> {
    return (await q.query<{ d: string | null }>('SELECT max(deadline)::text AS d FROM measures WHERE problem_id = $1', [problemId])).rows[0]
      .d;
  },

  /** Names of departments by id (for the before/after of a plan change). */
  async orgNames(q: Queryable, ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const r = await q.query<{ id: number; name: string }>('SELECT id, name FROM organizations WHERE id = ANY($1::int[])', [ids]);
    return new Map(r.rows.map((x) => [x.id, x.name]));
  },

  async userName(q: Queryable, id: number): Promise<string | null> {
    return (await q.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [id])).rows[0]?.display_name ?? null;
  },

  /** Departments given belong to the unit (guards plan edits against foreign ids). */
  async deptsInUnit(q: Queryable, unitId: number, ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    return (
      await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM organizations WHERE kind = 'department' AND unit_id = $1 AND id = ANY($2::int[])`,
        [unitId, ids],
      )
    ).rows[0].n;
  },

  async leaderInUnit(q: Queryable, unitId: number, userId: number): Promise<boolean> {
    return (
      (await q.query(`SELECT 1 FROM memberships WHERE user_id = $1 AND org_id = $2 AND role = 'leader'`, [userId, unitId])).rowCount > 0
    );
  },
};
