/**
 * What the server does for the records' trust when it starts and while it runs:
 * loads (or, on a database not yet keyed, creates) the audit key outside the
 * database and binds it; on the first start with a key, begins the keyed
 * segment of the chain and seals the business rows written before (both in
 * one audited transaction); writes signed checkpoints at start, every
 * AUDIT_CHECKPOINT_MINUTES while the chain grows, and at stop.
 *
 * Migrating rows written before this release: a migration cannot know the key,
 * so the old rows stay as they were (a plain SM3 chain) and the first keyed row
 * links to their last hash under the key. Rewriting an old row then breaks that
 * link, which nobody can repair without the key: the old segment is as well
 * protected as the new one, and nothing had to be re-hashed.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { Config } from '../../config.js';
import type { Db } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { archiveDirOf, checkpointFileOf, KeyError, readKeyFile } from '../../lib/crypto.js';
import { auditRepo } from './repository.js';
import { authRepo } from '../auth/repository.js';
import { checkArchives } from './archive.js';
import { lastCheckpoint, writeCheckpoint } from './checkpoints.js';
import { sealExisting } from './integrity.js';
import { auditKeyFileOf, auditKeysFrom, bindAuditKeys, unbindAuditKeys, type AuditKeys } from './keys.js';
import { writeAudit } from './service.js';
import { sealPlainNames, type SealReport } from '../registers/names.js';

interface Log {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

type TrustConfig = Pick<Config, 'dataDir' | 'KEY_DIR' | 'AUDIT_CHECKPOINT_FILE' | 'AUDIT_CHECKPOINT_MINUTES' | 'SYSLOG_URL'>;

function hasArchives(c: TrustConfig): boolean {
  const dir = archiveDirOf(c);
  return existsSync(dir) && readdirSync(dir).some((n) => n.endsWith('.jsonl'));
}

/**
 * Loads the audit key and binds it to the database; creates it only when no
 * keyed row exists yet (a vanished key must stop the server, not be replaced).
 * On the first keyed start, writes the segment's first row and seals.
 */
export async function openTrust(
  db: Db,
  config: TrustConfig,
  clock: Clock,
): Promise<{ keys: AuditKeys; started: boolean; names: SealReport }> {
  const keyed = (await auditRepo.hasKeyedRows(db)) || hasArchives(config);
  let key: Buffer;
  let created = false;
  try {
    ({ key, created } = readKeyFile(auditKeyFileOf(config), { create: !keyed }));
  } catch (e) {
    if (e instanceof KeyError && keyed) {
      throw new KeyError(
        `${e.message}. The audit trail is keyed: without its key it can be neither extended nor verified. ` +
          `Restore ${auditKeyFileOf(config)} from the key backup, or set KEY_DIR. 审计日志已使用密钥，请恢复密钥文件或设置 KEY_DIR。`,
      );
    }
    throw e;
  }
  const keys = auditKeysFrom(key);
  bindAuditKeys(db, keys);
  // personal data left in clear by an older release (or the demo loader) is encrypted before anything is served
  const names = await sealPlainNames(db, config);
  if (keyed) return { keys, started: false, names };
  const now = clock.now();
  await db.tx(async (q) => {
    const tip = await auditRepo.tip(q);
    const sealed = await sealExisting(q, keys);
    await writeAudit(q, {
      at: now,
      actorId: null,
      actorName: 'system',
      action: 'audit.chain_keyed',
      detail: { plainRows: tip.rows, plainHead: tip.head, keyCreated: created, sealed },
    });
  });
  return { keys, started: true, names };
}

/** Starts the trust housekeeping of a running server; `stop` writes the last checkpoint. */
export async function startTrust(ctx: { db: Db; config: TrustConfig; clock: Clock; log: Log }): Promise<{ stop: () => Promise<void> }> {
  const { db, config, clock, log } = ctx;
  const { keys, started, names } = await openTrust(db, config, clock);
  if (names.sealed || names.reindexed) log.info({ sealed: names.sealed, reindexed: names.reindexed }, 'accountability names encrypted');
  if (names.unreadable.length)
    log.warn({ entries: names.unreadable }, 'accountability names that the field key ring cannot open: restore KEY_DIR');
  const file = checkpointFileOf(config);
  const archived = () => checkArchives(archiveDirOf(config), keys).rows;
  let archivedRows = archived();
  const checkpoint = async (reason: string) => {
    const cp = await writeCheckpoint(db, { file, keys, now: clock.now(), reason, archivedRows, syslogUrl: config.SYSLOG_URL });
    lastId = cp.lastId;
  };
  let lastId = lastCheckpoint(file, keys)?.lastId ?? -1;
  await checkpoint(started ? 'keyed' : 'start');
  const tick = async () => {
    try {
      const tip = await auditRepo.tip(db);
      if (tip.lastId !== lastId) await checkpoint('interval');
      // counters of failed sign-ins whose window and lock are a day past
      await authRepo.purgeThrottle(db, new Date(clock.now().getTime() - 86_400_000));
    } catch (e) {
      log.warn({ err: e }, 'audit checkpoint failed');
    }
  };
  const timer = setInterval(() => void tick(), config.AUDIT_CHECKPOINT_MINUTES * 60_000);
  timer.unref();
  let stopped = false;
  return {
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      try {
        archivedRows = archived();
        await checkpoint('stop');
      } catch (e) {
        log.warn({ err: e }, 'final audit checkpoint failed');
      }
      unbindAuditKeys(db);
    },
  };
}
