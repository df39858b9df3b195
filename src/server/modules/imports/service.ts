import type { AppContext } from '../../context.js';
import type { Db, Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { beijingDate, type Clock } from '../../lib/clock.js';
import { AppError, badRequest, conflict } from '../../lib/errors.js';
import { abilities, deny, enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import { sm3 } from '../../lib/sm3.js';
import { NoticeInputError, type LedgerMapping, type ParsedNotice } from '../../../domain/notice/index.js';
import { readNoticeOffThread } from './notice-reader.js';
import { planImport, PlanError, type PlannedProblem } from '../../../domain/notice/plan.js';
import type { ImportCommitBody } from '../../../domain/schemas/imports.js';
import { unitFacts } from '../inspections/service.js';
import { inspectionRepo } from '../inspections/repository.js';
import { orgRepo } from '../orgs/repository.js';
import { treeImportRepo, type NewTreeNode } from '../problems/tree-repository.js';
import { sealProgressEntries, sealTransitions } from '../audit/integrity.js';
import type { ProblemStatus } from '../../../domain/workflow/index.js';
import { importRepo } from './repository.js';
import { flagRoundInBatches } from '../recurrence/service.js';
import * as policy from './policy.js';

/** Reads a document into a preview; refusals become a 400/413 with the reader's Chinese message. */
async function analyse(
  bytes: Uint8Array,
  filename: string | undefined,
  mapping?: LedgerMapping,
): Promise<{ digest: string; parsed: ParsedNotice }> {
  try {
    const parsed = await readNoticeOffThread(bytes, filename, mapping);
    return { digest: sm3(bytes), parsed };
  } catch (e) {
    if (e instanceof NoticeInputError) {
      throw new AppError(e.code === 'too-large' ? 'payload_too_large' : 'bad_request', {
        message: e.message,
        userMessage: e.userMessage,
        details: { reason: e.code },
      });
    }
    throw e;
  }
}

async function checkUnit(ctx: AppContext, actor: Actor, unitId: number): Promise<void> {
  enforce('importNotice', policy.importInto(actor, await unitFacts(ctx.db, unitId)));
}

/**
 * POST /imports/preview — reads and checks a document without writing. Without
 * a unit, 整改办's own unit is assumed (its saved mapping, the duplicate check).
 */
export async function preview(
  ctx: AppContext,
  o: { actor: Actor; bytes: Uint8Array; filename?: string; unitId?: number; mapping?: LedgerMapping },
) {
  const { actor, ...input } = o;
  enforce('importNotice', policy.importNotice(actor));
  const unitId = input.unitId ?? actor.adminUnitIds[0];
  // importing into the unit read for; null when the preview has none (巡察办 picks the unit at commit)
  const into = unitId ? policy.importInto(actor, await unitFacts(ctx.db, unitId)) : null;
  if (into) enforce('importNotice', into);
  const saved = unitId && !input.mapping ? await importRepo.mapping(ctx.db, unitId) : null;
  const { digest, parsed } = await analyse(input.bytes, input.filename, input.mapping ?? saved ?? undefined);
  const duplicate = unitId ? await importRepo.byDigest(ctx.db, unitId, digest) : null;
  return {
    digest,
    filename: input.filename ?? null,
    size: input.bytes.length,
    unitId: unitId ?? null,
    duplicate: duplicate ? { inspectionId: duplicate.inspection_id, title: duplicate.title, importedAt: duplicate.created_at } : null,
    notice: parsed,
    // commit: into its unit, or (read without one) into a unit the actor chooses; a mapping is saved per unit
    abilities: abilities({ commit: into ?? policy.importNotice(actor), saveMapping: into ?? deny('unit_not_visible') }),
  };
}

/** Matches a department written in a notice to one of the unit's departments. */
function deptMatcher(depts: { id: number; name: string }[]) {
  const norm = (s: string) => s.replace(/[\s（）()]/g, '');
  return (name: string | null): number | null => {
    if (!name) return null;
    const n = norm(name);
    const exact = depts.find((d) => norm(d.name) === n);
    if (exact) return exact.id;
    const partial = depts.filter((d) => n.includes(norm(d.name)) || norm(d.name).includes(n));
    return partial.length === 1 ? partial[0].id : null;
  };
}

/** Who imports: a signed-in person, or the CLI (no account). */
export interface Importer {
  id: number | null;
  name: string;
  ip: string | null;
}

/**
 * Writes the planned tree set-based (issue 12: row by row, a 3,273-node import held
 * the embedded database 7–9 s): one INSERT per level, parents mapped by their
 * place among siblings; measures, cooperators, the reported progress and its
 * transitions one statement each, sealed in one statement each. The counters
 * (children, measures, progress) are known from the plan and written with the rows.
 */
async function writePlan(q: Queryable, a: { plan: PlannedProblem[]; inspectionId: number; unitId: number; by: Importer; now: Date }) {
  const match = deptMatcher(await orgRepo.departments(q, a.unitId));
  const children = new Map<string, number>();
  for (const p of a.plan) if (p.parentKey) children.set(p.parentKey, (children.get(p.parentKey) ?? 0) + 1);
  const ids = new Map<string, number>();
  const lead = new Map<string, number | null>();
  const status = (p: PlannedProblem): ProblemStatus =>
    p.progress ? (p.rectifyKind === 'long_term' ? 'long_term' : 'in_progress') : 'pending';
  for (const level of [1, 2, 3]) {
    // the plan lists parents before children; a level's parents are all written by now
    const rows = a.plan.filter((p) => p.level === level);
    const place = new Map<number | null, number>();
    const nodes: NewTreeNode[] = rows.map((p) => {
      const parentId = p.parentKey ? ids.get(p.parentKey)! : null;
      const sortOrder = (place.get(parentId) ?? 0) + 1;
      place.set(parentId, sortOrder);
      lead.set(p.key, match(p.leadDepartment));
      return {
        parentId,
        label: p.label,
        title: p.title,
        description: p.description,
        sortOrder,
        rectifyKind: p.rectifyKind,
        leadDeptId: lead.get(p.key)!,
        leaderName: p.leader,
        deadline: p.deadline,
        status: status(p),
        childCount: children.get(p.key) ?? 0,
        measureCount: p.measures.length,
        progressCount: p.progress ? 1 : 0,
      };
    });
    const made = await treeImportRepo.insertLevel(q, { inspectionId: a.inspectionId, unitId: a.unitId, level, now: a.now, rows: nodes });
    rows.forEach((p, i) => ids.set(p.key, made[i]));
  }
  const idOf = (p: PlannedProblem) => ids.get(p.key)!;
  await treeImportRepo.insertCooperators(
    q,
    a.plan.flatMap((p) =>
      [...new Set(p.cooperatingDepartments.map(match))]
        .filter((d): d is number => d != null && d !== lead.get(p.key))
        .map((deptId) => ({ problemId: idOf(p), deptId })),
    ),
  );
  const measures = a.plan.flatMap((p) =>
    p.measures.map((m, i) => ({ problemId: idOf(p), text: m.slice(0, 4000), ownerDeptId: lead.get(p.key)!, sortOrder: i + 1 })),
  );
  await treeImportRepo.insertMeasures(q, measures, a.now);
  // what the notice reports as done is kept as the first progress entry; closure still needs review
  const reported = a.plan.filter((p) => p.progress);
  const entries = await importRepo.insertProgress(q, {
    problemIds: reported.map(idOf),
    texts: reported.map((p) => p.progress!.slice(0, 10000)),
    authorId: a.by.id,
    at: a.now,
  });
  await sealProgressEntries(q, entries);
  const transitions = await importRepo.insertTransitions(q, {
    problemIds: reported.map(idOf),
    to: reported.map(status),
    actorId: a.by.id,
    reason: '导入通报中的整改进展',
    at: a.now,
  });
  await sealTransitions(q, transitions);
  return { problems: a.plan.length, measures: measures.length };
}

/**
 * Creates the inspection round and its whole tree in one transaction. The same
 * document (by SM3 digest) imported twice into a unit is refused unless confirmed.
 */
export async function commitImport(ctx: AppContext, o: { actor: Actor; commit: ImportCommitBody }) {
  const { actor, commit: body } = o;
  await checkUnit(ctx, actor, body.unitId);
  let plan: PlannedProblem[];
  try {
    plan = planImport(body.nodes);
  } catch (e) {
    if (e instanceof PlanError) throw badRequest(e.message, e.userMessage, [{ path: 'nodes', message: e.userMessage }]);
    throw e;
  }
  if (!plan.length) throw badRequest('nothing to import', '没有可导入的问题', [{ path: 'nodes', message: '没有问题节点' }]);
  return importTree(ctx.db, ctx.clock, { id: actor.id, name: actor.username, ip: actor.ip }, body, plan);
}

/** The result of a commit, as answered (and as replayed for a repeated idempotency key). */
interface CommitResult {
  inspectionId: number;
  problems: number;
  measures: number;
}

/** The earlier result of a key, when this commit repeats one (409 when the key was used for another document). */
async function replay(q: Queryable, by: Importer, body: ImportCommitBody, now: Date): Promise<CommitResult | null> {
  if (!body.idempotencyKey || by.id == null) return null;
  const claim = { actorId: by.id, key: body.idempotencyKey, unitId: body.unitId, digest: body.digest, at: now };
  if (await importRepo.claimKey(q, claim)) return null;
  const earlier = await importRepo.keyed(q, by.id, body.idempotencyKey);
  if (!earlier || earlier.unit_id !== body.unitId || earlier.digest !== body.digest || earlier.result == null) {
    throw conflict('idempotency key reused for another import', '该导入请求的标识已用于另一份文档，请刷新页面后重新导入', {
      reason: 'idempotency_key_reused',
    });
  }
  return earlier.result as CommitResult;
}

/**
 * The commit: the round and its whole tree in one transaction (all or nothing),
 * then — after it, in short transactions of their own — the 屡查屡犯 check of the
 * new round against the office's earlier rounds, which compares every leaf and
 * would otherwise hold the database for seconds.
 */
export async function importTree(db: Db, clock: Clock, by: Importer, body: ImportCommitBody, plan: PlannedProblem[]) {
  const { result, fresh } = await commitTree(db, clock, by, body, plan);
  if (fresh) await flagRoundInBatches(db, { inspectionId: result.inspectionId, now: clock.now() });
  return result;
}

/** The transaction of an import (bench/import.ts times it alone); `fresh` false when it replayed an earlier commit. */
export async function commitTree(db: Db, clock: Clock, by: Importer, body: ImportCommitBody, plan: PlannedProblem[]) {
  let fresh = false;
  const result = await db.tx(async (q): Promise<CommitResult> => {
    // a repeated commit (double click, retry) answers what the first one did, before the duplicate check would refuse it
    const earlier = await replay(q, by, body, clock.now());
    if (earlier) return earlier;
    fresh = true;
    const dup = await importRepo.byDigest(q, body.unitId, body.digest);
    if (dup && !body.confirmDuplicate) {
      throw new AppError('duplicate', {
        message: `document ${body.digest} already imported as inspection ${dup.inspection_id}`,
        // the date people read is the Beijing date of the import, whatever the server's zone
        userMessage: `该文档已于 ${beijingDate(dup.created_at)} 导入为“${dup.title}”，如确需再次导入请确认`,
        details: { inspectionId: dup.inspection_id },
      });
    }
    const now = clock.now();
    const inspectionId = await inspectionRepo.insert(q, {
      ...body.inspection,
      unitId: body.unitId,
      createdBy: by.id,
      sourceDigest: body.digest,
      now,
    });
    const counts = await writePlan(q, { plan, inspectionId, unitId: body.unitId, by, now });
    await importRepo.record(q, {
      unitId: body.unitId,
      inspectionId,
      digest: body.digest,
      filename: body.filename ?? null,
      source: body.source,
      ...counts,
      findings: null,
      by: by.id,
      at: now,
    });
    await writeAudit(q, {
      at: now,
      actorId: by.id,
      actorName: by.name,
      action: 'inspection.import',
      objectType: 'inspection',
      objectId: inspectionId,
      unitId: body.unitId,
      detail: { digest: body.digest, filename: body.filename, ...counts, duplicate: !!dup },
      ip: by.ip,
    });
    const made = { inspectionId, ...counts };
    if (body.idempotencyKey && by.id != null) await importRepo.keyResult(q, by.id, body.idempotencyKey, made);
    return made;
  });
  return { result, fresh };
}

/** PUT /imports/mappings — a unit's saved ledger column mapping. */
export async function saveMapping(
  ctx: AppContext,
  o: { actor: Actor; mapping: { unitId: number; name: string; mapping: Record<string, string> } },
) {
  const { actor, mapping: v } = o;
  await checkUnit(ctx, actor, v.unitId);
  await ctx.db.tx(async (q) => {
    const now = ctx.clock.now();
    await importRepo.saveMapping(q, { ...v, by: actor.id, at: now });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'import.mapping',
      objectType: 'unit',
      objectId: v.unitId,
      unitId: v.unitId,
      detail: v.mapping,
      ip: actor.ip,
    });
  });
  return { ok: true };
}
