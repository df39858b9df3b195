import type { AppContext } from './context.js';
import { beijingDate } from './lib/clock.js';
import { authRepo } from './modules/auth/repository.js';
import { cleanStorage } from './modules/audit/integrity.js';
import { LEASE_MS } from './jobs/evaluate.js';
import { runnerId } from './jobs/tick.js';
import { schedulerRepo } from './jobs/repository.js';
import { storageOf } from './storage/index.js';

/** Temporary upload files younger than this stay: another server on a shared directory may be writing one. */
const TEMP_MARGIN_MS = 600_000;

/**
 * Housekeeping on a timer: PGlite has no autovacuum, so VACUUM ANALYZE runs on
 * a schedule (keeping index-only scans and planner statistics useful); expired
 * sessions are deleted; the file store is swept. All are cheap and idempotent;
 * a failure is logged and retried next round.
 *
 * The sweep (temporary uploads, files no row refers to after a day) lists the
 * whole store and reads every referenced digest, so with several app servers
 * on one database it runs once a day in all, claimed in scheduler_runs like
 * the other periodic jobs; it never delays the start. At start each server
 * removes only its own directory's stale temporary files (the object store
 * writes none).
 */
export function startMaintenance(ctx: AppContext): () => void {
  const owner = runnerId();
  const run = async () => {
    try {
      const n = await authRepo.deleteExpiredSessions(ctx.db, ctx.clock.now());
      if (ctx.db.engine === 'pglite') await ctx.db.exec('VACUUM ANALYZE');
      ctx.log.info({ expiredSessions: n }, 'maintenance done');
    } catch (e) {
      ctx.log.warn({ err: e }, 'maintenance failed');
    }
    await sweep();
  };
  const sweep = async () => {
    const job = 'storage:sweep';
    const now = ctx.clock.now();
    const period = beijingDate(now);
    try {
      if (!(await schedulerRepo.claim(ctx.db, { job, period, owner, now, leaseUntil: new Date(now.getTime() + LEASE_MS) }))) return;
      const r = await cleanStorage(ctx.db, ctx.config, undefined, TEMP_MARGIN_MS);
      await schedulerRepo.finish(ctx.db, { job, period, owner, result: r, at: ctx.clock.now() });
      if (r.temp || r.unreferenced) ctx.log.info(r, 'file store cleaned');
    } catch (e) {
      // the lease runs out and the next round (here or on another server) takes the day over
      ctx.log.warn({ err: e }, 'file store sweep failed');
    }
  };
  if (storageOf(ctx.config).kind === 'local') {
    void cleanStorage(null, ctx.config, undefined, TEMP_MARGIN_MS).then(
      (r) => r.temp && ctx.log.info(r, 'temporary upload files removed'),
      (e: unknown) => ctx.log.warn({ err: e }, 'temporary upload files not removed'),
    );
  }
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, ctx.config.VACUUM_INTERVAL_MINUTES * 60_000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
