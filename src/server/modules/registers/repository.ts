/**
 * All SQL of the registers. Rows come back as stored; the service scopes them (an entry is visible when its
 * round is) and the presenter withholds personal data. Lists are per round and small (tens to a few hundred
 * entries), so they are not paged.
 */
import { limitOffset, type PageQuery } from '../../lib/paging.js';
import type { Queryable } from '../../db/index.js';
import { ACCOUNTABILITY_FORMS, categoryOf, trackOf, type TotalsInput, type WorkEventSummary } from '../../../domain/registers/index.js';
import type {
  AccountabilityQuery,
  AccountabilityUpdateBody,
  ClueQuery,
  ClueUpdateBody,
  RuleQuery,
  RuleUpdateBody,
  WorkEventQuery,
  WorkEventUpdateBody,
} from '../../../domain/schemas/registers.js';

export interface LinkedProblemRow {
  id: number;
  label: string;
  title: string;
}
export interface FileRow {
  id: number;
  filename: string;
  mime: string;
  size: number;
  digest: string;
}

interface Stamped {
  id: number;
  inspection_id: number;
  unit_id: number;
  created_at: Date;
  updated_at: Date;
}

/** A name as stored (names.ts): SM4 ciphertext and blind index, both null for an entry without a name. */
export interface SealedName {
  enc: string | null;
  index: string | null;
}

export interface AccountabilityRow extends Stamped {
  count_as: 'person' | 'matter';
  /** Only in rows not yet sealed (written before names were encrypted, or by the demo loader); see names.ts. */
  person_name: string | null;
  /** The name, SM4 ciphertext of the field encryption. */
  person_name_enc: string | null;
  /** The name's blind index (HMAC-SM3 of the normalised name). */
  person_name_index: string | null;
  position: string;
  rank: string;
  form: (typeof ACCOUNTABILITY_FORMS)[number];
  transferred_to_judicial: boolean;
  decision_date: string;
  deciding_body: string;
  reason: string;
  problems: LinkedProblemRow[];
}

export interface RuleRow extends Stamped {
  title: string;
  action: 'made' | 'revised' | 'abolished';
  doc_number: string;
  issued_date: string;
  issuing_body: string;
  note: string;
  problems: LinkedProblemRow[];
  files: FileRow[];
}

export interface ClueRow extends Stamped {
  clue_number: string;
  received_date: string;
  summary: string;
  handed_to: 'discipline' | 'organisation' | 'other';
  handed_to_name: string;
  disposal: 'inquiry' | 'preliminary' | 'case' | 'shelved' | 'concluded_off' | null;
  status: 'received' | 'in_progress' | 'concluded';
  result: string;
  concluded_date: string | null;
}

export interface WorkEventRow extends Stamped {
  kind: WorkEventSummary['kind'];
  meeting_kind: WorkEventSummary['meetingKind'];
  event_date: string;
  title: string;
  chair: string | null;
  members: string[];
  detail: string;
  files: FileRow[];
}

