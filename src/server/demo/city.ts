/**
 * `zhenggai demo --scale city`: resets the database and loads a city — by
 * default 200 units of 8 departments, 2 inspection rounds each, 100,000 leaf
 * problems under aspects and themes, 1–4 measures each, 1,000,000 progress
 * entries with evidence references, transitions consistent with every status,
 * registers, supervision orders and the day's reminders — fast enough to
 * benchmark the system at the scale of a city (issue 12).
 *
 * How it stays fast and still right:
 *  - every row is planned in memory with its id (seeded generator: the same city
 *    on every run), so rows refer to each other without round trips, and the
 *    counters and denormalised columns of a problem (child_count, measure_count,
 *    progress_count, evidence_count, last_progress_at, closed_at, the review
 *    chain) are written with the row instead of being updated once per child;
 *  - rows go in batched `INSERT … SELECT FROM unnest(…)` statements, each batch
 *    its own short transaction, the next batch generated while one is written;
 *  - the GIN search indexes (bigrams of problems, measures, progress) are dropped
 *    and rebuilt after the load from their own definitions: measured on PGlite, a
 *    rebuild costs ~40 s where inserting into them cost ~0.24 ms a progress row;
 *  - the business seals `verify` checks are computed by the audit module's own
 *    seal functions against a collecting handle (see `sealsOf`), then inserted in
 *    bulk with the rows they seal;
 *  - one password is hashed once (argon2 per account would take minutes);
 *  - registers, supervision orders and reminders, a few thousand rows, go through
 *    their modules' repository functions and the daily evaluation, so they are
 *    written exactly as the application writes them.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Queryable } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { beijingDate } from '../lib/clock.js';
import type { Config } from '../config.js';
import { writeAudit } from '../modules/audit/service.js';
import { sealProgress, sealTransition } from '../modules/audit/integrity.js';
import { auditKeysOf } from '../modules/audit/keys.js';
import { openTrust } from '../modules/audit/trust.js';
import { sealPlainNames } from '../modules/registers/names.js';
import { hashPassword } from '../modules/auth/service.js';
import { putBlob } from '../modules/progress/store.js';
import { registerRepo } from '../modules/registers/repository.js';
import { orderRepo } from '../modules/supervision/repository.js';
import { evaluateDay } from '../jobs/evaluate.js';
import { DEFAULT_CLOSURE_CHAIN, DEFAULT_EXTENSION_CHAIN, type ProblemStatus, type RectifyKind } from '../../domain/workflow/index.js';
import { demoRepo } from './repository.js';
import { cityRepo, type ColumnSpec } from './city-repository.js';
import { DEMO_PASSWORD } from './load.js';
import * as T from './city-text.js';

export interface CityOptions {
  units?: number;
  problems?: number;
  progress?: number;
  seed?: number;
  /** Rows per insert statement (and transaction) of the big tables. */
  batch?: number;
  /** Drop the GIN search indexes of the loaded tables before the load and build them after (default true: measured faster). */
  rebuildSearchIndexes?: boolean;
  /** Called as rows are written (the command draws a progress bar from it). */
  onProgress?: (e: ProgressEvent) => void;
}

export interface ProgressEvent {
  phase: string;
  done: number;
  total: number;
}

export interface PhaseReport {
  phase: string;
  rows: number;
  ms: number;
}

export interface CityReport {
  counts: Record<string, number>;
  phases: PhaseReport[];
  ms: number;
  /** Accounts that can sign in (all with the demo password). */
  accounts: { office: string; unitAdmin: string; leader: string; handler: string };
}

export const CITY_DEFAULTS = { units: 200, problems: 100_000, progress: 1_000_000 } as const;
const DEPTS_PER_UNIT = 8;
const ROUNDS_PER_UNIT = 2;
const DAY = 86_400_000;
const HOUR = 3_600_000;

const pad3 = (n: number) => String(n).padStart(3, '0');

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
/** An instant on a Beijing date, `hours` after its midnight. */
function onDay(iso: string, hours: number): number {
  return Date.parse(`${iso}T00:00:00+08:00`) + hours * HOUR;
}
const iso = (ms: number) => new Date(ms).toISOString();

// ---- evidence files ------------------------------------------------------------------------------

// A 1×1 PNG, a one-page PDF and a short text: real files of the accepted kinds, stored once and referred to by many rows.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const TXT = Buffer.from('整改工作记录\n\n已按整改方案完成阶段性工作，相关台账已归档备查。\n', 'utf8');
const FILES = [
  { bytes: PNG, filename: '现场照片.png', mime: 'image/png' },
  { bytes: PDF, filename: '整改报告.pdf', mime: 'application/pdf' },
  { bytes: TXT, filename: '工作记录.txt', mime: 'text/plain' },
];

// ---- column specs of the bulk inserts -------------------------------------------------------------

