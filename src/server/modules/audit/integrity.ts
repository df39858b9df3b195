/**
 * Business integrity: the rows whose silent edit would rewrite a problem's
 * history carry a keyed seal (HMAC-SM3 under a key derived from the audit key)
 * written in the transaction that writes them — every transition (status,
 * deadline and closure changes) and every progress entry. `verify` recomputes
 * the seals and reports, with the row:
 *  - a transition or progress entry whose content no longer matches its seal
 *    (its text or status edited in the database), or that has no seal (inserted
 *    outside the application), or a seal whose row is gone (deleted);
 *  - a problem whose status differs from the to-status of its last transition
 *    (a status set in the database without going through the workflow);
 *  - an evidence row whose file is missing or no longer has its SM3.
 */
import type { Queryable } from '../../db/index.js';
import { hmacSm3, sameHex } from '../../lib/crypto.js';
import { sm3 } from '../../lib/sm3.js';
import { auditRepo, integrityRepo, type SealedProgress, type SealedTransition } from './repository.js';
import { auditKeysOf, type AuditKeys } from './keys.js';
import { canonicalJson } from './service.js';
import { sm3OfStream, storageOf, type StorageTarget } from '../../storage/index.js';

function transitionSeal(keys: AuditKeys, t: SealedTransition): string {
  return hmacSm3(
    keys.seal,
    JSON.stringify([
      'transition',
      Number(t.id),
      t.problem_id,
      t.action,
      t.from_status,
      t.to_status,
      t.actor_id,
      new Date(t.created_at).toISOString(),
    ]),
  );
}

function progressSeal(keys: AuditKeys, p: SealedProgress): string {
  return hmacSm3(
    keys.seal,
    JSON.stringify([
      'progress',
      Number(p.id),
      p.problem_id,
      p.measure_id,
      p.author_id,
      sm3(p.text),
      p.figures == null ? null : canonicalJson(p.figures),
      new Date(p.created_at).toISOString(),
    ]),
  );
}

/**
 * Seals a transition just written (called by the one repository function that
 * writes transitions). Without a key bound (a database not yet keyed) nothing is
 * written: the first start with a key seals what exists (`sealExisting`).
 */
export async function sealTransition(q: Queryable, t: SealedTransition): Promise<void> {
  const keys = auditKeysOf(q);
  if (keys) await auditRepo.insertSeal(q, 'transition', Number(t.id), transitionSeal(keys, t));
}

/** Seals a progress entry just written (see `sealTransition`). */
export async function sealProgress(q: Queryable, p: SealedProgress): Promise<void> {
  const keys = auditKeysOf(q);
  if (keys) await auditRepo.insertSeal(q, 'progress', Number(p.id), progressSeal(keys, p));
}

/** Seals many transitions just written, in one statement (the import commit's). */
export async function sealTransitions(q: Queryable, ts: SealedTransition[]): Promise<void> {
  const keys = auditKeysOf(q);
  if (keys && ts.length)
    await auditRepo.insertSeals(
      q,
      'transition',
      ts.map((t) => Number(t.id)),
      ts.map((t) => transitionSeal(keys, t)),
    );
}

/** Seals many progress entries just written, in one statement (the import commit's). */
export async function sealProgressEntries(q: Queryable, ps: SealedProgress[]): Promise<void> {
  const keys = auditKeysOf(q);
  if (keys && ps.length)
    await auditRepo.insertSeals(
      q,
      'progress',
      ps.map((p) => Number(p.id)),
      ps.map((p) => progressSeal(keys, p)),
    );
}

/** Seals every row that has no seal yet (the first start with a key). */
export async function sealExisting(q: Queryable, keys: AuditKeys): Promise<{ transitions: number; progress: number }> {
  const ts = await integrityRepo.transitions(q, true);
  for (const t of ts) await auditRepo.insertSeal(q, 'transition', Number(t.id), transitionSeal(keys, t));
  const ps = await integrityRepo.progress(q, true);
  for (const p of ps) await auditRepo.insertSeal(q, 'progress', Number(p.id), progressSeal(keys, p));
  return { transitions: ts.length, progress: ps.length };
}

/** One thing `verify` found, with the table and row it is about. */
export interface Finding {
  /** What kind of check found it (chain, checkpoint, archive, transition, progress, status, evidence, key). */
  check: string;
  /** The table (or file) it is about. */
  table: string;
  /** The row id, when it is about one row. */
  id: number | null;
  /** Chinese, for people. */
  message: string;
}

