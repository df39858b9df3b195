import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { beijingDate } from '../../lib/clock.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { deny, enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import { checkEvidenceType, openBlob, putBlob } from '../progress/store.js';
import { reopenProblem } from '../workflow/service.js';
import { RISKS, drawSample, newSeed } from '../../../domain/evaluation/lookback.js';
import type {
  LookbackDecisionBody,
  lookbackDetailSchema,
  LookbackListQuery,
  LookbackOpenBody,
  lookbackSummarySchema,
} from '../../../domain/schemas/office.js';
import { evaluationRepo } from '../evaluation/repository.js';
import { lookbackRepo, type ItemRow, type LookbackRow } from './repository.js';
import * as policy from './policy.js';

type Summary = z.output<typeof lookbackSummarySchema>;
type Detail = z.output<typeof lookbackDetailSchema>;

const scopeOf = (a: Actor) => ({ unitIds: a.readUnitIds, deptIds: a.deptIds });

function factsOf(l: LookbackRow): policy.LookbackFacts {
  return { unitId: l.unit_id, status: l.status, undecided: l.requested + l.answered };
}

function itemFacts(i: ItemRow): policy.ItemFacts {
  return { status: i.status, leadDeptId: i.lead_dept_id };
}

function presentSummary(l: LookbackRow): Summary {
  return {
    id: l.id,
    inspection: { id: l.inspection_id, name: l.inspection_title },
    unit: { id: l.unit_id, name: l.unit_name },
    method: l.method,
    seed: l.seed,
    sampleSize: l.sample_size,
    population: l.population,
    answerDue: l.answer_due,
    note: l.note,
    status: l.status,
    openedBy: { id: l.opened_by, name: l.opened_by_name },
    openedAt: l.opened_at,
    closedAt: l.closed_at,
    counts: { requested: l.requested, answered: l.answered, confirmed: l.confirmed, reopened: l.reopened },
  };
}

async function detail(q: Queryable, actor: Actor, l: LookbackRow): Promise<Detail> {
  const items = await lookbackRepo.items(q, l.id);
  const evidence = await lookbackRepo.evidence(
    q,
    items.map((i) => i.id),
  );
  const facts = factsOf(l);
  return {
    ...presentSummary(l),
    items: items.map((i) => ({
      id: i.id,
      problem: { id: i.problem_id, path: i.problem_path, title: i.problem_title, status: i.problem_status, deadline: i.problem_deadline },
      risks: i.risks.map((code) => ({ code, label: RISKS[code].zh })),
      status: i.status,
      answer: i.answer,
      answeredBy: i.answered_by != null ? { id: i.answered_by, name: i.answered_by_name ?? '' } : null,
      answeredAt: i.answered_at,
      evidence: evidence.filter((e) => e.item_id === i.id).map((e) => ({ id: e.id, filename: e.filename, mime: e.mime, size: e.size })),
      decisionReason: i.decision_reason,
      decidedBy: i.decided_by != null ? { id: i.decided_by, name: i.decided_by_name ?? '' } : null,
      decidedAt: i.decided_at,
      newDeadline: i.new_deadline,
      abilities: {
        answer: policy.answerItem(actor, facts, itemFacts(i)).allowed,
        decide: policy.decideItem(actor, facts, itemFacts(i)).allowed,
      },
    })),
    abilities: { close: policy.closeLookback(actor, facts).allowed },
  };
}

async function load(q: Queryable, actor: Actor, id: number, forUpdate = false): Promise<LookbackRow> {
  const l = await lookbackRepo.byId(q, scopeOf(actor), id, forUpdate);
  if (!l) throw notFound(`lookback ${id}`, '该回头看');
  return l;
}

/** An item with its look-back, both visible to the actor (404 otherwise). */
async function loadItem(q: Queryable, actor: Actor, itemId: number, forUpdate = false): Promise<{ item: ItemRow; lookback: LookbackRow }> {
  const item = await lookbackRepo.item(q, itemId, forUpdate);
  const lookback = item ? await lookbackRepo.byId(q, scopeOf(actor), item.lookback_id) : null;
  if (!item || !lookback) throw notFound(`lookback item ${itemId}`, '该回头看事项');
  return { item, lookback };
}

