/**
 * Use cases of the registers. Every write runs guard → write → audit row in one transaction: the entry (or its
 * round) is loaded within the actor's scope (absent or foreign → 404, the same answer), the policy is enforced
 * (403), the linked problems are checked to belong to the round (400), then the row and its hash-chained audit
 * row commit together. Audit rows carry ids, forms and states, never names: the audit trail is read by the
 * 审计管理员, who has no business with the personal data of the accountability and clue registers.
 */
import { pageOf } from '../../lib/paging.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { enforce as enforcePolicy } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import { computeTotals, renderTotals, type RegisterTotalsResult } from '../../../domain/registers/index.js';
import type {
  AccountabilityCreateBody,
  AccountabilityQuery,
  AccountabilityUpdateBody,
  ClueCreateBody,
  ClueQuery,
  ClueUpdateBody,
  RuleCreateBody,
  RuleQuery,
  RuleUpdateBody,
  WorkEventCreateBody,
  WorkEventQuery,
  WorkEventUpdateBody,
} from '../../../domain/schemas/registers.js';
import { inspectionRepo, type InspectionRow } from '../inspections/repository.js';
import { checkEvidenceType, openBlob, putBlob } from '../progress/store.js';
import { WRITE_ACTION, listAbilities, mayAttach, mayWrite, type Register, type RegisterDecision } from './policy.js';
import { eventSummary, presentAccountability, presentClue, presentEvent, presentRule } from './presenter.js';
import { registerRepo, type RegisterFileRow } from './repository.js';
import { nameCodec } from './names.js';

const ENTRY_ZH: Record<Register, string> = { accountability: '该问责记录', rules: '该制度', clues: '该问题线索', events: '该工作事项' };
const OBJECT_TYPE: Record<Register, string> = { accountability: 'accountability', rules: 'rule', clues: 'clue', events: 'work_event' };

/** The round if the actor sees it (its unit, or a department with problems in it, as the ledger does); 404 otherwise. */
async function visibleInspection(q: Queryable, actor: Actor, inspectionId: number, what = '该巡视巡察轮次'): Promise<InspectionRow> {
  const insp = await inspectionRepo.byId(q, actor.readUnitIds, inspectionId, actor.deptIds);
  if (!insp) throw notFound(`inspection ${inspectionId}`, what);
  return insp;
}

/** An entry the actor sees: the row exists and its round is visible; the same 404 otherwise. */
async function visibleEntry<R extends { inspection_id: number; unit_id: number }>(
  q: Queryable,
  actor: Actor,
  register: Register,
  id: number,
  row: R | null,
): Promise<R> {
  if (!row) throw notFound(`${register} ${id}`, ENTRY_ZH[register]);
  await visibleInspection(q, actor, row.inspection_id, ENTRY_ZH[register]);
  return row;
}

function enforce(register: Register, d: RegisterDecision): void {
  enforcePolicy(WRITE_ACTION[register], d);
}

async function checkProblems(q: Queryable, inspectionId: number, ids: number[]): Promise<void> {
  const uniq = [...new Set(ids)];
  if (uniq.length && (await registerRepo.problemsInInspection(q, inspectionId, uniq)) !== uniq.length) {
    throw badRequest('problem not in round', '所选问题不属于该巡视巡察轮次', [{ path: 'problemIds', message: '问题不属于该轮次' }]);
  }
}

interface AuditOf {
  actor: Actor;
  register: Register;
  verb: 'create' | 'update' | 'delete' | 'attach' | 'detach';
  id: number;
  unitId: number;
  detail: unknown;
}
function audit(q: Queryable, ctx: AppContext, at: Date, e: AuditOf): Promise<void> {
  return writeAudit(q, {
    at,
    actorId: e.actor.id,
    actorName: e.actor.username,
    action: `register.${OBJECT_TYPE[e.register]}.${e.verb}`,
    objectType: OBJECT_TYPE[e.register],
    objectId: e.id,
    unitId: e.unitId,
    detail: e.detail,
    ip: e.actor.ip,
  });
}

// ———————————————————————————————————— accountability ————————————————————————————————————

export async function listAccountability(ctx: AppContext, input: { actor: Actor; query: AccountabilityQuery }) {
  const { actor, query } = input;
  const insp = await visibleInspection(ctx.db, actor, query.inspectionId);
  const abilities = listAbilities(actor, 'accountability', insp.unit_id);
  const names = nameCodec(ctx.config);
  // an exact name is searched through its blind index, and only by those who may read names
  const nameIndex = query.q && abilities.viewPersonalData ? names.index(query.q) : null;
  const { rows, total } = await registerRepo.accountabilityList(ctx.db, query, nameIndex);
  return {
    ...pageOf(
      rows.map((r) => presentAccountability(r, actor, names)),
      total,
      query,
    ),
    abilities,
  };
}