/** The business rows against their seals, and each problem's status against its history. */
export async function checkBusiness(q: Queryable, keys: AuditKeys): Promise<{ checked: Record<string, number>; findings: Finding[] }> {
  const findings: Finding[] = [];
  const tSeals = await auditRepo.seals(q, 'transition');
  const transitions = await integrityRepo.transitions(q);
  for (const t of transitions) {
    const s = tSeals.get(Number(t.id));
    if (!s)
      findings.push({
        check: 'transition',
        table: 'transitions',
        id: Number(t.id),
        message: `问题 ${t.problem_id} 的流转记录 ${t.id} 没有密钥封记：不是由本系统写入`,
      });
    else if (!sameHex(s, transitionSeal(keys, t))) {
      findings.push({
        check: 'transition',
        table: 'transitions',
        id: Number(t.id),
        message: `问题 ${t.problem_id} 的流转记录 ${t.id} 与其封记不符：内容被改动`,
      });
    }
    tSeals.delete(Number(t.id));
  }
  for (const id of tSeals.keys())
    findings.push({ check: 'transition', table: 'transitions', id, message: `流转记录 ${id} 已封记但已不存在：被删除` });

  const pSeals = await auditRepo.seals(q, 'progress');
  const progress = await integrityRepo.progress(q);
  for (const p of progress) {
    const s = pSeals.get(Number(p.id));
    if (!s)
      findings.push({
        check: 'progress',
        table: 'progress_entries',
        id: Number(p.id),
        message: `问题 ${p.problem_id} 的进展 ${p.id} 没有密钥封记：不是由本系统写入`,
      });
    else if (!sameHex(s, progressSeal(keys, p))) {
      findings.push({
        check: 'progress',
        table: 'progress_entries',
        id: Number(p.id),
        message: `问题 ${p.problem_id} 的进展 ${p.id} 的文字或数据与其封记的摘要不符：内容被改动`,
      });
    }
    pSeals.delete(Number(p.id));
  }
  for (const id of pSeals.keys())
    findings.push({ check: 'progress', table: 'progress_entries', id, message: `进展 ${id} 已封记但已不存在：被删除` });

  const statuses = await integrityRepo.statuses(q);
  for (const p of statuses) {
    const expected = p.last_to ?? 'pending';
    if (p.status !== expected) {
      findings.push({
        check: 'status',
        table: 'problems',
        id: p.id,
        message:
          p.last_id == null
            ? `问题 ${p.id} 的状态为“${p.status}”，但没有任何流转记录：状态未经流程被改动`
            : `问题 ${p.id} 的状态为“${p.status}”，与其最后一条流转记录（${p.last_id}）的“${expected}”不符：状态未经流程被改动`,
      });
    }
  }
  // published notices: their text and .docx still have the digests stored with them and written into the chain
  const pubs = await integrityRepo.publications(q);
  const chained = await integrityRepo.publishedDigests(q);
  for (const p of pubs) {
    const c = chained.get(String(p.id));
    const textOk = sm3(p.text) === p.text_digest && (!c || c.textDigest === p.text_digest);
    const docxOk = sm3(Buffer.from(p.docx)) === p.docx_digest && (!c || c.docxDigest === p.docx_digest);
    if (!textOk || !docxOk) {
      findings.push({
        check: 'publication',
        table: 'publications',
        id: p.id,
        message: `已发布的通报 ${p.code} 的${!textOk ? '正文' : 'Word 文件'}与发布时记入审计日志的 SM3 摘要不符：被改动`,
      });
    }
  }
  return {
    checked: { transitions: transitions.length, progress: progress.length, problems: statuses.length, publications: pubs.length },
    findings,
  };
}

// ---- stored files --------------------------------------------------------------------------

/**
 * Evidence rows whose file is missing, or whose bytes no longer have the row's
 * SM3, in whichever store the configuration names (each file streamed once).
 */
export async function checkEvidence(q: Queryable, target: StorageTarget): Promise<{ checked: number; findings: Finding[] }> {
  const store = storageOf(target);
  const findings: Finding[] = [];
  const rows = await integrityRepo.evidence(q);
  const seen = new Map<string, 'ok' | 'missing' | 'altered'>();
  for (const r of rows) {
    let state = seen.get(r.digest);
    if (!state) {
      const f = /^[0-9a-f]{64}$/.test(r.digest) ? await store.get(r.digest) : null;
      state = !f ? 'missing' : (await sm3OfStream(f.stream)) === r.digest ? 'ok' : 'altered';
      seen.set(r.digest, state);
    }
    if (state === 'missing')
      findings.push({
        check: 'evidence',
        table: 'evidence',
        id: r.id,
        message: `问题 ${r.problem_id} 的佐证材料“${r.filename}”（${r.id}）文件缺失`,
      });
    if (state === 'altered') {
      findings.push({
        check: 'evidence',
        table: 'evidence',
        id: r.id,
        message: `问题 ${r.problem_id} 的佐证材料“${r.filename}”（${r.id}）文件内容与登记的 SM3 摘要不符：被改动`,
      });
    }
  }
  return { checked: rows.length, findings };
}

/**
 * Clean storage: removes the temporary files an interrupted upload or a crash
 * left in the store (`*.tmp` of the local store, written before the rename
 * that files a blob) once older than `tempAfterMs` (0: at once, for the
 * operator's command; a running server passes a margin, since another server
 * on a shared directory may be writing one), and stored files no row refers
 * to that are older than `unreferencedAfterMs` (a day: an upload stores its
 * file before its row commits, so a young file may be about to be referred
 * to). `q` null: temporary files only (before the database is open).
 */
export async function cleanStorage(
  q: Queryable | null,
  target: StorageTarget,
  unreferencedAfterMs = 86_400_000,
  tempAfterMs = 0,
): Promise<{ temp: number; unreferenced: number }> {
  const store = storageOf(target);
  const referenced = q ? await integrityRepo.referencedDigests(q) : null;
  let temp = 0;
  let unreferenced = 0;
  // file times are the store's real time, whatever the app's clock says
  const now = Date.now();
  const temps: string[] = [];
  const orphans: string[] = [];
  for await (const f of store.list()) {
    const age = now - f.modifiedAt.getTime();
    if (f.temp && age >= tempAfterMs) temps.push(f.name);
    else if (referenced && f.digest && !referenced.has(f.digest) && age > unreferencedAfterMs) orphans.push(f.digest);
  }
  // removed after the listing, so a paged listing (the object store's) never skips an entry
  for (const name of temps) {
    await store.delete(name);
    temp++;
  }
  for (const digest of orphans) {
    // an upload of the same bytes since the listing touched it: its row may be committing now
    const s = await store.stat(digest);
    if (!s || Date.now() - s.modifiedAt.getTime() <= unreferencedAfterMs) continue;
    await store.delete(digest);
    unreferenced++;
  }
  return { temp, unreferenced };
}