/** The sample of a round as it would be drawn now (the use case's, and the CLI's `--dry-run`). */
export async function sampleOf(q: Queryable, o: { inspectionId: number; method: LookbackOpenBody['method']; size: number; seed: string }) {
  const closed = await lookbackRepo.closedItems(q, o.inspectionId);
  const facts = closed.map((c) => ({
    problemId: c.problem_id,
    deadline: c.deadline,
    closedOn: c.closed_on,
    lastReminderOn: c.last_reminder_on,
    evidenceCount: c.evidence_count,
    formalismCount: c.formalism_count,
    requestedBy: c.requested_by,
    closedBy: c.closed_by,
  }));
  return { population: closed.length, drawn: drawSample(facts, o) };
}

/**
 * POST /inspections/:id/lookbacks — 巡察办 opens a look-back of a round: draws the
 * sample (at random with the recorded seed, or by risk) from the round's closed
 * items, and makes each a re-verification task for the unit; one transaction, audited
 * with the seed and the items drawn.
 */
export async function openLookback(ctx: AppContext, o: { actor: Actor; inspectionId: number; body: LookbackOpenBody }) {
  const { actor, body } = o;
  const now = ctx.clock.now();
  if (body.answerDue < beijingDate(now)) {
    throw badRequest('answerDue in the past', '答复期限不能早于今天', [{ path: 'answerDue', message: '答复期限不能早于今天' }]);
  }
  const seed = body.seed ?? newSeed(now, randomInt(2 ** 31));
  const id = await ctx.db.tx(async (q) => {
    const round = await evaluationRepo.round(q, o.inspectionId);
    if (!round || !actor.readUnitIds.includes(round.unit_id)) throw notFound(`inspection ${o.inspectionId}`, '该巡视巡察轮次');
    enforce('openLookback', policy.openLookback(actor, round.unit_id));
    const { population, drawn } = await sampleOf(q, { inspectionId: round.id, method: body.method, size: body.size, seed });
    if (!drawn.length) enforce('openLookback', deny('no_closed_items'));
    const lid = await lookbackRepo.insert(q, {
      inspectionId: round.id,
      unitId: round.unit_id,
      method: body.method,
      seed,
      sampleSize: drawn.length,
      population,
      answerDue: body.answerDue,
      note: body.note,
      by: actor.id,
      at: now,
    });
    await lookbackRepo.insertItems(q, lid, drawn);
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'lookback.open',
      objectType: 'lookback',
      objectId: lid,
      unitId: round.unit_id,
      ip: actor.ip,
      detail: { inspectionId: round.id, method: body.method, seed, size: body.size, population, problems: drawn.map((d) => d.problemId) },
    });
    return lid;
  });
  return getLookback(ctx, { actor, lookbackId: id });
}

/** GET /lookbacks/:id */
export async function getLookback(ctx: AppContext, o: { actor: Actor; lookbackId: number }): Promise<Detail> {
  return detail(ctx.db, o.actor, await load(ctx.db, o.actor, o.lookbackId));
}

/** GET /lookbacks — the look-backs of the units the actor reads, and those with items its departments lead. */
export async function listLookbacks(ctx: AppContext, o: { actor: Actor; query: LookbackListQuery }) {
  const { query } = o;
  const { rows, total } = await lookbackRepo.list(ctx.db, scopeOf(o.actor), {
    status: query.status,
    inspectionId: query.inspectionId,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(presentSummary), total, page: query.page, pageSize: query.pageSize };
}

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/**
 * POST /lookback-items/:id/answer — the unit's answer with evidence (整改办, or the
 * department leading the item). Files are checked and stored before the transaction,
 * as progress evidence is; a second answer before the office decides replaces the text.
 */
export async function answerItem(ctx: AppContext, o: { actor: Actor; itemId: number; text: string; files: UploadedFile[] }) {
  const { actor } = o;
  await loadItem(ctx.db, actor, o.itemId);
  const typed = o.files.map((f) => ({ ...f, mime: checkEvidenceType(f.filename, f.bytes) }));
  const stored: { digest: string; filename: string; mime: string; size: number }[] = [];
  for (const f of typed)
    stored.push({ digest: await putBlob(ctx.config, f.bytes), filename: f.filename, mime: f.mime, size: f.bytes.length });
  const lookbackId = await ctx.db.tx(async (q) => {
    const { item, lookback } = await loadItem(q, actor, o.itemId, true);
    enforce('answerLookback', policy.answerItem(actor, factsOf(lookback), itemFacts(item)));
    const now = ctx.clock.now();
    if (!(await lookbackRepo.answer(q, item.id, { text: o.text, by: actor.id, at: now, files: stored }))) throw raced();
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'lookback.answer',
      objectType: 'lookback_item',
      objectId: item.id,
      unitId: lookback.unit_id,
      ip: actor.ip,
      detail: { lookbackId: lookback.id, problemId: item.problem_id, evidence: stored.map((f) => f.digest) },
    });
    return lookback.id;
  });
  return getLookback(ctx, { actor, lookbackId });
}

