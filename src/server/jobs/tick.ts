/**
 * One pass of the scheduler — what `zhenggai tick --date` and the server's own
 * loop both run: the daily evaluation of the date, the weekly and monthly digests
 * due by it (each unit on its own weekday and day of month), then the outbox.
 * Every periodic job is claimed per period in scheduler_runs, so a second pass,
 * a second server or a pass after a crash does nothing twice.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { beijingDate } from '../lib/clock.js';
import { DEFAULT_DIGEST_SCHEDULE, digestsDue, type DigestKind } from '../../domain/supervision/index.js';
import { digestSettingsRepo } from '../modules/digests/repository.js';
import { sendDigest } from '../modules/digests/service.js';
import { pumpDeliveries, type PumpResult } from '../modules/notifications/deliveries.js';
import { evaluateDay, LEASE_MS, type EvaluationResult } from './evaluate.js';
import { schedulerRepo } from './repository.js';
import { mondayOf, takeWeeklySnapshot } from '../modules/office/service.js';
import { problemRepo } from '../modules/problems/repository.js';

/** How many more tally rows than keys are left unfolded (summing them costs less than rewriting the table each pass). */
const TALLY_SURPLUS = 1000;

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>;

export interface TickReport {
  date: string;
  evaluation: EvaluationResult;
  digests: { unitId: number; kind: DigestKind; period: string }[];
  deliveries: PumpResult;
}

/** A name for this runner in scheduler_runs (which server, which process). */
export function runnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export async function runTick(
  ctx: Ctx,
  o: { date?: string; owner?: string; batch?: number; crashAfterBatches?: number } = {},
): Promise<TickReport> {
  const date = o.date ?? beijingDate(ctx.clock.now());
  const owner = o.owner ?? runnerId();
  const evaluation = await evaluateDay(ctx, { date, owner, batch: o.batch, crashAfterBatches: o.crashAfterBatches });
  const digests: TickReport['digests'] = [];
  for (const u of await digestSettingsRepo.units(ctx.db)) {
    const schedule = {
      weeklyWeekday: u.weekly_weekday ?? DEFAULT_DIGEST_SCHEDULE.weeklyWeekday,
      monthlyDay: u.monthly_day ?? DEFAULT_DIGEST_SCHEDULE.monthlyDay,
    };
    for (const due of digestsDue(date, schedule)) {
      const job = `digest:${due.kind}:${u.id}`;
      const now = ctx.clock.now();
      const claim = await schedulerRepo.claim(ctx.db, {
        job,
        period: due.period,
        owner,
        now,
        leaseUntil: new Date(now.getTime() + LEASE_MS),
      });
      if (!claim) continue;
      // sendDigest is itself once per period (its unique key): a take-over after a crash between it and finish sends nothing again
      if (await sendDigest(ctx, { unitId: u.id, kind: due.kind, asOf: date }))
        digests.push({ unitId: u.id, kind: due.kind, period: due.period });
      await schedulerRepo.finish(ctx.db, { job, period: due.period, owner, result: { asOf: date }, at: ctx.clock.now() });
    }
  }
  await weeklySnapshot(ctx, { date, owner });
  // the ledger's count tally: a day's status changes fold into one row per key (a few milliseconds)
  await problemRepo.compactTally(ctx.db, TALLY_SURPLUS);
  const deliveries = await pumpDeliveries(ctx);
  return { date, evaluation, digests, deliveries };
}

/**
 * The office board's trend (issue 10): the week's snapshot of every round, once per
 * ISO week (claimed under its Monday), on the first pass of the week.
 */
async function weeklySnapshot(ctx: Ctx, o: { date: string; owner: string }): Promise<void> {
  const job = 'office:snapshot';
  const period = mondayOf(o.date);
  const now = ctx.clock.now();
  if (!(await schedulerRepo.claim(ctx.db, { job, period, owner: o.owner, now, leaseUntil: new Date(now.getTime() + LEASE_MS) }))) return;
  const r = await takeWeeklySnapshot(ctx, new Date(`${o.date}T04:00:00Z`));
  await schedulerRepo.finish(ctx.db, { job, period, owner: o.owner, result: r, at: ctx.clock.now() });
}

/**
 * The server's own scheduler: a pass every SCHEDULER_INTERVAL_SECONDS on the
 * real clock (each pass does only what is due), never two passes at once in one
 * process. Returns the stop function.
 */
export function startScheduler(ctx: Ctx): () => void {
  const owner = runnerId();
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runTick(ctx, { owner });
      if (r.evaluation.ran || r.digests.length || r.deliveries.sent || r.deliveries.failed) ctx.log.info({ tick: r }, 'scheduler pass');
    } catch (e) {
      ctx.log.error({ err: e }, 'scheduler pass failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), ctx.config.SCHEDULER_INTERVAL_SECONDS * 1000);
  timer.unref();
  void pass();
  return () => clearInterval(timer);
}