const ORGS: ColumnSpec = [
  ['id', 'int'],
  ['parent_id', 'int'],
  ['kind', 'text'],
  ['name', 'text'],
  ['unit_id', 'int'],
  ['created_at', 'timestamptz'],
];
const USERS: ColumnSpec = [
  ['id', 'int'],
  ['username', 'text'],
  ['display_name', 'text'],
  ['password_hash', 'text'],
  ['password_changed_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
];
const MEMBERSHIPS: ColumnSpec = [
  ['user_id', 'int'],
  ['org_id', 'int'],
  ['role', 'text'],
];
const INSPECTIONS: ColumnSpec = [
  ['id', 'int'],
  ['unit_id', 'int'],
  ['kind', 'text'],
  ['title', 'text'],
  ['body', 'text'],
  ['onsite_start', 'date'],
  ['onsite_end', 'date'],
  ['feedback_date', 'date'],
  ['plan_due', 'date'],
  ['report_due', 'date'],
  ['created_by', 'int'],
  ['created_at', 'timestamptz'],
];
const PROBLEMS: ColumnSpec = [
  ['id', 'int'],
  ['inspection_id', 'int'],
  ['unit_id', 'int'],
  ['parent_id', 'int'],
  ['level', 'smallint'],
  ['label', 'text'],
  ['title', 'text'],
  ['description', 'text'],
  ['sort_order', 'int'],
  ['rectify_kind', 'text'],
  ['leader_id', 'int'],
  ['leader_name', 'text'],
  ['lead_dept_id', 'int'],
  ['deadline', 'date'],
  ['status', 'text'],
  ['closure_requested_by', 'int'],
  ['closed_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['review_chain', 'jsonb'],
  ['review_step', 'smallint'],
  ['child_count', 'int'],
  ['measure_count', 'int'],
  ['progress_count', 'int'],
  ['evidence_count', 'int'],
  ['last_progress_at', 'timestamptz'],
  ['is_key', 'bool'],
  ['key_leader_id', 'int'],
  ['key_marked_at', 'timestamptz'],
];
const COOPERATORS: ColumnSpec = [
  ['problem_id', 'int'],
  ['dept_id', 'int'],
];
const MEASURES: ColumnSpec = [
  ['id', 'int'],
  ['problem_id', 'int'],
  ['text', 'text'],
  ['owner_dept_id', 'int'],
  ['deadline', 'date'],
  ['status', 'text'],
  ['sort_order', 'int'],
  ['created_at', 'timestamptz'],
];
const PROGRESS: ColumnSpec = [
  ['id', 'int'],
  ['problem_id', 'int'],
  ['measure_id', 'int'],
  ['author_id', 'int'],
  ['text', 'text'],
  ['created_at', 'timestamptz'],
];
const EVIDENCE: ColumnSpec = [
  ['id', 'int'],
  ['progress_id', 'int'],
  ['problem_id', 'int'],
  ['digest', 'text'],
  ['filename', 'text'],
  ['mime', 'text'],
  ['size', 'int'],
  ['created_at', 'timestamptz'],
];
const TRANSITIONS: ColumnSpec = [
  ['id', 'int'],
  ['problem_id', 'int'],
  ['action', 'text'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['actor_id', 'int'],
  ['reason', 'text'],
  ['created_at', 'timestamptz'],
];
const EXTENSIONS: ColumnSpec = [
  ['id', 'int'],
  ['problem_id', 'int'],
  ['old_deadline', 'date'],
  ['requested_deadline', 'date'],
  ['reason', 'text'],
  ['status', 'text'],
  ['requested_by', 'int'],
  ['requested_at', 'timestamptz'],
  ['decided_by', 'int'],
  ['decided_at', 'timestamptz'],
  ['decision_reason', 'text'],
  ['chain', 'jsonb'],
  ['step', 'smallint'],
];
const SEALS: ColumnSpec = [
  ['kind', 'text'],
  ['object_id', 'int'],
  ['seal', 'text'],
];

/** Rows of one table, one array per column, written when full. */
class Rows {
  cols: unknown[][];
  constructor(
    readonly table: string,
    readonly spec: ColumnSpec,
    readonly overriding: boolean,
  ) {
    this.cols = spec.map(() => []);
  }
  push(...values: unknown[]): void {
    for (let i = 0; i < values.length; i++) this.cols[i].push(values[i]);
  }
  get size(): number {
    return this.cols[0].length;
  }
  /** Hands the rows gathered so far over for writing and starts afresh. */
  take(): unknown[][] {
    const cols = this.cols;
    this.cols = this.spec.map(() => []);
    return cols;
  }
  write(q: Queryable, cols: unknown[][] = this.take()): Promise<number> {
    return cityRepo.insertColumns(q, this.table, this.spec, cols, this.overriding);
  }
}

/**
 * The seals the audit module would write for rows, computed by its own functions
 * (`sealProgress`, `sealTransition`) against a handle that collects the insert
 * they make instead of sending it — one statement per row would cost minutes at
 * this scale. The handle shares the database's owner, so it carries the same
 * audit key; without a key the functions seal nothing, as for every other write.
 */
function sealsOf(db: Queryable, into: Rows): Queryable {
  return {
    owner: db.owner,
    async query<R>(sql: string, params?: unknown[]) {
      if (!/^\s*INSERT INTO integrity_seals/i.test(sql) || !params) throw new Error(`unexpected statement while sealing: ${sql}`);
      into.push(params[0], params[1], params[2]);
      return { rows: [] as R[], rowCount: 1 };
    },
  };
}

// ---- the plan ----------------------------------------------------------------------------------

interface Unit {
  index: number;
  id: number;
  name: string;
  depts: number[];
  deptNames: string[];
  admin: number;
  leaders: number[];
  handlers: number[];
  rounds: Round[];
}
interface Round {
  id: number;
  unit: Unit;
  older: boolean;
  feedback: string;
  leaves: Leaf[];
}
interface Leaf {
  id: number;
  round: Round;
  dept: number; // index in the unit's departments
  status: ProblemStatus;
  kind: RectifyKind | null;
  deadline: string | null;
  startAt: number;
  lastAt: number;
  reqAt: number;
  closedAt: number;
  returned: boolean;
  ext: 'none' | 'pending' | 'approved';
  extAt: number;
  measure0: number;
  measures: number;
  progress: number;
  evidence: number;
  submitter: number;
  reviewer: number;
}

const STATUS_OLD: [ProblemStatus, number][] = [
  ['closed', 0.88],
  ['long_term', 0.07],
  ['in_progress', 0.04],
  ['closure_requested', 0.01],
];
const STATUS_NEW: [ProblemStatus, number][] = [
  ['pending', 0.08],
  ['in_progress', 0.47],
  ['closure_requested', 0.08],
  ['closed', 0.27],
  ['long_term', 0.1],
];
function weighted<V>(r: T.Rng, xs: [V, number][]): V {
  let u = r();
  for (const [v, w] of xs) {
    if ((u -= w) < 0) return v;
  }
  return xs[xs.length - 1][0];
}

/** Splits `total` into `n` parts of at least `min`, in proportion to random weights. */
function split(r: T.Rng, total: number, n: number, min: number, weight: () => number = r): number[] {
  const base = Math.min(min, Math.floor(total / n));
  const ws = Array.from({ length: n }, weight);
  const sum = ws.reduce((a, b) => a + b, 0);
  const rest = total - base * n;
  const out = ws.map((w) => base + Math.floor((rest * w) / sum));
  let left = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % n, left--) out[i]++;
  return out;
}

// ---- progress bar --------------------------------------------------------------------------------

/** A one-line progress bar on stderr: phase, rows done/total, rate, time left. Redrawn at most 5 times a second. */
export function stderrProgress(): (e: ProgressEvent) => void {
  let phase = '';
  let started = 0;
  let drawn = 0;
  const tty = process.stderr.isTTY;
  return (e) => {
    const now = Date.now();
    if (e.phase !== phase) {
      if (phase && tty) process.stderr.write('\n');
      phase = e.phase;
      started = now;
      drawn = 0;
    }
    const last = e.done >= e.total;
    if (last && drawn === -1) return; // this phase's last line is drawn already
    // in place on a terminal; a line every 10 s into a log
    if (!last && now - drawn < (tty ? 200 : 10_000)) return;
    drawn = now;
    const secs = Math.max((now - started) / 1000, 0.001);
    const rate = e.done / secs;
    const eta = rate > 0 ? Math.max(0, (e.total - e.done) / rate) : 0;
    const pct = e.total ? Math.floor((100 * e.done) / e.total) : 100;
    const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
    const n = (x: number) => Math.round(x).toLocaleString('en');
    const line = `${e.phase.padEnd(12)} [${bar}] ${n(e.done)}/${n(e.total)} ${n(rate)}/s ETA ${Math.ceil(eta)}s`;
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    if (last) drawn = -1;
  };
}

/** The summary the command prints: rows per table, time per phase, the accounts to sign in with. */
export function citySummary(r: CityReport): string {
  const lines = ['演示城市数据已载入（city loaded）', '', 'rows per table:'];
  for (const [t, n] of Object.entries(r.counts)) lines.push(`  ${t.padEnd(24)} ${n.toLocaleString('en').padStart(12)}`);
  lines.push('', 'time per phase:');
  for (const p of r.phases) {
    const rate = p.ms > 0 && p.rows ? ` (${Math.round((p.rows * 1000) / p.ms).toLocaleString('en')} rows/s)` : '';
    lines.push(`  ${p.phase.padEnd(24)} ${(p.ms / 1000).toFixed(1).padStart(8)} s  ${p.rows.toLocaleString('en')} rows${rate}`);
  }
  lines.push(`  ${'total'.padEnd(24)} ${(r.ms / 1000).toFixed(1).padStart(8)} s`);
  const a = r.accounts;
  lines.push(
    '',
    `accounts (password ${DEMO_PASSWORD}): ${a.office} = inspection office, ${a.unitAdmin} = unit admin, ${a.leader}, ${a.handler}`,
    '  (every unit NNN = 001…: unitNNN, leaderNNN, leaderNNN-2, deptNNN-1 … deptNNN-8)',
  );
  return lines.join('\n');
}

const silentLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
} as unknown as FastifyBaseLogger;

// ---- the loader ------------------------------------------------------------------------------------

/**
 * Resets the database and loads the city. `config` is the running configuration
 * (the daily evaluation reads it); `dataDir` is where the evidence files go.
 */
export async function loadCity(db: Db, clock: Clock, config: Config, o: CityOptions = {}): Promise<CityReport> {
  const unitsN = o.units ?? CITY_DEFAULTS.units;
  const problemsN = o.problems ?? CITY_DEFAULTS.problems;
  const progressN = o.progress ?? CITY_DEFAULTS.progress;
  const seed = o.seed ?? 20261201;
  const batch = o.batch ?? 5000;
  const report = o.onProgress ?? (() => undefined);
  const r = T.seeded(seed);
  const now = clock.now();
  const nowMs = now.getTime();
  const today = beijingDate(now);
  const year = Number(today.slice(0, 4));
  const phases: PhaseReport[] = [];
  const t0 = Date.now();

  const phase = async (name: string, fn: () => Promise<number>) => {
    const started = Date.now();
    const rows = await fn();
    const ms = Date.now() - started;
    phases.push({ phase: name, rows, ms });
    // one audit row per phase: the trail says what the load wrote, not each of its million rows
    await db.tx((q) =>
      writeAudit(q, {
        at: clock.now(),
        actorId: null,
        actorName: 'system',
        action: 'demo.load',
        detail: { scale: 'city', phase: name, rows, ms },
      }),
    );
  };
  // One batch of rows of one or more tables is one short transaction. Batches whose rows refer only to rows committed
  // before (measures, progress, transitions) are written while the next batch is generated, two at most in flight: the
  // generator (text, seals) and the database (the PGlite worker thread or the server) then work at the same time.
  // Tree batches wait: children refer to the batch before.
  const inflight = new Set<Promise<void>>();
  let failed: unknown = null;
  const flush = async (rows: Rows[], phaseName: string, done: { n: number }, total: number, overlap = false) => {
    const parts = rows.filter((x) => x.size).map((x) => ({ x, cols: x.take() }));
    const n = done.n;
    const write = db
      .tx(async (q) => {
        for (const { x, cols } of parts) await x.write(q, cols);
      })
      .then(() => report({ phase: phaseName, done: n, total }));
    if (!overlap) return write;
    const tracked: Promise<void> = write.then(
      () => void inflight.delete(tracked),
      (e: unknown) => {
        inflight.delete(tracked);
        failed ??= e;
      },
    );
    inflight.add(tracked);
    while (inflight.size >= 2) await Promise.race(inflight);
    if (failed) throw failed;
  };
  const drain = async () => {
    await Promise.all(inflight);
    if (failed) throw failed;
  };

  // ---- reset ----
  await phase('reset', async () => {
    await db.tx(async (q) => {
      await demoRepo.wipe(q);
      await cityRepo.wipeScheduler(q);
    });
    return 0;
  });

  // keyed as the server keeps it (the key made or read outside the database, the keyed chain begun): the seals are then
  // written with the rows here, instead of a first server start sealing a million rows one statement at a time
  if (!auditKeysOf(db)) await openTrust(db, config, clock);

  const dropped = (o.rebuildSearchIndexes ?? true) ? await cityRepo.searchIndexes(db, ['problems', 'measures', 'progress_entries']) : [];
  for (const ix of dropped) await cityRepo.dropIndex(db, ix.name);
  try {
    // ---- organisations and accounts ----
    const hash = await hashPassword(DEMO_PASSWORD);
    let nextOrg = 1;
    let nextUser = 1;
    const officeId = nextOrg++;
    const units: Unit[] = [];
    const orgs = new Rows('organizations', ORGS, true);
    const users = new Rows('users', USERS, true);
    const members = new Rows('memberships', MEMBERSHIPS, false);
    const created = iso(nowMs - 500 * DAY);
    orgs.push(officeId, null, 'office', T.CITY_OFFICE_NAME, null, created);
    const account = (username: string, name: string, orgId: number, role: string) => {
      const id = nextUser++;
      users.push(id, username, name, hash, iso(nowMs), created);
      members.push(id, orgId, role);
      return id;
    };
    account('office', T.personName(r), officeId, 'office_admin');
    account('auditor', T.personName(r), officeId, 'auditor');
    account('sysadmin', T.personName(r), officeId, 'sysadmin');
    account('secadmin', T.personName(r), officeId, 'secadmin');
    for (let u = 0; u < unitsN; u++) {
      const id = nextOrg++;
      const name = T.unitName(u);
      orgs.push(id, officeId, 'unit', name, id, created);
      const deptNames = [T.DEPARTMENTS[0], ...T.sample(r, T.DEPARTMENTS.slice(1), DEPTS_PER_UNIT - 1)];
      const depts = deptNames.map((d) => {
        const did = nextOrg++;
        orgs.push(did, id, 'department', d, id, created);
        return did;
      });
      const n = pad3(u + 1);
      const admin = account(`unit${n}`, T.personName(r), id, 'unit_admin');
      const leaders = [account(`leader${n}`, T.personName(r), id, 'leader'), account(`leader${n}-2`, T.personName(r), id, 'leader')];
      const handlers = depts.map((d, k) => account(`dept${n}-${k + 1}`, T.personName(r), d, 'dept_handler'));
      units.push({ index: u, id, name, depts, deptNames, admin, leaders, handlers, rounds: [] });
    }
    await phase('orgs', async () => {
      const n = orgs.size + users.size + members.size;
      await db.tx(async (q) => {
        await orgs.write(q);
        await users.write(q);
        await members.write(q);
      });
      report({ phase: 'orgs', done: n, total: n });
      return n;
    });

    // ---- rounds ----
    const inspections = new Rows('inspections', INSPECTIONS, true);
    let nextRound = 1;
    for (const u of units) {
      for (let k = 0; k < ROUNDS_PER_UNIT; k++) {
        const older = k < ROUNDS_PER_UNIT - 1;
        const feedback = addDays(today, older ? -T.int(r, 380, 460) : -T.int(r, 45, 200));
        const id = nextRound++;
        const fy = Number(feedback.slice(0, 4));
        const kind = r() < 0.85 ? '巡察' : '审计';
        const title =
          kind === '巡察'
            ? `${fy}年市委第${T.int(r, 1, 4)}轮巡察对${u.name}党组的反馈意见整改`
            : `${fy}年度${u.name}预算执行审计发现问题整改`;
        inspections.push(
          id,
          u.id,
          kind,
          title,
          kind === '巡察' ? T.pick(r, T.INSPECTING_BODIES) : '江城市审计局',
          addDays(feedback, -75),
          addDays(feedback, -30),
          feedback,
          addDays(feedback, 30),
          addDays(feedback, 60),
          u.admin,
          iso(onDay(feedback, 10)),
        );
        u.rounds.push({ id, unit: u, older, feedback, leaves: [] });
      }
    }
    await phase('inspections', async () => {
      const n = inspections.size;
      await db.tx((q) => inspections.write(q));
      report({ phase: 'inspections', done: n, total: n });
      return n;
    });

    // ---- the problem trees and every leaf's plan ----
    const rounds = units.flatMap((u) => u.rounds);
    const perRound = split(r, problemsN, rounds.length, 1, () => 0.5 + r());
    let nextProblem = 1;
    let nextMeasure = 1;
    const leaves: Leaf[] = [];
    const problems = new Rows('problems', PROBLEMS, true);
    const cooperators = new Rows('problem_cooperators', COOPERATORS, false);
    const writeTree = () =>
      db.tx(async (q) => {
        await problems.write(q);
        await cooperators.write(q);
      });
    // what a leaf's row needs is known only once its plan is made: leaves are planned first, then written
    interface Node {
      id: number;
      round: Round;
      parent: number | null;
      level: 1 | 2;
      label: string;
      title: string;
      sort: number;
      children: number;
    }
    const groups: Node[] = [];
    const leafNodes: { leaf: Leaf; parent: number; label: string; sort: number; title: string; description: string; coop: number[] }[] = [];
    for (const [ri, round] of rounds.entries()) {
      const n = perRound[ri];
      const u = round.unit;
      const aspects = T.sample(r, T.ASPECTS, Math.min(T.int(r, 3, 6), T.ASPECTS.length))
        .map((a) => ({ a, i: T.ASPECTS.indexOf(a) }))
        .sort((x, y) => x.i - y.i)
        .map((x) => x.a);
      // themes under each aspect, no more themes than leaves
      let themes = aspects.map((a) => T.sample(r, a.themes, Math.min(T.int(r, 2, 5), a.themes.length)));
      let total = themes.reduce((s, t) => s + t.length, 0);
      while (total > n) {
        const big = themes.reduce((bi, t, i) => (t.length > themes[bi].length ? i : bi), 0);
        themes[big] = themes[big].slice(0, -1);
        themes = themes.filter((t) => t.length > 0);
        total--;
      }
      const perTheme = split(r, n, total, 1);
      let themeNo = 0;
      const fbMs = onDay(round.feedback, 0);
      const fy = Number(round.feedback.slice(0, 4));
      for (const [ai, ts] of themes.entries()) {
        const aspect = aspects[ai];
        const aspectNode: Node = {
          id: nextProblem++,
          round,
          parent: null,
          level: 1,
          label: T.aspectLabel(ai),
          title: aspect.title,
          sort: ai + 1,
          children: ts.length,
        };
        groups.push(aspectNode);
        for (const [ti, theme] of ts.entries()) {
          const themeNode: Node = {
            id: nextProblem++,
            round,
            parent: aspectNode.id,
            level: 2,
            label: `${++themeNo}.`,
            title: theme,
            sort: ti + 1,
            children: perTheme[themeNo - 1],
          };
          groups.push(themeNode);
          for (let li = 0; li < themeNode.children; li++) {
            const leaf = planLeaf(r, { id: nextProblem++, round, fbMs, nowMs, today, older: round.older });
            leaf.measure0 = nextMeasure;
            nextMeasure += leaf.measures;
            const coop =
              r() < 0.25
                ? T.sample(
                    r,
                    [...u.depts.keys()].filter((k) => k !== leaf.dept),
                    T.int(r, 1, 2),
                  )
                : [];
            leafNodes.push({
              leaf,
              parent: themeNode.id,
              label: `（${li + 1}）`,
              sort: li + 1,
              title: T.problemTitle(r),
              description: T.problemDescription(r, fy),
              coop: coop.map((k) => u.depts[k]),
            });
            leaves.push(leaf);
            round.leaves.push(leaf);
          }
        }
      }
    }
    // progress entries over the leaves that have begun, at least one each, more for some
    const begun = leaves.filter((l) => l.status !== 'pending');
    const counts = split(r, Math.max(progressN, 0), Math.max(begun.length, 1), 1, () => 0.15 + 3 * r() ** 2);
    begun.forEach((l, i) => {
      l.progress = counts[i] ?? 0;
      const share = l.status === 'closed' || l.status === 'closure_requested' ? 0.25 : 0.1 * 2 * r();
      l.evidence = Math.min(
        l.progress,
        l.status === 'closed' || l.status === 'closure_requested'
          ? Math.max(1, Math.round(l.progress * share))
          : Math.round(l.progress * share),
      );
      if (l.progress <= 1) l.lastAt = l.startAt;
    });
    for (const l of leaves) {
      const u = l.round.unit;
      l.submitter = r() < 0.8 ? u.handlers[l.dept] : u.admin;
      l.reviewer = l.submitter === u.admin ? u.leaders[0] : u.admin;
    }

    await phase('problems', async () => {
      const total = groups.length + leaves.length;
      const done = { n: 0 };
      for (const g of groups) {
        problems.push(
          g.id,
          g.round.id,
          g.round.unit.id,
          g.parent,
          g.level,
          g.label,
          g.title,
          '',
          g.sort,
          null,
          null,
          null,
          null,
          null,
          'pending',
          null,
          null,
          iso(onDay(g.round.feedback, 10)),
          iso(onDay(g.round.feedback, 10)),
          null,
          null,
          g.children,
          0,
          0,
          0,
          null,
          false,
          null,
          null,
        );
        done.n++;
        if (problems.size >= batch) {
          await writeTree();
          report({ phase: 'problems', done: done.n, total });
        }
      }
      await writeTree();
      for (const x of leafNodes) {
        const l = x.leaf;
        const u = l.round.unit;
        const rr = T.seeded(seed ^ Math.imul(l.id, 0x9e3779b1));
        const planned = l.kind != null;
        const useAccount = rr() < 0.6;
        const open = l.status !== 'closed' && l.status !== 'pending';
        const isKey = open && !l.round.older && rr() < 0.015;
        const createdAt = onDay(l.round.feedback, 10);
        const updatedAt = Math.max(createdAt, l.closedAt || l.reqAt || l.extAt || l.startAt || createdAt);
        problems.push(
          l.id,
          l.round.id,
          u.id,
          x.parent,
          3,
          x.label,
          x.title,
          x.description,
          x.sort,
          l.kind,
          planned && useAccount ? T.pick(rr, u.leaders) : null,
          planned && !useAccount ? T.personName(rr) : null,
          planned ? u.depts[l.dept] : null,
          l.deadline,
          l.status,
          l.status === 'closed' || l.status === 'closure_requested' ? l.submitter : null,
          l.status === 'closed' ? iso(l.closedAt) : null,
          iso(createdAt),
          iso(updatedAt),
          l.status === 'closure_requested' ? JSON.stringify(DEFAULT_CLOSURE_CHAIN) : null,
          l.status === 'closure_requested' ? 0 : null,
          0,
          l.measures,
          l.progress,
          l.evidence,
          l.progress ? iso(l.lastAt) : null,
          isKey,
          isKey ? u.leaders[0] : null,
          isKey ? iso(l.startAt + DAY) : null,
        );
        if (planned) for (const d of x.coop) cooperators.push(l.id, d);
        done.n++;
        if (problems.size >= batch) {
          await writeTree();
          report({ phase: 'problems', done: done.n, total });
        }
      }
      await writeTree();
      report({ phase: 'problems', done: total, total });
      return total;
    });

    // ---- measures ----
    await phase('measures', async () => {
      const rows = new Rows('measures', MEASURES, true);
      const total = nextMeasure - 1;
      const done = { n: 0 };
      for (const l of leaves) {
        const rr = T.seeded((seed + 1) ^ Math.imul(l.id, 0x85ebca6b));
        const u = l.round.unit;
        for (let i = 0; i < l.measures; i++) {
          const status =
            l.status === 'closed' || l.status === 'closure_requested'
              ? 'done'
              : l.status === 'pending'
                ? 'pending'
                : l.status === 'long_term'
                  ? 'in_progress'
                  : T.pick(rr, ['done', 'in_progress', 'pending'] as const);
          // a measure's deadline lies within its problem's (the unit's consistency rule)
          const deadline = l.deadline && rr() < 0.5 ? addDays(l.deadline, -T.int(rr, 0, 20)) : null;
          rows.push(
            l.measure0 + i,
            l.id,
            T.measureText(rr),
            l.kind ? u.depts[l.dept] : null,
            deadline,
            status,
            i + 1,
            iso(onDay(l.round.feedback, 11)),
          );
          done.n++;
          if (rows.size >= batch) await flush([rows], 'measures', done, total, true);
        }
      }
      await flush([rows], 'measures', done, total, true);
      await drain();
      return total;
    });

    // ---- progress entries, their evidence and seals ----
    const stored: { filename: string; mime: string; digest: string; size: number }[] = [];
    for (const f of FILES) stored.push({ ...f, digest: await putBlob(config, f.bytes), size: f.bytes.length });
    const totals = { progress: 0, evidence: 0, transitions: 0, extensions: 0, seals: 0 };
    await phase('progress', async () => {
      const progress = new Rows('progress_entries', PROGRESS, true);
      const evidence = new Rows('evidence', EVIDENCE, true);
      const seals = new Rows('integrity_seals', SEALS, false);
      const sealer = sealsOf(db, seals);
      const total = begun.reduce((s, l) => s + l.progress, 0);
      const done = { n: 0 };
      let nextEntry = 1;
      let nextEvidence = 1;
      for (const l of leaves) {
        if (!l.progress) continue;
        const rr = T.seeded((seed + 2) ^ Math.imul(l.id, 0xc2b2ae35));
        const u = l.round.unit;
        const dept = u.deptNames[l.dept];
        const span = l.lastAt - l.startAt;
        // times: the first at the start, the last at lastAt, the rest in between in order
        const inner = Array.from({ length: Math.max(l.progress - 2, 0) }, () => l.startAt + Math.floor(rr() * span)).sort((a, b) => a - b);
        const times = l.progress === 1 ? [l.startAt] : [l.startAt, ...inner, l.lastAt];
        for (let i = 0; i < l.progress; i++) {
          const id = nextEntry++;
          const at = new Date(times[i]);
          const measureId = l.measures && rr() < 0.4 ? l.measure0 + T.int(rr, 0, l.measures - 1) : null;
          const author = rr() < 0.85 ? l.submitter : u.admin;
          const text = T.progressText(rr, at, dept);
          progress.push(id, l.id, measureId, author, text, at.toISOString());
          await sealProgress(sealer, {
            id,
            problem_id: l.id,
            measure_id: measureId,
            author_id: author,
            text,
            figures: null,
            created_at: at,
          });
          if (i >= l.progress - l.evidence) {
            const f = stored[(l.id + i) % stored.length];
            evidence.push(nextEvidence++, id, l.id, f.digest, f.filename, f.mime, f.size, at.toISOString());
          }
          done.n++;
          if (progress.size >= batch) await flush([progress, evidence, seals], 'progress', done, total, true);
        }
      }
      await flush([progress, evidence, seals], 'progress', done, total, true);
      await drain();
      totals.progress = nextEntry - 1;
      totals.evidence = nextEvidence - 1;
      return totals.progress + totals.evidence;
    });

    // ---- transitions and extensions: each problem's history ends in its status ----
    await phase('transitions', async () => {
      const transitions = new Rows('transitions', TRANSITIONS, true);
      const extensions = new Rows('extensions', EXTENSIONS, true);
      const seals = new Rows('integrity_seals', SEALS, false);
      const sealer = sealsOf(db, seals);
      let nextT = 1;
      let nextX = 1;
      const done = { n: 0 };
      const total = begun.length;
      const add = async (l: Leaf, action: string, from: ProblemStatus, to: ProblemStatus, actor: number, reason: string, at: number) => {
        const id = nextT++;
        transitions.push(id, l.id, action, from, to, actor, reason, iso(at));
        await sealTransition(sealer, {
          id,
          problem_id: l.id,
          action,
          from_status: from,
          to_status: to,
          actor_id: actor,
          created_at: new Date(at),
        });
      };
      for (const l of begun) {
        const rr = T.seeded((seed + 3) ^ Math.imul(l.id, 0x27d4eb2f));
        const first: ProblemStatus = l.kind === 'long_term' ? 'long_term' : 'in_progress';
        await add(l, 'start', 'pending', first, l.submitter, '报送首条整改进展', l.startAt);
        if (l.ext !== 'none' && l.deadline) {
          const reason = T.pick(rr, T.EXTENSION_REASONS);
          const old = addDays(l.deadline, -30);
          const approved = l.ext === 'approved';
          extensions.push(
            nextX++,
            l.id,
            approved ? old : l.deadline,
            approved ? l.deadline : addDays(l.deadline, 30),
            reason,
            approved ? 'approved' : 'pending',
            l.submitter,
            iso(l.extAt),
            approved ? l.reviewer : null,
            approved ? iso(l.extAt + DAY) : null,
            approved ? '同意延期' : null,
            JSON.stringify(DEFAULT_EXTENSION_CHAIN),
            0,
          );
          await add(l, 'extension_request', first, first, l.submitter, reason, l.extAt);
          if (approved) await add(l, 'extension_approve', first, first, l.reviewer, '同意延期', l.extAt + DAY);
        }
        if (l.status === 'closed' || l.status === 'closure_requested') {
          if (l.returned) {
            await add(l, 'closure_request', first, 'closure_requested', l.submitter, T.pick(rr, T.CLOSURE_REASONS), l.reqAt - 6 * DAY);
            await add(l, 'closure_return', 'closure_requested', first, l.reviewer, T.pick(rr, T.RETURN_REASONS), l.reqAt - 5 * DAY);
          }
          await add(l, 'closure_request', first, 'closure_requested', l.submitter, T.pick(rr, T.CLOSURE_REASONS), l.reqAt);
          if (l.status === 'closed')
            await add(l, 'closure_approve', 'closure_requested', 'closed', l.reviewer, T.pick(rr, T.APPROVE_REASONS), l.closedAt);
        }
        done.n++;
        if (transitions.size >= batch) await flush([transitions, extensions, seals], 'transitions', done, total, true);
      }
      await flush([transitions, extensions, seals], 'transitions', done, total, true);
      await drain();
      totals.transitions = nextT - 1;
      totals.extensions = nextX - 1;
      return totals.transitions + totals.extensions;
    });

    await db.tx((q) => cityRepo.syncIdentities(q));

    // ---- registers, through the registers' repository (names go wherever it puts them) ----
    await phase('registers', async () => {
      let n = 0;
      for (const [i, u] of units.entries()) {
        await db.tx(async (q) => {
          for (const round of u.rounds) n += await loadRegisters(q, r, round, u, now, year);
        });
        report({ phase: 'registers', done: i + 1, total: units.length });
      }
      // the names of the accountability register encrypted at rest, by the registers' own function
      await sealPlainNames(db, config);
      return n;
    });

    // ---- supervision orders on overdue items, through the supervision repository ----
    await phase('supervision', async () => {
      let n = 0;
      const seq = new Map<string, number>();
      for (const [i, u] of units.entries()) {
        await db.tx(async (q) => {
          const overdue = await cityRepo.overdueLeaves(q, u.id, today, 40);
          const orders = Math.min(overdue.length, T.int(r, 1, 4));
          const touched: number[] = [];
          for (let k = 0; k < orders; k++) {
            const p = overdue[Math.floor((k * overdue.length) / Math.max(orders, 1))];
            const byOffice = r() < 0.15;
            const issuer = byOffice ? officeId : u.id;
            const issuedAt = new Date(nowMs - T.int(r, 1, 30) * DAY);
            const y = Number(beijingDate(issuedAt).slice(0, 4));
            const key = `${issuer}/${y}`;
            const s = (seq.get(key) ?? 0) + 1;
            seq.set(key, s);
            const by = byOffice ? 1 : u.admin;
            const dept = u.depts.indexOf(p.lead_dept_id);
            const orderId = await orderRepo.insert(q, {
              unitId: u.id,
              issuerOrgId: issuer,
              year: y,
              seq: s,
              deptId: p.lead_dept_id,
              leaderId: r() < 0.5 ? u.leaders[0] : null,
              level: byOffice ? 'key' : 'general',
              demands: T.pick(r, T.ORDER_DEMANDS),
              replyDue: addDays(beijingDate(issuedAt), T.int(r, 7, 14)),
              by,
              at: issuedAt,
              problemIds: [p.id],
            });
            await orderRepo.event(q, { orderId, action: 'issue', from: null, to: 'issued', actorId: by, reason: null, at: issuedAt });
            if (r() < 0.4 && dept >= 0) {
              const at = new Date(issuedAt.getTime() + T.int(r, 1, 5) * DAY);
              if (at.getTime() < nowMs) {
                await orderRepo.insertReply(q, {
                  orderId,
                  authorId: u.handlers[dept],
                  text: '已对照督办要求制定整改计划，明确责任人和完成时限，相关材料已报送。',
                  formalism: [],
                  at,
                });
                await orderRepo.setStatus(q, orderId, 'issued', 'replied', at);
                await orderRepo.event(q, {
                  orderId,
                  action: 'reply',
                  from: 'issued',
                  to: 'replied',
                  actorId: u.handlers[dept],
                  reason: null,
                  at,
                });
              }
            }
            touched.push(p.id);
            n++;
          }
          if (touched.length) await orderRepo.refreshProblems(q, touched);
        });
        report({ phase: 'supervision', done: i + 1, total: units.length });
      }
      return n;
    });

    // ---- today's reminders: the daily evaluation itself, in its own short batches ----
    await phase('reminders', async () => {
      const res = await evaluateDay({ db, clock, config, log: silentLog }, { date: today, owner: 'demo-city', batch: 2000 });
      report({ phase: 'reminders', done: res.notifications, total: res.notifications });
      return res.notifications;
    });
  } catch (e) {
    // a failed load leaves no table without its search index
    for (const ix of dropped)
      await cityRepo.createIndex(db, ix.definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')).catch(() => undefined);
    throw e;
  }
  if (dropped.length) {
    await phase('indexes', async () => {
      for (const [i, ix] of dropped.entries()) {
        await cityRepo.createIndex(db, ix.definition);
        report({ phase: 'indexes', done: i + 1, total: dropped.length });
      }
      return dropped.length;
    });
  }

  await phase('analyse', async () => {
    await cityRepo.analyse(db);
    report({ phase: 'analyse', done: 1, total: 1 });
    return 0;
  });

  const tables = [
    'organizations',
    'users',
    'memberships',
    'inspections',
    'problems',
    'problem_cooperators',
    'measures',
    'progress_entries',
    'evidence',
    'transitions',
    'extensions',
    'integrity_seals',
    'accountability_entries',
    'rules',
    'clues',
    'work_events',
    'supervision_orders',
    'notifications',
    'audit_log',
  ];
  const countsOut: Record<string, number> = {};
  for (const t of tables) countsOut[t] = await cityRepo.count(db, t);
  return {
    counts: countsOut,
    phases,
    ms: Date.now() - t0,
    accounts: { office: 'office', unitAdmin: 'unit001', leader: 'leader001', handler: 'dept001-1' },
  };
}

/** One leaf's fate: status, kind, deadline and the instants of its history, drawn around the round's feedback day. */
function planLeaf(r: T.Rng, a: { id: number; round: Round; fbMs: number; nowMs: number; today: string; older: boolean }): Leaf {
  const { round, fbMs, nowMs } = a;
  const status = weighted(r, a.older ? STATUS_OLD : STATUS_NEW);
  const unplanned = status === 'pending' && r() < 0.3;
  const kind: RectifyKind | null = unplanned ? null : status === 'long_term' ? 'long_term' : r() < 0.3 ? 'immediate' : 'deadline';
  let deadline =
    kind === 'immediate'
      ? addDays(round.feedback, 30)
      : kind === 'deadline'
        ? addDays(round.feedback, T.pick(r, [60, 90, 120, 180, 270]))
        : null;
  // the latest round's open items spread around today, as lights show a ledger at work: about a fifth past the
  // deadline, some due within two weeks, most later (never before two weeks after the feedback)
  if (deadline && !a.older && (status === 'in_progress' || status === 'closure_requested')) {
    const u = r();
    const around = u < 0.2 ? -T.int(r, 1, 60) : u < 0.35 ? T.int(r, 0, 14) : T.int(r, 15, 180);
    const d = addDays(a.today, around);
    const earliest = addDays(round.feedback, 15);
    deadline = d < earliest ? earliest : d;
  }
  const l: Leaf = {
    id: a.id,
    round,
    dept: T.int(r, 0, DEPTS_PER_UNIT - 1),
    status,
    kind,
    deadline,
    startAt: 0,
    lastAt: 0,
    reqAt: 0,
    closedAt: 0,
    returned: false,
    ext: 'none',
    extAt: 0,
    measure0: 0,
    measures: T.int(r, 1, 4),
    progress: 0,
    evidence: 0,
    submitter: 0,
    reviewer: 0,
  };
  if (status === 'pending') return l;
  const latest = nowMs - 2 * DAY;
  l.startAt = Math.min(fbMs + T.int(r, 3, 25) * DAY + T.int(r, 9, 17) * HOUR + T.int(r, 0, 59) * 60_000, latest - 20 * DAY);
  if (status === 'closed') {
    const due = deadline ? onDay(deadline, 18) : nowMs;
    const end = Math.min(due + (r() < 0.15 ? 20 * DAY : 0), nowMs - DAY);
    l.closedAt = Math.max(l.startAt + 10 * DAY, l.startAt + Math.floor((0.3 + 0.7 * r()) * (end - l.startAt)));
    l.closedAt = Math.min(l.closedAt, nowMs - DAY);
    l.reqAt = l.closedAt - T.int(r, 1, 4) * DAY;
    l.returned = r() < 0.1;
    l.lastAt = l.reqAt - T.int(r, 2, 30) * HOUR;
  } else if (status === 'closure_requested') {
    l.reqAt = Math.max(nowMs - T.int(r, 1, 12) * DAY, l.startAt + 8 * DAY);
    l.lastAt = l.reqAt - T.int(r, 2, 30) * HOUR;
  } else {
    // open: most reported recently, some have gone quiet (the stalled light)
    const quiet = r() < 0.12 ? T.int(r, 35, 90) * DAY : T.int(r, 1, 20) * DAY;
    l.lastAt = Math.max(l.startAt + HOUR, nowMs - quiet);
    if (status === 'in_progress' && kind === 'deadline' && !a.older) {
      const u = r();
      l.ext = u < 0.03 ? 'pending' : u < 0.06 ? 'approved' : 'none';
      if (l.ext !== 'none') l.extAt = l.startAt + Math.floor((l.lastAt - l.startAt) / 2);
      // an approved extension moved the deadline; a pending one waits with the old deadline
    }
  }
  if (l.returned && l.reqAt - 6 * DAY <= l.startAt) l.returned = false;
  return l;
}

async function loadRegisters(q: Queryable, r: T.Rng, round: Round, u: Unit, now: Date, year: number): Promise<number> {
  const ids = round.leaves.map((l) => l.id);
  const some = (k: number) => T.sample(r, ids, Math.min(k, ids.length));
  const base = { inspectionId: round.id, unitId: u.id, by: u.admin, at: now };
  const after = (days: number) => {
    const d = addDays(round.feedback, days);
    const today = beijingDate(now);
    return d > today ? today : d;
  };
  let n = 0;
  for (let i = T.int(r, 0, 4); i > 0; i--) {
    const form = T.pick(r, T.ACC_FORMS);
    const matter = r() < 0.15;
    await registerRepo.accountabilityInsert(q, {
      ...base,
      countAs: matter ? 'matter' : 'person',
      personName: matter ? null : `${T.personName(r)[0]}某`,
      position: matter ? '' : `${T.pick(r, u.deptNames)}${T.pick(r, T.ACC_POSITIONS)}`,
      rank: '',
      form,
      transferredToJudicial: false,
      decisionDate: after(T.int(r, 10, 40)),
      decidingBody: r() < 0.5 ? '局党组' : '驻局纪检监察组',
      reason: `${T.problemTitle(r)}，负有责任`,
      problemIds: some(T.int(r, 1, 2)),
    });
    n++;
  }
  const short = T.unitShort(u.index);
  for (let i = T.int(r, 1, 3); i > 0; i--) {
    await registerRepo.ruleInsert(q, {
      ...base,
      title: `《${u.name}${T.pick(r, T.RULE_TITLES)}》`,
      action: r() < 0.6 ? 'made' : 'revised',
      docNumber: `${short}〔${year}〕${T.int(r, 1, 99)}号`,
      issuedDate: after(T.int(r, 15, 60)),
      issuingBody: r() < 0.5 ? '局党组' : '局办公室',
      note: '',
      problemIds: some(1),
    });
    n++;
  }
  for (let i = T.int(r, 0, 2); i > 0; i--) {
    const concluded = r() < 0.5;
    const received = addDays(round.feedback, -T.int(r, 1, 10));
    await registerRepo.clueInsert(q, {
      ...base,
      clueNumber: `巡察移〔${round.feedback.slice(0, 4)}〕${T.int(r, 1, 30)}号`,
      receivedDate: received,
      summary: T.pick(r, T.CLUE_SUMMARIES),
      handedTo: 'discipline',
      handedToName: '驻局纪检监察组',
      disposal: concluded ? 'inquiry' : 'preliminary',
      status: concluded ? 'concluded' : 'in_progress',
      result: concluded ? '经谈话函询，予以了结' : '',
      concludedDate: concluded ? after(T.int(r, 20, 60)) : null,
    });
    n++;
  }
  const events = [
    {
      kind: 'leading_group' as const,
      meetingKind: null,
      days: 3,
      title: '成立整改工作领导小组',
      detail: '领导小组下设办公室，负责整改工作的统筹协调和督办。',
    },
    {
      kind: 'meeting' as const,
      meetingKind: 'party_group' as const,
      days: 6,
      title: '召开党组会专题研究反馈意见整改',
      detail: '逐条研究反馈问题，明确责任领导、责任部门和整改时限。',
    },
    { kind: 'plan' as const, meetingKind: null, days: 25, title: '审议通过整改工作方案', detail: '方案列出问题清单、任务清单、责任清单。' },
    {
      kind: 'meeting' as const,
      meetingKind: 'scheduling' as const,
      days: 50,
      title: '召开整改工作调度会',
      detail: '听取各责任部门整改进展汇报。',
    },
  ];
  for (const e of events) {
    await registerRepo.eventInsert(q, {
      ...base,
      kind: e.kind,
      meetingKind: e.meetingKind,
      date: after(e.days),
      title: e.title,
      chair: e.kind === 'plan' ? null : '党组书记',
      members: [],
      detail: e.detail,
    });
    n++;
  }
  return n;
}