/**
 * POST /lookback-items/:id/decision — 巡察办 confirms the item, or reopens it: the
 * workflow's reopen transition (back to 整改中 with the reason and a new deadline, its
 * history and audit rows) and the item's decision commit in one transaction.
 */
export async function decideItem(ctx: AppContext, o: { actor: Actor; itemId: number; body: LookbackDecisionBody }) {
  const { actor, body } = o;
  const now = ctx.clock.now();
  if (body.deadline && body.deadline <= beijingDate(now)) {
    throw badRequest('deadline not in the future', '新的整改时限应晚于今天', [{ path: 'deadline', message: '新的整改时限应晚于今天' }]);
  }
  const { item, lookback } = await loadItem(ctx.db, actor, o.itemId);
  enforce('decideLookback', policy.decideItem(actor, factsOf(lookback), itemFacts(item)));
  // the item's own decision, re-checked under lock inside whichever transaction records it
  const record = async (q: Queryable, at: Date, status: 'confirmed' | 'reopened') => {
    const { item: locked, lookback: l } = await loadItem(q, actor, o.itemId, true);
    enforce('decideLookback', policy.decideItem(actor, factsOf(l), itemFacts(locked)));
    const deadline = status === 'reopened' ? (body.deadline ?? null) : null;
    if (!(await lookbackRepo.decide(q, locked.id, { status, reason: body.reason, by: actor.id, at, deadline }))) throw raced();
    await writeAudit(q, {
      at,
      actorId: actor.id,
      actorName: actor.username,
      action: `lookback.${status === 'reopened' ? 'reopen' : 'confirm'}`,
      objectType: 'lookback_item',
      objectId: locked.id,
      unitId: l.unit_id,
      ip: actor.ip,
      detail: { lookbackId: l.id, problemId: locked.problem_id, reason: body.reason, deadline },
    });
  };
  if (body.decision === 'reopen') {
    await reopenProblem(ctx, {
      actor,
      problemId: item.problem_id,
      reason: `回头看：${body.reason}`,
      source: 'lookback',
      deadline: body.deadline,
      within: (q, at) => record(q, at, 'reopened'),
    });
  } else {
    await ctx.db.tx((q) => record(q, now, 'confirmed'));
  }
  return getLookback(ctx, { actor, lookbackId: lookback.id });
}

/** POST /lookbacks/:id/close — once every item is confirmed or reopened. */
export async function closeLookback(ctx: AppContext, o: { actor: Actor; lookbackId: number }) {
  const { actor } = o;
  await ctx.db.tx(async (q) => {
    const l = await load(q, actor, o.lookbackId, true);
    enforce('closeLookback', policy.closeLookback(actor, factsOf(l)));
    const now = ctx.clock.now();
    if (!(await lookbackRepo.close(q, l.id, actor.id, now))) throw raced();
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'lookback.close',
      objectType: 'lookback',
      objectId: l.id,
      unitId: l.unit_id,
      ip: actor.ip,
      detail: { confirmed: l.confirmed, reopened: l.reopened },
    });
  });
  return getLookback(ctx, { actor, lookbackId: o.lookbackId });
}

/** GET /lookback-evidence/:id — a file of an answer, to whoever sees the look-back. */
export async function lookbackEvidence(ctx: AppContext, o: { actor: Actor; evidenceId: number }) {
  const ev = await lookbackRepo.evidenceById(ctx.db, o.evidenceId);
  if (!ev || !(await lookbackRepo.byId(ctx.db, scopeOf(o.actor), ev.lookback_id)))
    throw notFound(`lookback evidence ${o.evidenceId}`, '该佐证材料');
  return { ...ev, ...(await openBlob(ctx.config, ev.digest)) };
}

const raced = () => conflict('concurrent change', '该事项刚被他人办理，请刷新后查看');