export async function getAccountability(ctx: AppContext, input: { actor: Actor; id: number }) {
  const row = await visibleEntry(ctx.db, input.actor, 'accountability', input.id, await registerRepo.accountabilityById(ctx.db, input.id));
  return presentAccountability(row, input.actor, nameCodec(ctx.config));
}

/** Facts of an entry for the audit row: what was decided, not about whom. */
const accountabilityFacts = (v: AccountabilityUpdateBody) => ({
  form: v.form,
  countAs: v.countAs,
  transferredToJudicial: v.transferredToJudicial,
  decisionDate: v.decisionDate,
  problemIds: v.problemIds,
});

export async function createAccountability(ctx: AppContext, input: { actor: Actor; entry: AccountabilityCreateBody }) {
  const { actor, entry } = input;
  const id = await ctx.db.tx(async (q) => {
    const insp = await visibleInspection(q, actor, entry.inspectionId);
    enforce('accountability', mayWrite(actor, 'accountability', insp.unit_id));
    await checkProblems(q, insp.id, entry.problemIds);
    const at = ctx.clock.now();
    const name = nameCodec(ctx.config).seal(entry.personName);
    const newId = await registerRepo.accountabilityInsert(q, { ...entry, unitId: insp.unit_id, by: actor.id, at }, name);
    await audit(q, ctx, at, {
      actor,
      register: 'accountability',
      verb: 'create',
      id: newId,
      unitId: insp.unit_id,
      detail: accountabilityFacts(entry),
    });
    return newId;
  });
  return getAccountability(ctx, { actor, id });
}

export async function updateAccountability(ctx: AppContext, input: { actor: Actor; id: number; entry: AccountabilityUpdateBody }) {
  const { actor, id, entry } = input;
  await ctx.db.tx(async (q) => {
    const row = await visibleEntry(q, actor, 'accountability', id, await registerRepo.accountabilityById(q, id, true));
    enforce('accountability', mayWrite(actor, 'accountability', row.unit_id));
    await checkProblems(q, row.inspection_id, entry.problemIds);
    const at = ctx.clock.now();
    await registerRepo.accountabilityUpdate(q, id, entry, nameCodec(ctx.config).seal(entry.personName), at);
    await audit(q, ctx, at, {
      actor,
      register: 'accountability',
      verb: 'update',
      id,
      unitId: row.unit_id,
      detail: accountabilityFacts(entry),
    });
  });
  return getAccountability(ctx, { actor, id });
}

export async function deleteAccountability(ctx: AppContext, input: { actor: Actor; id: number }) {
  const { actor, id } = input;
  await ctx.db.tx(async (q) => {
    const row = await visibleEntry(q, actor, 'accountability', id, await registerRepo.accountabilityById(q, id, true));
    enforce('accountability', mayWrite(actor, 'accountability', row.unit_id));
    await registerRepo.accountabilityDelete(q, id);
    await audit(q, ctx, ctx.clock.now(), {
      actor,
      register: 'accountability',
      verb: 'delete',
      id,
      unitId: row.unit_id,
      detail: { inspectionId: row.inspection_id, form: row.form, countAs: row.count_as, decisionDate: row.decision_date },
    });
  });
  return { ok: true };
}

// ———————————————————————————————————— rules ————————————————————————————————————

export async function listRules(ctx: AppContext, input: { actor: Actor; query: RuleQuery }) {
  const { actor, query } = input;
  const insp = await visibleInspection(ctx.db, actor, query.inspectionId);
  const { rows, total } = await registerRepo.ruleList(ctx.db, query);
  return {
    ...pageOf(
      rows.map((r) => presentRule(r, actor)),
      total,
      query,
    ),
    abilities: listAbilities(actor, 'rules', insp.unit_id),
  };
}

export async function getRule(ctx: AppContext, input: { actor: Actor; id: number }) {
  const row = await visibleEntry(ctx.db, input.actor, 'rules', input.id, await registerRepo.ruleById(ctx.db, input.id));
  return presentRule(row, input.actor);
}

const ruleFacts = (v: RuleUpdateBody) => ({
  title: v.title,
  action: v.action,
  docNumber: v.docNumber,
  issuedDate: v.issuedDate,
  problemIds: v.problemIds,
});

