import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.js';
import { openDb, migrate, type Db } from './db/index.js';
import { ManualClock, systemClock, type Clock } from './lib/clock.js';
import { buildApp } from './app.js';
import { demoRepo } from './demo/repository.js';
import { loadDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/load.js';
import { startMaintenance } from './maintenance.js';
import { startScheduler } from './jobs/tick.js';
import { bindAuditKeysIfPresent } from './modules/audit/keys.js';
import { applyDemoPolicy } from './modules/security/service.js';
import { storageOf } from './storage/index.js';

export function clockFrom(config: Config): Clock {
  return config.ZG_NOW ? new ManualClock(config.ZG_NOW) : systemClock;
}

export async function openConfigured(config: Config): Promise<Db> {
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, sharedBuffers: config.PGLITE_SHARED_BUFFERS });
  // commands that write audit rows find the audit key bound (modules/audit/keys.ts)
  bindAuditKeysIfPresent(db, config);
  return db;
}

/**
 * `zhenggai serve`: open the database (locking a PGlite data dir), migrate,
 * load the demo on first start, serve the API and the web bundle.
 */
export async function serve(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ app: FastifyInstance; db: Db; url: string; stop: () => Promise<void> }> {
  const config = loadConfig(env);
  const clock = clockFrom(config);
  const db = await openConfigured(config);
  try {
    // the file store reachable (the bucket created when absent) before anything is stored or served
    await storageOf(config).init();
    const m = await migrate(db);
    if (m.applied.length) console.log(`migrations applied: ${m.applied.join(', ')}`);
    if (await demoRepo.isEmpty(db)) {
      const r = await loadDemo(db, clock, config);
      // the demo signs in with a password alone; the security administrator turns the second factor on (安全策略)
      await applyDemoPolicy(db, config, clock);
      console.log(`demo data loaded: ${r.problems} problems (演示数据已载入)`);
    }
  } catch (e) {
    await db.close();
    throw e;
  }
  const app = await buildApp({ db, clock, config, serveWeb: true });
  const stopMaintenance = startMaintenance({ db, clock, config, log: app.log });
  // reminders, digests and deliveries on the database's schedule (issue 9); off where `zhenggai tick` runs elsewhere
  const stopScheduler = config.SCHEDULER ? startScheduler({ db, clock, config, log: app.log }) : () => undefined;
  await app.listen({ port: config.PORT, host: config.HOST });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    stopMaintenance();
    stopScheduler();
    await app.close();
    await db.close();
  };
  return { app, db, url, stop };
}

export function banner(url: string, engine: string): string {
  const lines = [
    `Zhenggai 整改 is running on ${url}  (database: ${engine})`,
    `API docs: ${url}/api/docs`,
    `Demo accounts (password ${DEMO_PASSWORD}):`,
    ...DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(8)} ${a.displayName}  ${a.where}`),
  ];
  return lines.join('\n');
}
