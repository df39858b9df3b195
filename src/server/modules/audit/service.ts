import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { hasRole } from '../auth/actor.js';
import { forbidden } from '../../lib/errors.js';
import { sm3 } from '../../lib/sm3.js';
import { canonicalJson } from '../../lib/audit.js';
import { auditRepo, type AuditRow } from './repository.js';

/** Recomputes one row's hash exactly as `writeAudit` made it. */
export function rowHash(r: AuditRow): string {
  const detail = r.detail == null ? '' : canonicalJson(r.detail);
  return sm3([r.prev_hash, new Date(r.at).toISOString(), r.actor_id ?? '', r.action, r.object_type ?? '', r.object_id ?? '', r.unit_id ?? '', r.outcome, detail, r.ip ?? ''].join('\u001f'));
}

export async function auditPage(ctx: AppContext, actor: Actor, page: number, pageSize: number, action?: string) {
  if (!hasRole(actor, 'auditor')) throw forbidden('view audit', '查看审计日志');
  const { rows, total } = await auditRepo.page(ctx.db, page, pageSize, action);
  return {
    total, page, pageSize,
    items: rows.map((r) => ({ id: r.id, at: r.at, actor: { id: r.actor_id, name: r.actor_name }, action: r.action, objectType: r.object_type, objectId: r.object_id, unitId: r.unit_id, outcome: r.outcome, detail: r.detail, ip: r.ip, hash: r.hash })),
  };
}

/** Walks the chain: each row must link to its predecessor and hash to itself. */
export async function verifyChain(ctx: AppContext): Promise<{ ok: boolean; rows: number; brokenAt: number | null }> {
  let prev = '0'.repeat(64);
  let after = 0;
  let n = 0;
  for (;;) {
    const batch = await auditRepo.all(ctx.db, after, 1000);
    if (!batch.length) return { ok: true, rows: n, brokenAt: null };
    for (const r of batch) {
      if (r.prev_hash !== prev || rowHash(r) !== r.hash) return { ok: false, rows: n, brokenAt: r.id };
      prev = r.hash;
      after = r.id;
      n++;
    }
  }
}