export async function createRule(ctx: AppContext, input: { actor: Actor; rule: RuleCreateBody }) {
  const { actor, rule } = input;
  const id = await ctx.db.tx(async (q) => {
    const insp = await visibleInspection(q, actor, rule.inspectionId);
    enforce('rules', mayWrite(actor, 'rules', insp.unit_id));
    await checkProblems(q, insp.id, rule.problemIds);
    const at = ctx.clock.now();
    const newId = await registerRepo.ruleInsert(q, { ...rule, unitId: insp.unit_id, by: actor.id, at });
    await audit(q, ctx, at, { actor, register: 'rules', verb: 'create', id: newId, unitId: insp.unit_id, detail: ruleFacts(rule) });
    return newId;
  });
  return getRule(ctx, { actor, id });
}

export async function updateRule(ctx: AppContext, input: { actor: Actor; id: number; rule: RuleUpdateBody }) {
  const { actor, id, rule } = input;
  await ctx.db.tx(async (q) => {
    const row = await visibleEntry(q, actor, 'rules', id, await registerRepo.ruleById(q, id, true));
    enforce('rules', mayWrite(actor, 'rules', row.unit_id));
    await checkProblems(q, row.inspection_id, rule.problemIds);
    const at = ctx.clock.now();
    await registerRepo.ruleUpdate(q, id, rule, at);
    await audit(q, ctx, at, { actor, register: 'rules', verb: 'update', id, unitId: row.unit_id, detail: ruleFacts(rule) });
  });
  return getRule(ctx, { actor, id });
}

export async function deleteRule(ctx: AppContext, input: { actor: Actor; id: number }) {
  const { actor, id } = input;
  await ctx.db.tx(async (q) => {
    const row = await visibleEntry(q, actor, 'rules', id, await registerRepo.ruleById(q, id, true));
    enforce('rules', mayWrite(actor, 'rules', row.unit_id));
    await registerRepo.ruleDelete(q, id);
    await audit(q, ctx, ctx.clock.now(), {
      actor,
      register: 'rules',
      verb: 'delete',
      id,
      unitId: row.unit_id,
      detail: { inspectionId: row.inspection_id, title: row.title, action: row.action, files: row.files.map((f) => f.digest) },
    });
  });
  return { ok: true };
}

// ———————————————————————————————————— clues ————————————————————————————————————

export async function listClues(ctx: AppContext, input: { actor: Actor; query: ClueQuery }) {
  const { actor, query } = input;
  const insp = await visibleInspection(ctx.db, actor, query.inspectionId);
  const { rows, total } = await registerRepo.clueList(ctx.db, query);
  return {
    ...pageOf(
      rows.map((r) => presentClue(r, actor)),
      total,
      query,
    ),
    abilities: listAbilities(actor, 'clues', insp.unit_id),
  };
}

export async function getClue(ctx: AppContext, input: { actor: Actor; id: number }) {
  const row = await visibleEntry(ctx.db, input.actor, 'clues', input.id, await registerRepo.clueById(ctx.db, input.id));
  return presentClue(row, input.actor);
}

const clueFacts = (v: ClueUpdateBody) => ({
  clueNumber: v.clueNumber,
  receivedDate: v.receivedDate,
  handedTo: v.handedTo,
  disposal: v.disposal,
  status: v.status,
  concludedDate: v.concludedDate,
});

export async function createClue(ctx: AppContext, input: { actor: Actor; clue: ClueCreateBody }) {
  const { actor, clue } = input;
  const id = await ctx.db.tx(async (q) => {
    const insp = await visibleInspection(q, actor, clue.inspectionId);
    enforce('clues', mayWrite(actor, 'clues', insp.unit_id));
    const at = ctx.clock.now();
    const newId = await registerRepo.clueInsert(q, { ...clue, unitId: insp.unit_id, by: actor.id, at });
    await audit(q, ctx, at, { actor, register: 'clues', verb: 'create', id: newId, unitId: insp.unit_id, detail: clueFacts(clue) });
    return newId;
  });
  return getClue(ctx, { actor, id });
}

export async function updateClue(ctx: AppContext, input: { actor: Actor; id: number; clue: ClueUpdateBody }) {
  const { actor, id, clue } = input;
  await ctx.db.tx(async (q) => {
    const row = await visibleEntry(q, actor, 'clues', id, await registerRepo.clueById(q, id, true));
    enforce('clues', mayWrite(actor, 'clues', row.unit_id));
    const at = ctx.clock.now();
    await registerRepo.clueUpdate(q, id, clue, at);
    await audit(q, ctx, at, { actor, register: 'clues', verb: 'update', id, unitId: row.unit_id, detail: clueFacts(clue) });
  });
  return getClue(ctx, { actor, id });
}

