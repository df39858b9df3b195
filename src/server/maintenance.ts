import type { AppContext } from './context.js';
import { authRepo } from './modules/auth/repository.js';

/**
 * Housekeeping on a timer: PGlite has no autovacuum, so VACUUM ANALYZE runs on
 * a schedule (keeping index-only scans and planner statistics useful); expired
 * sessions are deleted. Both are cheap and idempotent; a failure is logged and
 * retried next round.
 */
export function startMaintenance(ctx: AppContext): () => void {
  const run = async () => {
    try {
      const n = await authRepo.deleteExpiredSessions(ctx.db, ctx.clock.now());
      if (ctx.db.engine === 'pglite') await ctx.db.exec('VACUUM ANALYZE');
      ctx.log.info({ expiredSessions: n }, 'maintenance done');
    } catch (e) {
      ctx.log.warn({ err: e }, 'maintenance failed');
    }
  };
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, ctx.config.VACUUM_INTERVAL_MINUTES * 60_000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