/** A stored register file and the entry it belongs to. */
export interface RegisterFileRow extends FileRow {
  unit_id: number;
  rule_id: number | null;
  event_id: number | null;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const PROBLEMS_OF = (table: string, key: string, owner: string) => `COALESCE((
  SELECT json_agg(json_build_object('id', p.id, 'label', p.label, 'title', p.title) ORDER BY p.sort_order, p.id)
    FROM ${table} l JOIN problems p ON p.id = l.problem_id WHERE l.${key} = ${owner}.id), '[]'::json) AS problems`;

const FILES_OF = (key: string, owner: string) => `COALESCE((
  SELECT json_agg(json_build_object('id', f.id, 'filename', f.filename, 'mime', f.mime, 'size', f.size, 'digest', f.digest) ORDER BY f.id)
    FROM register_files f WHERE f.${key} = ${owner}.id), '[]'::json) AS files`;

const ACC_SELECT = `SELECT a.*, ${PROBLEMS_OF('accountability_problems', 'entry_id', 'a')} FROM accountability_entries a`;
const RULE_SELECT = `SELECT r.*, ${PROBLEMS_OF('rule_problems', 'rule_id', 'r')}, ${FILES_OF('rule_id', 'r')} FROM rules r`;
const CLUE_SELECT = 'SELECT c.* FROM clues c';
const EVENT_SELECT = `SELECT e.*, ${FILES_OF('event_id', 'e')} FROM work_events e`;

/** Builds positional parameters for an optional-filter WHERE clause. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(sql: (p: (v: unknown) => string) => string): void {
    this.clauses.push(
      sql((v) => {
        this.params.push(v);
        return `$${this.params.length}`;
      }),
    );
  }
  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** A page of a register's list, in `order`, with the count of all its matches (issue 12: every list pages). */
async function paged<T extends object>(
  q: Queryable,
  v: { select: string; from: string; w: Where; order: string; page: PageQuery },
): Promise<{ rows: T[]; total: number }> {
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${v.from} ${v.w}`, v.w.params)).rows[0].n;
  const { limit, offset } = limitOffset(v.page);
  const n = v.w.params.length;
  const sql = `${v.select} ${v.w} ORDER BY ${v.order} LIMIT $${n + 1} OFFSET $${n + 2}`;
  return { rows: (await q.query<T>(sql, [...v.w.params, limit, offset])).rows, total };
}

export const registerRepo = {
  /** How many of `ids` are problems of the round (all of them when the links are valid). */
  async problemsInInspection(q: Queryable, inspectionId: number, ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    return (
      await q.query<{ n: number }>('SELECT count(*)::int AS n FROM problems WHERE inspection_id = $1 AND id = ANY($2::int[])', [
        inspectionId,
        ids,
      ])
    ).rows[0].n;
  },

  /** The first leaf problems of a round in ledger order (the demo links its entries to them). */
  async leafProblems(q: Queryable, inspectionId: number, limit: number): Promise<number[]> {
    return (
      await q.query<{ id: number }>(
        'SELECT id FROM problems WHERE inspection_id = $1 AND child_count = 0 AND level > 1 ORDER BY id LIMIT $2',
        [inspectionId, limit],
      )
    ).rows.map((r) => r.id);
  },

  // ———— accountability ————

  /**
   * `nameIndex`: the blind index of the search term as a whole name, given only to those who may read names
   * (names are encrypted: an exact name is found through its index, never a part of one — see names.ts).
   */
  async accountabilityList(q: Queryable, f: AccountabilityQuery, nameIndex: string | null) {
    const w = new Where();
    w.add((p) => `a.inspection_id = ${p(f.inspectionId)}`);
    if (f.form) w.add((p) => `a.form = ${p(f.form)}`);
    if (f.track) w.add((p) => `a.form = ANY(${p(ACCOUNTABILITY_FORMS.filter((x) => trackOf(x) === f.track))}::text[])`);
    if (f.category) {
      const c = Number(f.category);
      // the category is derived, not stored: the fourth is an expulsion transferred, the others are their forms untransferred
      if (c === 4) w.add(() => 'a.transferred_to_judicial');
      else
        w.add(
          (p) => `NOT a.transferred_to_judicial AND a.form = ANY(${p(ACCOUNTABILITY_FORMS.filter((x) => categoryOf(x) === c))}::text[])`,
        );
    }
    if (f.countAs) w.add((p) => `a.count_as = ${p(f.countAs)}`);
    if (f.problemId)
      w.add((p) => `EXISTS (SELECT 1 FROM accountability_problems l WHERE l.entry_id = a.id AND l.problem_id = ${p(f.problemId)})`);
    if (f.q) {
      // names, positions and reasons are searched only for those who may read them, or a search would reveal them
      if (nameIndex)
        w.add(
          (p) =>
            `((a.deciding_body || ' ' || a.position || ' ' || a.reason) ILIKE ${p(like(f.q!))} OR a.person_name_index = ${p(nameIndex)})`,
        );
      else w.add((p) => `a.deciding_body ILIKE ${p(like(f.q!))}`);
    }
    return paged<AccountabilityRow>(q, {
      select: ACC_SELECT,
      from: 'accountability_entries a',
      w,
      order: 'a.decision_date, a.id',
      page: f,
    });
  },
  async accountabilityById(q: Queryable, id: number, forUpdate = false): Promise<AccountabilityRow | null> {
    // FOR UPDATE cannot lock a row of an aggregate subquery's result; lock the entry itself first
    if (forUpdate) await q.query('SELECT id FROM accountability_entries WHERE id = $1 FOR UPDATE', [id]);
    return (await q.query<AccountabilityRow>(`${ACC_SELECT} WHERE a.id = $1`, [id])).rows[0] ?? null;
  },
  /**
   * `name`: the name sealed by names.ts. Without it (the demo loader, which has no configuration) the name goes
   * to the old plain column and `sealPlainNames` encrypts it when the server or a trust command opens the database.
   */
  async accountabilityInsert(
    q: Queryable,
    v: AccountabilityUpdateBody & { inspectionId: number; unitId: number; by: number; at: Date },
    name?: SealedName,
  ): Promise<number> {
    const id = (
      await q.query<{ id: number }>(
        `INSERT INTO accountability_entries (inspection_id, unit_id, count_as, person_name, position, rank, form, transferred_to_judicial,
         decision_date, deciding_body, reason, created_by, created_at, updated_at, person_name_enc, person_name_index)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15) RETURNING id`,
        [
          v.inspectionId,
          v.unitId,
          v.countAs,
          name ? null : (v.personName ?? null),
          v.position,
          v.rank,
          v.form,
          v.transferredToJudicial,
          v.decisionDate,
          v.decidingBody,
          v.reason,
          v.by,
          v.at,
          name?.enc ?? null,
          name?.index ?? null,
        ],
      )
    ).rows[0].id;
    await setLinks(q, 'accountability_problems', 'entry_id', id, v.problemIds);
    return id;
  },
  async accountabilityUpdate(q: Queryable, id: number, v: AccountabilityUpdateBody, name: SealedName, at: Date): Promise<void> {
    await q.query(
      `UPDATE accountability_entries SET count_as = $2, person_name = NULL, person_name_enc = $3, person_name_index = $12, position = $4,
         rank = $5, form = $6, transferred_to_judicial = $7, decision_date = $8, deciding_body = $9, reason = $10, updated_at = $11
       WHERE id = $1`,
      [
        id,
        v.countAs,
        name.enc,
        v.position,
        v.rank,
        v.form,
        v.transferredToJudicial,
        v.decisionDate,
        v.decidingBody,
        v.reason,
        at,
        name.index,
      ],
    );
    await setLinks(q, 'accountability_problems', 'entry_id', id, v.problemIds);
  },
  /** Every entry with a name, plain or sealed, locked (names.ts `sealPlainNames`). */
  async namedEntries(
    q: Queryable,
  ): Promise<{ id: number; person_name: string | null; person_name_enc: string | null; person_name_index: string | null }[]> {
    return (
      await q.query<{ id: number; person_name: string | null; person_name_enc: string | null; person_name_index: string | null }>(
        `SELECT id, person_name, person_name_enc, person_name_index FROM accountability_entries
          WHERE person_name IS NOT NULL OR person_name_enc IS NOT NULL ORDER BY id FOR UPDATE`,
      )
    ).rows;
  },
  async setSealedName(q: Queryable, id: number, name: SealedName): Promise<void> {
    await q.query('UPDATE accountability_entries SET person_name = NULL, person_name_enc = $2, person_name_index = $3 WHERE id = $1', [
      id,
      name.enc,
      name.index,
    ]);
  },
  async setNameIndex(q: Queryable, id: number, index: string): Promise<void> {
    await q.query('UPDATE accountability_entries SET person_name_index = $2 WHERE id = $1', [id, index]);
  },
  async accountabilityDelete(q: Queryable, id: number): Promise<void> {
    await q.query('DELETE FROM accountability_entries WHERE id = $1', [id]);
  },

  // ———— rules ————

  async ruleList(q: Queryable, f: RuleQuery) {
    const w = new Where();
    w.add((p) => `r.inspection_id = ${p(f.inspectionId)}`);
    if (f.action) w.add((p) => `r.action = ${p(f.action)}`);
    if (f.problemId) w.add((p) => `EXISTS (SELECT 1 FROM rule_problems l WHERE l.rule_id = r.id AND l.problem_id = ${p(f.problemId)})`);
    if (f.q) w.add((p) => `(r.title || ' ' || r.doc_number || ' ' || r.issuing_body) ILIKE ${p(like(f.q!))}`);
    return paged<RuleRow>(q, { select: RULE_SELECT, from: 'rules r', w, order: 'r.issued_date, r.id', page: f });
  },
  async ruleById(q: Queryable, id: number, forUpdate = false): Promise<RuleRow | null> {
    if (forUpdate) await q.query('SELECT id FROM rules WHERE id = $1 FOR UPDATE', [id]);
    return (await q.query<RuleRow>(`${RULE_SELECT} WHERE r.id = $1`, [id])).rows[0] ?? null;
  },
  async ruleInsert(q: Queryable, v: RuleUpdateBody & { inspectionId: number; unitId: number; by: number; at: Date }): Promise<number> {
    const id = (
      await q.query<{ id: number }>(
        `INSERT INTO rules (inspection_id, unit_id, title, action, doc_number, issued_date, issuing_body, note,
           created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
        [v.inspectionId, v.unitId, v.title, v.action, v.docNumber, v.issuedDate, v.issuingBody, v.note, v.by, v.at],
      )
    ).rows[0].id;
    await setLinks(q, 'rule_problems', 'rule_id', id, v.problemIds);
    return id;
  },
  async ruleUpdate(q: Queryable, id: number, v: RuleUpdateBody, at: Date): Promise<void> {
    await q.query(
      `UPDATE rules SET title = $2, action = $3, doc_number = $4, issued_date = $5, issuing_body = $6, note = $7, updated_at = $8
        WHERE id = $1`,
      [id, v.title, v.action, v.docNumber, v.issuedDate, v.issuingBody, v.note, at],
    );
    await setLinks(q, 'rule_problems', 'rule_id', id, v.problemIds);
  },
  async ruleDelete(q: Queryable, id: number): Promise<void> {
    await q.query('DELETE FROM rules WHERE id = $1', [id]);
  },

  // ———— clues ————

  async clueList(q: Queryable, f: ClueQuery) {
    const w = new Where();
    w.add((p) => `c.inspection_id = ${p(f.inspectionId)}`);
    if (f.status) w.add((p) => `c.status = ${p(f.status)}`);
    if (f.disposal) w.add((p) => `c.disposal = ${p(f.disposal)}`);
    if (f.handedTo) w.add((p) => `c.handed_to = ${p(f.handedTo)}`);
    return paged<ClueRow>(q, { select: CLUE_SELECT, from: 'clues c', w, order: 'c.received_date, c.id', page: f });
  },
  async clueById(q: Queryable, id: number, forUpdate = false): Promise<ClueRow | null> {
    return (await q.query<ClueRow>(`${CLUE_SELECT} WHERE c.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])).rows[0] ?? null;
  },
  async clueInsert(q: Queryable, v: ClueUpdateBody & { inspectionId: number; unitId: number; by: number; at: Date }): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO clues (inspection_id, unit_id, clue_number, received_date, summary, handed_to, handed_to_name, disposal, status,
           result,
         concluded_date, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
        [
          v.inspectionId,
          v.unitId,
          v.clueNumber,
          v.receivedDate,
          v.summary,
          v.handedTo,
          v.handedToName,
          v.disposal,
          v.status,
          v.result,
          v.concludedDate,
          v.by,
          v.at,
        ],
      )
    ).rows[0].id;
  },
  async clueUpdate(q: Queryable, id: number, v: ClueUpdateBody, at: Date): Promise<void> {
    await q.query(
      `UPDATE clues SET clue_number = $2, received_date = $3, summary = $4, handed_to = $5, handed_to_name = $6, disposal = $7, status = $8,
         result = $9, concluded_date = $10, updated_at = $11 WHERE id = $1`,
      [id, v.clueNumber, v.receivedDate, v.summary, v.handedTo, v.handedToName, v.disposal, v.status, v.result, v.concludedDate, at],
    );
  },
  async clueDelete(q: Queryable, id: number): Promise<void> {
    await q.query('DELETE FROM clues WHERE id = $1', [id]);
  },

  // ———— work events ————

  async eventList(q: Queryable, f: WorkEventQuery) {
    const w = new Where();
    w.add((p) => `e.inspection_id = ${p(f.inspectionId)}`);
    if (f.kind) w.add((p) => `e.kind = ${p(f.kind)}`);
    return paged<WorkEventRow>(q, { select: EVENT_SELECT, from: 'work_events e', w, order: 'e.event_date, e.id', page: f });
  },
  /** Every work event of a round, in date order (the totals of a report: a handful, not a list people page). */
  async eventsOf(q: Queryable, inspectionId: number): Promise<WorkEventRow[]> {
    return (await q.query<WorkEventRow>(`${EVENT_SELECT} WHERE e.inspection_id = $1 ORDER BY e.event_date, e.id`, [inspectionId])).rows;
  },
  async eventById(q: Queryable, id: number, forUpdate = false): Promise<WorkEventRow | null> {
    if (forUpdate) await q.query('SELECT id FROM work_events WHERE id = $1 FOR UPDATE', [id]);
    return (await q.query<WorkEventRow>(`${EVENT_SELECT} WHERE e.id = $1`, [id])).rows[0] ?? null;
  },
  async eventInsert(
    q: Queryable,
    v: WorkEventUpdateBody & { inspectionId: number; unitId: number; by: number; at: Date },
  ): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO work_events (inspection_id, unit_id, kind, meeting_kind, event_date, title, chair, members, detail,
           created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $11) RETURNING id`,
        [
          v.inspectionId,
          v.unitId,
          v.kind,
          v.meetingKind,
          v.date,
          v.title,
          v.chair || null,
          JSON.stringify(v.members),
          v.detail,
          v.by,
          v.at,
        ],
      )
    ).rows[0].id;
  },
  async eventUpdate(q: Queryable, id: number, v: WorkEventUpdateBody, at: Date): Promise<void> {
    await q.query(
      `UPDATE work_events SET kind = $2, meeting_kind = $3, event_date = $4, title = $5, chair = $6, members = $7::jsonb, detail = $8,
           updated_at = $9
        WHERE id = $1`,
      [id, v.kind, v.meetingKind, v.date, v.title, v.chair || null, JSON.stringify(v.members), v.detail, at],
    );
  },
  async eventDelete(q: Queryable, id: number): Promise<void> {
    await q.query('DELETE FROM work_events WHERE id = $1', [id]);
  },

  // ———— files ————

  async fileInsert(
    q: Queryable,
    v: {
      unitId: number;
      ruleId: number | null;
      eventId: number | null;
      digest: string;
      filename: string;
      mime: string;
      size: number;
      by: number;
      at: Date;
    },
  ): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO register_files (unit_id, rule_id, event_id, digest, filename, mime, size, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [v.unitId, v.ruleId, v.eventId, v.digest, v.filename, v.mime, v.size, v.by, v.at],
      )
    ).rows[0].id;
  },
  async fileById(q: Queryable, id: number): Promise<RegisterFileRow | null> {
    return (
      (
        await q.query<RegisterFileRow>(
          'SELECT id, unit_id, rule_id, event_id, digest, filename, mime, size FROM register_files WHERE id = $1',
          [id],
        )
      ).rows[0] ?? null
    );
  },
  async fileDelete(q: Queryable, id: number): Promise<void> {
    await q.query('DELETE FROM register_files WHERE id = $1', [id]);
  },

  // ———— totals ————

  /** The facts the totals are computed from: forms, actions, disposals and kinds, never names. */
  async totalsInput(q: Queryable, inspectionId: number): Promise<TotalsInput> {
    // one after another: inside the caller's transaction the four reads see one snapshot, and a pool is not fanned out
    const acc = await q.query<{ form: AccountabilityRow['form']; count_as: 'person' | 'matter'; transferred_to_judicial: boolean }>(
      'SELECT form, count_as, transferred_to_judicial FROM accountability_entries WHERE inspection_id = $1',
      [inspectionId],
    );
    const rules = await q.query<{ action: RuleRow['action'] }>('SELECT action FROM rules WHERE inspection_id = $1', [inspectionId]);
    const clues = await q.query<{ disposal: ClueRow['disposal']; status: ClueRow['status'] }>(
      'SELECT disposal, status FROM clues WHERE inspection_id = $1',
      [inspectionId],
    );
    const events = await q.query<{ kind: WorkEventRow['kind']; meeting_kind: WorkEventRow['meeting_kind'] }>(
      'SELECT kind, meeting_kind FROM work_events WHERE inspection_id = $1',
      [inspectionId],
    );
    return {
      inspectionId,
      accountability: acc.rows.map((r) => ({ form: r.form, countAs: r.count_as, transferredToJudicial: r.transferred_to_judicial })),
      rules: rules.rows.map((r) => ({ action: r.action })),
      clues: clues.rows.map((r) => ({ disposal: r.disposal, status: r.status })),
      events: events.rows.map((r) => ({ kind: r.kind, meetingKind: r.meeting_kind })),
    };
  },
};

/** Replaces the problem links of an entry. */
async function setLinks(
  q: Queryable,
  table: 'accountability_problems' | 'rule_problems',
  key: 'entry_id' | 'rule_id',
  id: number,
  problemIds: number[],
) {
  await q.query(`DELETE FROM ${table} WHERE ${key} = $1`, [id]);
  if (problemIds.length) {
    await q.query(`INSERT INTO ${table} (${key}, problem_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`, [
      id,
      [...new Set(problemIds)],
    ]);
  }
}
