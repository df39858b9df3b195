/**
 * The server side of `npm run bench:scale`: the real app (`serve`, as `npx zhenggai serve` runs it) and,
 * on a second port of the same process, a bare Fastify whose routes each run ONE hand-written SQL
 * statement over the same database handle and return the same rows as the app's route. The bare
 * routes take their scope from the query string (no session, no policy, no presenter): the distance
 * between the two is what the app's own layers cost.
 *
 * Prints one line `READY {"app": url, "bare": url, "pid": n}` on stdout when both listen.
 */
import Fastify from 'fastify';
import { serve } from '../src/server/serve.js';
import type { Db } from '../src/server/db/index.js';

const LEDGER_COLUMNS = `p.id, p.inspection_id, p.unit_id, uo.name AS unit_name, p.parent_id, p.level, p.label, p.title,
  p.description, p.rectify_kind, COALESCE(lu.display_name, p.leader_name) AS leader_name, p.lead_dept_id, ld.name AS lead_dept_name,
  p.deadline, p.status, p.updated_at, p1.label AS p1_label, p1.title AS p1_title, p2.label AS p2_label, p2.title AS p2_title`;
const LEDGER_FROM = `FROM problems p
  LEFT JOIN problems p1 ON p1.id = p.parent_id
  LEFT JOIN problems p2 ON p2.id = p1.parent_id
  JOIN organizations uo ON uo.id = p.unit_id
  LEFT JOIN organizations ld ON ld.id = p.lead_dept_id
  LEFT JOIN users lu ON lu.id = p.leader_id`;

/** The ledger's default order: the round, then the stored tree key (migration 20261208000200), then the id. */
const TREE_ORDER = 'p.inspection_id, p.tree_key, p.id';

function bigrams(term: string): string {
  const c = [...term.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')];
  const grams = new Set<string>();
  for (let i = 0; i < c.length - 1; i++) grams.add(c[i] + c[i + 1]);
  return [...grams].map((g) => `'${g.replace(/'/g, "''")}'`).join(' & ');
}

function like(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type Q = Record<string, string | undefined>;
const num = (v: string | undefined) => (v == null || v === '' ? null : Number(v));

/** One hand-written statement per figure of the benchmark. */
const ROUTES: Record<string, (db: Db, q: Q) => Promise<unknown>> = {
  // setup, not measured: one trivial statement, which waits its turn behind whatever the database still has queued
  async ping(db) {
    await db.query('SELECT 1');
    return { ok: true };
  },
  // setup, not measured: the sort key of the row at an offset of the office's ledger (the bare deep page starts after it)
  async 'key-at'(db, q) {
    const r = await db.query<{ key: string }>(
      `SELECT json_build_array(p.inspection_id, p.tree_key, p.id)::text AS key
         FROM problems p WHERE p.child_count = 0 ORDER BY ${TREE_ORDER} OFFSET $1 LIMIT 1`,
      [num(q.offset) ?? 0],
    );
    return { key: r.rows[0]?.key ?? null };
  },
  // a page of leaves in tree order, optionally one unit's, optionally after a key (keyset), optionally a status filter
  async ledger(db, q) {
    const r = await db.query(
      `SELECT ${LEDGER_COLUMNS} ${LEDGER_FROM}
        WHERE p.child_count = 0 AND ($1::int IS NULL OR p.unit_id = $1) AND ($2::text IS NULL OR p.status = $2)
          AND ($3::jsonb IS NULL OR (p.inspection_id, p.tree_key, p.id) >
               (($3::jsonb->>0)::int, ARRAY(SELECT jsonb_array_elements_text($3::jsonb->1))::int[], ($3::jsonb->>2)::int))
        ORDER BY ${TREE_ORDER} LIMIT 50`,
      [num(q.unit), q.status ?? null, q.after ?? null],
    );
    return r.rows;
  },
  // the problem's own text matches every bigram and the term itself
  async search(db, q) {
    const term = q.q ?? '';
    const r = await db.query(
      `SELECT ${LEDGER_COLUMNS} ${LEDGER_FROM}
        WHERE p.child_count = 0 AND ($1::int IS NULL OR p.unit_id = $1)
          AND p.search @@ to_tsquery('simple', $2) AND (p.title || ' ' || p.description) ILIKE $3
        ORDER BY ${TREE_ORDER} LIMIT 50`,
      [num(q.unit), bigrams(term), like(term)],
    );
    return r.rows;
  },
  // the newest progress entries that contain the term, with their problem's title
  async progress(db, q) {
    const term = q.q ?? '';
    const r = await db.query(
      `SELECT e.id, e.problem_id, p.title, e.text, e.created_at
         FROM progress_entries e JOIN problems p ON p.id = e.problem_id
        WHERE e.search @@ to_tsquery('simple', $1) AND e.text ILIKE $2 AND ($3::int IS NULL OR p.unit_id = $3)
        ORDER BY e.created_at DESC LIMIT 50`,
      [bigrams(term), like(term), num(q.unit)],
    );
    return r.rows;
  },
  // a unit's counts by status (the dashboard's headline numbers)
  async dashboard(db, q) {
    const r = await db.query(
      `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE deadline < CURRENT_DATE AND status <> 'closed')::int AS overdue
         FROM problems WHERE unit_id = $1 AND child_count = 0 GROUP BY status`,
      [num(q.unit)],
    );
    return r.rows;
  },
  // every unit's counts (the office's board)
  async board(db) {
    const r = await db.query(
      `SELECT o.id, o.name, count(p.id)::int AS total, count(p.id) FILTER (WHERE p.status = 'closed')::int AS closed,
              count(p.id) FILTER (WHERE p.deadline < CURRENT_DATE AND p.status <> 'closed')::int AS overdue
         FROM organizations o LEFT JOIN problems p ON p.unit_id = o.id AND p.child_count = 0
        WHERE o.kind = 'unit' GROUP BY o.id, o.name ORDER BY o.id`,
    );
    return r.rows;
  },
  // one problem with its measures and its latest progress
  async problem(db, q) {
    const r = await db.query(
      `SELECT p.*, (SELECT json_agg(m ORDER BY m.sort_order) FROM measures m WHERE m.problem_id = p.id) AS measures,
              (SELECT json_agg(e) FROM (SELECT id, text, created_at FROM progress_entries WHERE problem_id = p.id
                                         ORDER BY created_at DESC LIMIT 20) e) AS progress
         FROM problems p WHERE p.id = $1`,
      [num(q.id)],
    );
    return r.rows[0] ?? null;
  },
};

const { db } = await serve({ ...process.env, SCHEDULER: process.env.SCHEDULER ?? 'false' }).then(async (s) => {
  const bare = Fastify({ logger: false });
  for (const [name, run] of Object.entries(ROUTES)) bare.get(`/bare/${name}`, async (req) => run(s.db, req.query as Q));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const addr = bare.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  console.log(`READY ${JSON.stringify({ app: s.url, bare: `http://127.0.0.1:${port}`, pid: process.pid })}`);
  const stop = async () => {
    await bare.close();
    await s.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  return s;
});
void db;
