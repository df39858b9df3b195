import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { beijingDate } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import type { boardSchema, BoardQuery, TrendQuery, trendSchema, unitDetailSchema } from '../../../domain/schemas/office.js';
import { evaluateRounds } from '../evaluation/service.js';
import { evaluationRepo } from '../evaluation/repository.js';
import { officeRepo, type BoardRow } from './repository.js';
import * as policy from './policy.js';

const DAY_MS = 86_400_000;
/** Units per statement of the board: at city scale about 10,000 leaves, ~50 ms on PGlite. */
const BOARD_BATCH = 20;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The Monday (ISO week start) of a Beijing date. */
export function mondayOf(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

type BoardUnitOut = z.output<typeof boardSchema>['units'][number];

/** Completion first, then fewer red items, then fewer stalled, then the name: the office's ranking. */
function rankOrder(a: BoardUnitOut, b: BoardUnitOut): number {
  return b.completion - a.completion || a.red - b.red || a.stalled - b.stalled || a.unit.name.localeCompare(b.unit.name, 'zh');
}

const SORT: Record<BoardQuery['sort'], (a: BoardUnitOut, b: BoardUnitOut) => number> = {
  rank: (a, b) => a.rank - b.rank,
  name: (a, b) => a.unit.name.localeCompare(b.unit.name, 'zh'),
  completion: (a, b) => a.completion - b.completion,
  overdue: (a, b) => a.red - b.red,
  red: (a, b) => a.red - b.red,
  stalled: (a, b) => a.stalled - b.stalled,
  problems: (a, b) => a.problems - b.problems,
  recurring: (a, b) => a.recurring - b.recurring,
  idle: (a, b) => (a.daysSinceProgress ?? Number.MAX_SAFE_INTEGER) - (b.daysSinceProgress ?? Number.MAX_SAFE_INTEGER),
};

function boardUnit(r: BoardRow, today: string): Omit<BoardUnitOut, 'rank'> {
  return {
    unit: { id: r.unit_id, name: r.unit_name },
    rounds: r.rounds,
    roundsOpen: r.rounds_open,
    problems: r.problems,
    closed: r.closed,
    completion: r.problems ? Math.round((r.closed / r.problems) * 10_000) / 10_000 : 0,
    closedOnTime: r.closed_on_time,
    closedLate: r.closed_late,
    red: r.red,
    yellow: r.yellow,
    stalled: r.stalled,
    openOrders: r.open_orders,
    daysSinceProgress: r.last_progress_at ? daysBetween(beijingDate(r.last_progress_at), today) : null,
    feedbackOpen: r.feedback_open,
    recurring: r.recurring,
  };
}

/** The board of the offices given (the route's, and the benchmark's without an actor). */
export async function boardOf(
  db: Db,
  o: { officeIds: number[]; query: BoardQuery; now: Date; batch?: number },
): Promise<z.output<typeof boardSchema>> {
  const today = beijingDate(o.now);
  const [offices, unitIds, years] = await Promise.all([
    officeRepo.offices(db, o.officeIds),
    officeRepo.unitIds(db, o.officeIds),
    officeRepo.years(db, o.officeIds),
  ]);
  // A city's board reads every leaf (its light is worked out on today's date): 200 units in one statement held
  // PGlite's one worker for a second. Batches of units, one after another, let other requests in between.
  const rows: BoardRow[] = [];
  // (on PostgreSQL, where a statement holds one connection of many, one statement: ten cost 400 ms against 150)
  const size = o.batch ?? (db.engine === 'pglite' ? BOARD_BATCH : unitIds.length || 1);
  for (let i = 0; i < unitIds.length; i += size) {
    const batch = unitIds.slice(i, i + size);
    rows.push(...(await officeRepo.board(db, { officeIds: o.officeIds, unitIds: batch, kind: o.query.kind, year: o.query.year, today })));
  }
  const ranked: BoardUnitOut[] = rows.map((r) => ({ ...boardUnit(r, today), rank: 0 })).sort(rankOrder);
  ranked.forEach((u, i) => {
    u.rank = i + 1;
  });
  const cmp = SORT[o.query.sort];
  const units = [...ranked].sort((a, b) => (o.query.dir === 'desc' ? -1 : 1) * cmp(a, b) || a.rank - b.rank);
  const sum = (k: 'problems' | 'closed' | 'red' | 'openOrders' | 'recurring') => units.reduce((s, u) => s + u[k], 0);
  return {
    offices,
    units,
    totals: {
      units: units.length,
      problems: sum('problems'),
      closed: sum('closed'),
      red: sum('red'),
      openOrders: sum('openOrders'),
      recurring: sum('recurring'),
    },
    today,
    years,
  };
}

/** GET /office/board */
export async function getBoard(ctx: AppContext, o: { actor: Actor; query: BoardQuery }) {
  enforce('viewOfficeBoard', policy.viewOfficeBoard(o.actor));
  return boardOf(ctx.db, { officeIds: policy.boardOffices(o.actor), query: o.query, now: ctx.clock.now() });
}

/** GET /office/units/:id — a unit's rounds with counts and grades (the board's drill-down). */
export async function getUnit(ctx: AppContext, o: { actor: Actor; unitId: number }): Promise<z.output<typeof unitDetailSchema>> {
  enforce('viewOfficeBoard', policy.viewOfficeBoard(o.actor));
  const unit = await officeRepo.unit(ctx.db, policy.boardOffices(o.actor), o.unitId);
  if (!unit) throw notFound(`unit ${o.unitId}`, '该单位');
  const now = ctx.clock.now();
  const rounds = await officeRepo.unitRounds(ctx.db, unit.id, beijingDate(now));
  const rows = (await Promise.all(rounds.map((r) => evaluationRepo.round(ctx.db, r.id)))).filter((r) => r != null);
  const evals = await evaluateRounds(ctx.db, rows, now);
  return {
    unit: { id: unit.id, name: unit.name },
    office: { id: unit.office_id, name: unit.office_name },
    rounds: rounds.map((r) => {
      const e = evals.get(r.id)!;
      return {
        inspection: { id: r.id, name: r.title },
        kind: r.kind,
        feedbackDate: r.feedback_date,
        problems: r.problems,
        closed: r.closed,
        red: r.red,
        stalled: r.stalled,
        recurring: r.recurring,
        score: e.evaluation.score,
        grade: e.grade,
        overridden: e.overrides[0]?.grade != null,
        lookbacksOpen: r.lookbacks_open,
      };
    }),
  };
}

/** GET /office/trend — completion and overdue per unit over the weekly snapshots. */
export async function getTrend(ctx: AppContext, o: { actor: Actor; query: TrendQuery }): Promise<z.output<typeof trendSchema>> {
  enforce('viewOfficeBoard', policy.viewOfficeBoard(o.actor));
  const today = beijingDate(ctx.clock.now());
  const since = new Date(Date.parse(`${mondayOf(today)}T00:00:00Z`) - (o.query.weeks - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
  const rows = await officeRepo.snapshots(ctx.db, {
    officeIds: policy.boardOffices(o.actor),
    kind: o.query.kind,
    year: o.query.year,
    since,
  });
  const weeks = [...new Set(rows.map((r) => r.week))].sort();
  const at = new Map(weeks.map((w, i) => [w, i]));
  const series = new Map<number, z.output<typeof trendSchema>['series'][number]>();
  for (const r of rows) {
    let s = series.get(r.unit_id);
    if (!s)
      series.set(
        r.unit_id,
        (s = { unit: { id: r.unit_id, name: r.unit_name }, completion: weeks.map(() => null), overdue: weeks.map(() => null) }),
      );
    const i = at.get(r.week)!;
    s.completion[i] = r.problems ? Math.round((r.closed / r.problems) * 10_000) / 10_000 : 0;
    s.overdue[i] = r.overdue;
  }
  return { weeks, series: [...series.values()] };
}

/**
 * The weekly snapshot the trend is drawn from: this week's counts of every round,
 * stored under the week's Monday (Beijing). Idempotent within a week. Run weekly by
 * the scheduler (and by `zhenggai office snapshot` by hand).
 */
export async function takeWeeklySnapshot(ctx: Pick<AppContext, 'db'>, date: Date): Promise<{ week: string; rounds: number }> {
  const today = beijingDate(date);
  const week = mondayOf(today);
  const rounds = await ctx.db.tx((q) => officeRepo.takeSnapshot(q, { week, today, at: date }));
  return { week, rounds };
}
