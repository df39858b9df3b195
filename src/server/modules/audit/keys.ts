/**
 * The audit key: one 256-bit master in `<KEY_DIR>/audit.key`, outside the
 * database, from which the chain's, the checkpoints', the archives' and the
 * business seals' keys are derived. It is bound to a database (by the `owner`
 * its transactions share), so `writeAudit(q, …)` finds it from the queryable
 * it is given, and two apps in one process (tests) keep their own keys.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../../db/index.js';
import { deriveKey, keyDirOf, readKeyFile } from '../../lib/crypto.js';
import type { Config } from '../../config.js';

export interface AuditKeys {
  /** HMAC-SM3 key of the row chain. */
  chain: Buffer;
  /** HMAC-SM3 key of the checkpoint lines. */
  checkpoint: Buffer;
  /** HMAC-SM3 key of archive files. */
  archive: Buffer;
  /** HMAC-SM3 key of the business seals (transitions, progress). */
  seal: Buffer;
  /** The master, for backups' own derived keys. */
  master: Buffer;
}

export function auditKeysFrom(master: Buffer): AuditKeys {
  return {
    chain: deriveKey(master, 'audit/chain'),
    checkpoint: deriveKey(master, 'audit/checkpoint'),
    archive: deriveKey(master, 'audit/archive'),
    seal: deriveKey(master, 'audit/seal'),
    master,
  };
}

export function auditKeyFileOf(c: Pick<Config, 'dataDir' | 'KEY_DIR'>): string {
  return join(keyDirOf({ ...c, AUDIT_CHECKPOINT_FILE: undefined }), 'audit.key');
}

// Counted: several apps may serve one database (tests build a second app on the
// first one's database); the key stays bound until the last of them lets go.
const bound = new WeakMap<object, { keys: AuditKeys; users: number }>();

/** Binds the keys to the database `q` belongs to (every transaction of it). */
export function bindAuditKeys(q: Queryable, keys: AuditKeys): void {
  if (!q.owner) throw new Error('this database handle cannot carry an audit key (no owner)');
  const b = bound.get(q.owner);
  if (b && !b.keys.master.equals(keys.master)) throw new Error('another audit key is already bound to this database');
  bound.set(q.owner, { keys, users: (b?.users ?? 0) + 1 });
}

export function unbindAuditKeys(q: Queryable): void {
  const b = q.owner && bound.get(q.owner);
  if (!b) return;
  if (--b.users <= 0) bound.delete(q.owner!);
}

/** The keys bound to the database of `q`, or null (rows are then written as the legacy plain chain). */
export function auditKeysOf(q: Queryable): AuditKeys | null {
  return (q.owner && bound.get(q.owner)?.keys) || null;
}

/**
 * Reads the key file when it exists and binds it (commands that write audit
 * rows open the database through this). A missing file binds nothing: the
 * writer then refuses to append to a keyed chain rather than break it.
 */
export function bindAuditKeysIfPresent(q: Queryable, c: Pick<Config, 'dataDir' | 'KEY_DIR'>): AuditKeys | null {
  const path = auditKeyFileOf(c);
  if (!existsSync(path)) return null;
  const keys = auditKeysFrom(readKeyFile(path, { create: false }).key);
  bindAuditKeys(q, keys);
  return keys;
}