export async function deleteClue(ctx: AppContext, input: { actor: Actor; id: number }) {
  const { actor, id } = input;
  await ctx.db.tx(async (q) => {
    const row = await visibleEntry(q, actor, 'clues', id, await registerRepo.clueById(q, id, true));
    enforce('clues', mayWrite(actor, 'clues', row.unit_id));
    await registerRepo.clueDelete(q, id);
    await audit(q, ctx, ctx.clock.now(), {
      actor,
      register: 'clues',
      verb: 'delete',
      id,
      unitId: row.unit_id,
      detail: { inspectionId: row.inspection_id, clueNumber: row.clue_number, status: row.status },
    });
  });
  return { ok: true };
}

// ———————————————————————————————————— work events ————————————————————————————————————

export async function listEvents(ctx: AppContext, input: { actor: Actor; query: WorkEventQuery }) {
  const { actor, query } = input;
  const insp = await visibleInspection(ctx.db, actor, query.inspectionId);
  const { rows, total } = await registerRepo.eventList(ctx.db, query);
  return {
    ...pageOf(
      rows.map((r) => presentEvent(r, actor)),
      total,
      query,
    ),
    abilities: listAbilities(actor, 'events', insp.unit_id),
  };
}

export async function getEvent(ctx: AppContext, input: { actor: Actor; id: number }) {
  const row = await visibleEntry(ctx.db, input.actor, 'events', input.id, await registerRepo.eventById(ctx.db, input.id));
  return presentEvent(row, input.actor);
}

const eventFacts = (v: WorkEventUpdateBody) => ({ kind: v.kind, meetingKind: v.meetingKind, date: v.date, title: v.title });

export async function createEvent(ctx: AppContext, input: { actor: Actor; event: WorkEventCreateBody }) {
  const { actor, event } = input;
  const id = await ctx.db.tx(async (q) => {
    const insp = await visibleInspection(q, actor, event.inspectionId);
    enforce('events', mayWrite(actor, 'events', insp.unit_id));
    const at = ctx.clock.now();
    const newId = await registerRepo.eventInsert(q, { ...event, unitId: insp.unit_id, by: actor.id, at });
    await audit(q, ctx, at, { actor, register: 'events', verb: 'create', id: newId, unitId: insp.unit_id, detail: eventFacts(event) });
    return newId;
  });
  return getEvent(ctx, { actor, id });
}

export async function updateEvent(ctx: AppContext, input: { actor: Actor; id: number; event: WorkEventUpdateBody }) {
  const { actor, id, event } = input;
  await ctx.db.tx(async (q) => {
    const row = await visibleEntry(q, actor, 'events', id, await registerRepo.eventById(q, id, true));
    enforce('events', mayWrite(actor, 'events', row.unit_id));
    const at = ctx.clock.now();
    await registerRepo.eventUpdate(q, id, event, at);
    await audit(q, ctx, at, { actor, register: 'events', verb: 'update', id, unitId: row.unit_id, detail: eventFacts(event) });
  });
  return getEvent(ctx, { actor, id });
}

export async function deleteEvent(ctx: AppContext, input: { actor: Actor; id: number }) {
  const { actor, id } = input;
  await ctx.db.tx(async (q) => {
    const row = await visibleEntry(q, actor, 'events', id, await registerRepo.eventById(q, id, true));
    enforce('events', mayWrite(actor, 'events', row.unit_id));
    await registerRepo.eventDelete(q, id);
    await audit(q, ctx, ctx.clock.now(), {
      actor,
      register: 'events',
      verb: 'delete',
      id,
      unitId: row.unit_id,
      detail: { inspectionId: row.inspection_id, kind: row.kind, title: row.title, files: row.files.map((f) => f.digest) },
    });
  });
  return { ok: true };
}

// ———————————————————————————————————— files ————————————————————————————————————

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}
type FileOwner = 'rules' | 'events';

async function loadOwner(q: Queryable, actor: Actor, owner: FileOwner, id: number, forUpdate = false) {
  const row = owner === 'rules' ? await registerRepo.ruleById(q, id, forUpdate) : await registerRepo.eventById(q, id, forUpdate);
  return visibleEntry(q, actor, owner, id, row);
}

/**
 * Files of a rule (the document) or a work event (minutes, the plan). Checked and stored in the evidence store
 * (content-addressed by SM3) before the transaction, like progress evidence; the rows and the audit row commit together.
 */
