/**
 * `zhenggai verify` and GET /audit/verify: everything that proves the records
 * were not changed behind the application's back, in one report —
 *  - the audit chain (keyed rows, the plain segment before the key, the head),
 *  - the signed checkpoints outside the database (truncation, rebuild),
 *  - the signed archive files (retention) and their link to the table,
 *  - the business seals (transitions, progress text) and each problem's status
 *    against its last transition,
 *  - the evidence files against their SM3,
 *  - personal data stored in clear where it must be encrypted.
 * Each finding names the table (or file) and the row.
 */
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { enforce } from '../../lib/policy.js';
import * as policy from './policy.js';
import type { Queryable } from '../../db/index.js';
import { archiveDirOf, checkpointFileOf } from '../../lib/crypto.js';
import { auditRepo } from './repository.js';
import { checkArchives } from './archive.js';
import { checkCheckpoints, readCheckpoints, type Checkpoint } from './checkpoints.js';
import { checkBusiness, checkEvidence, type Finding } from './integrity.js';
import { auditKeysOf, bindAuditKeysIfPresent } from './keys.js';
import { GENESIS, walkChain } from './service.js';
import { fieldRepo } from '../security/repository.js';
import type { StorageConfig } from '../../storage/index.js';

export type { Finding } from './integrity.js';

export interface VerifyReport {
  ok: boolean;
  chain: { rows: number; plainRows: number; keyedFrom: number | null; brokenAt: number | null };
  checkpoints: { checked: number; latest: Pick<Checkpoint, 'at' | 'lastId' | 'rows'> | null };
  archives: { files: number; rows: number };
  business: Record<string, number>;
  evidence: { checked: number };
  findings: Finding[];
}

export async function verifyAll(
  q: Queryable,
  config: Pick<Config, 'dataDir' | 'KEY_DIR' | 'AUDIT_CHECKPOINT_FILE'> & StorageConfig,
): Promise<VerifyReport> {
  const findings: Finding[] = [];
  const keys = auditKeysOf(q) ?? bindAuditKeysIfPresent(q, config);
  const keyed = await auditRepo.hasKeyedRows(q);
  if (!keys && keyed) {
    findings.push({
      check: 'key',
      table: 'audit_log',
      id: null,
      message: '审计密钥文件缺失：无法校验带密钥的审计日志（请设置 KEY_DIR 指向存放 audit.key 的目录）',
    });
  }

  const archives = keys
    ? checkArchives(archiveDirOf(config), keys)
    : { files: 0, rows: 0, head: GENESIS, hashes: new Map<number, string>(), findings: [] };
  for (const f of archives.findings) findings.push({ check: 'archive', table: f.file, id: f.id, message: f.message });

  const walk = await walkChain(q, archives.head);
  if (!walk.ok && walk.brokenAt != null) {
    findings.push({
      check: 'chain',
      table: 'audit_log',
      id: walk.brokenAt,
      message: `审计日志第 ${walk.brokenAt} 行哈希链断裂（${walk.why}）：该行被改动，或其前的行被删除、插入或重建`,
    });
  }
  const head = await auditRepo.head(q);
  if (walk.ok && head !== (walk.head ?? archives.head)) {
    findings.push({
      check: 'chain',
      table: 'audit_head',
      id: null,
      message: '审计链头与日志最后一行不符：日志末尾的行被删除，或链头被改动',
    });
  }

  let checkpoints: VerifyReport['checkpoints'] = { checked: 0, latest: null };
  if (keys) {
    const tip = await auditRepo.tip(q);
    const archivedIds = [...archives.hashes.keys()];
    const lastArchived = archivedIds.length ? Math.max(...archivedIds) : 0;
    const file = checkpointFileOf(config);
    const r = await checkCheckpoints(file, keys, {
      lastId: Math.max(tip.lastId, lastArchived),
      hashOf: async (id) => archives.hashes.get(id) ?? (await auditRepo.byId(q, id))?.hash ?? null,
      rowsUpTo: async (id) => archivedIds.filter((x) => x <= id).length + (await auditRepo.countUpTo(q, id)),
    });
    for (const f of r.findings) findings.push({ check: 'checkpoint', table: file, id: f.line, message: f.message });
    if ((keyed || archives.files > 0) && readCheckpoints(file, keys).lines === 0) {
      findings.push({ check: 'checkpoint', table: file, id: null, message: '审计检查点文件缺失或为空：无法确认日志未被截断' });
    }
    checkpoints = { checked: r.checked, latest: r.latest ? { at: r.latest.at, lastId: r.latest.lastId, rows: r.latest.rows } : null };
  }

  let business: Record<string, number> = {};
  if (keys) {
    const b = await checkBusiness(q, keys);
    business = b.checked;
    findings.push(...b.findings);
  }
  const evidence = await checkEvidence(q, config);
  findings.push(...evidence.findings);
  // personal data must be SM4 ciphertext at rest (GB/T 39786); a value in clear was written past the application
  for (const p of await fieldRepo.plainValues(q)) {
    findings.push({ check: 'personal', table: p.table, id: p.id, message: `个人信息以明文保存（${p.column} 未加密）` });
  }

  return {
    ok: findings.length === 0,
    chain: { rows: walk.rows + archives.rows, plainRows: walk.plainRows, keyedFrom: walk.keyedFrom, brokenAt: walk.brokenAt },
    checkpoints,
    archives: { files: archives.files, rows: archives.rows },
    business,
    evidence: { checked: evidence.checked },
    findings,
  };
}

/** GET /audit/verify — the whole verification, for the audit administrator. */
export async function verifyAuditTrail(ctx: AppContext, o: { actor: Actor }) {
  enforce('verifyAudit', policy.verifyAudit(o.actor));
  const r = await verifyAll(ctx.db, ctx.config);
  return {
    ok: r.ok,
    rows: r.chain.rows,
    brokenAt: r.chain.brokenAt,
    plainRows: r.chain.plainRows,
    keyedFrom: r.chain.keyedFrom,
    checkpoints: r.checkpoints,
    archives: r.archives,
    business: r.business,
    evidence: r.evidence,
    findings: r.findings,
  };
}