async function attachFiles(ctx: AppContext, input: { actor: Actor; owner: FileOwner; id: number; files: UploadedFile[] }): Promise<void> {
  const { actor, owner, id, files } = input;
  // visibility and ability first, so a foreign id answers 404 and a reader 403 before any file is looked at
  const first = await loadOwner(ctx.db, actor, owner, id);
  enforce(owner, mayAttach(actor, owner, first.unit_id));
  if (!files.length) throw badRequest('no file', '请选择要上传的文件', [{ path: 'file', message: '请选择文件' }]);
  const stored: (UploadedFile & { mime: string; digest: string })[] = [];
  for (const f of files) {
    const mime = checkEvidenceType(f.filename, f.bytes);
    stored.push({ ...f, mime, digest: await putBlob(ctx.config, f.bytes) });
  }
  await ctx.db.tx(async (q) => {
    const row = await loadOwner(q, actor, owner, id, true);
    enforce(owner, mayAttach(actor, owner, row.unit_id));
    const at = ctx.clock.now();
    for (const f of stored) {
      await registerRepo.fileInsert(q, {
        unitId: row.unit_id,
        ruleId: owner === 'rules' ? id : null,
        eventId: owner === 'events' ? id : null,
        digest: f.digest,
        filename: f.filename,
        mime: f.mime,
        size: f.bytes.length,
        by: actor.id,
        at,
      });
    }
    await audit(q, ctx, at, {
      actor,
      register: owner,
      verb: 'attach',
      id,
      unitId: row.unit_id,
      detail: { files: stored.map((f) => f.digest) },
    });
  });
}

export async function attachRuleFiles(ctx: AppContext, input: { actor: Actor; id: number; files: UploadedFile[] }) {
  await attachFiles(ctx, { ...input, owner: 'rules' });
  return getRule(ctx, input);
}

export async function attachEventFiles(ctx: AppContext, input: { actor: Actor; id: number; files: UploadedFile[] }) {
  await attachFiles(ctx, { ...input, owner: 'events' });
  return getEvent(ctx, input);
}

/** The file and its owner if the actor sees the owner; 404 otherwise. */
async function visibleFile(
  q: Queryable,
  actor: Actor,
  fileId: number,
): Promise<{ file: RegisterFileRow; owner: FileOwner; ownerId: number }> {
  const file = await registerRepo.fileById(q, fileId);
  if (!file) throw notFound(`register file ${fileId}`, '该文件');
  const owner: FileOwner = file.rule_id != null ? 'rules' : 'events';
  const ownerId = (file.rule_id ?? file.event_id)!;
  try {
    await loadOwner(q, actor, owner, ownerId);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw notFound(`register file ${fileId}`, '该文件');
    throw e;
  }
  return { file, owner, ownerId };
}

export async function detachFile(ctx: AppContext, input: { actor: Actor; fileId: number }) {
  const { actor, fileId } = input;
  await ctx.db.tx(async (q) => {
    const { file, owner, ownerId } = await visibleFile(q, actor, fileId);
    enforce(owner, mayAttach(actor, owner, file.unit_id));
    await registerRepo.fileDelete(q, fileId);
    // the blob stays in the store: it is content-addressed and may be the same bytes as another file
    await audit(q, ctx, ctx.clock.now(), {
      actor,
      register: owner,
      verb: 'detach',
      id: ownerId,
      unitId: file.unit_id,
      detail: { file: fileId, digest: file.digest },
    });
  });
  return { ok: true };
}

export async function registerFile(ctx: AppContext, input: { actor: Actor; fileId: number }) {
  const { file } = await visibleFile(ctx.db, input.actor, input.fileId);
  return { ...file, ...(await openBlob(ctx.config, file.digest)) };
}

// ———————————————————————————————————— totals ————————————————————————————————————

/**
 * The totals of a round and its work events, for the report and the public notice (issue 8 points 5–7). No actor:
 * the caller has already decided the round is visible; the result holds counts and the work's events, never a name.
 * Pass a transaction's Queryable to read it in the same snapshot as the rest of a document.
 */
export async function registerTotals(db: Queryable, input: { inspectionId: number }): Promise<RegisterTotalsResult> {
  const facts = await registerRepo.totalsInput(db, input.inspectionId);
  const events = await registerRepo.eventsOf(db, input.inspectionId);
  return { totals: computeTotals(facts), events: events.map(eventSummary) };
}

/** GET /registers/totals: the totals, their sentences in the notice's words, and the events. */
export async function totals(ctx: AppContext, input: { actor: Actor; inspectionId: number }) {
  const insp = await visibleInspection(ctx.db, input.actor, input.inspectionId);
  const r = await registerTotals(ctx.db, { inspectionId: insp.id });
  const kind = insp.kind as '巡视' | '巡察' | '审计' | '督察';
  return { totals: r.totals, sentences: renderTotals(r.totals, { inspectionKind: kind }), events: r.events };
}
