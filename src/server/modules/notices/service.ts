/**
 * Use cases of the report and the public notice: gather a round's facts (ledger,
 * registers, contact), compose the document, keep the office's draft, freeze
 * versions, compare them and render the .docx. Every write is one transaction
 * with its audit row.
 */
import type { AppContext } from '../../context.js';
import type { Db, Queryable } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { beijingDate } from '../../lib/clock.js';
import { conflict, notFound } from '../../lib/errors.js';
import { abilities, enforce } from '../../lib/policy.js';
import { sm3 } from '../../lib/sm3.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/service.js';
import {
  composeDocument,
  dateCorrections,
  defaultDraft,
  diffLines,
  documentLines,
  documentText,
  ledgerTotals,
  renderDocx,
  type DocumentKind,
  type DraftContent,
  type LedgerItem,
  type RoundFacts,
} from '../../../domain/document/index.js';
import { draftContentSchema, roundFactsSchema, type ContactBody, type DraftContentBody } from '../../../domain/schemas/notices.js';
import { analyseText } from '../../../domain/notice/index.js';
import { noticeRepo, type ProblemNodeRow, type RoundRow, type VersionRow } from './repository.js';
import { loadRegisters } from './registers.js';
import * as policy from './policy.js';

/** Loads the round, or 404 when it is absent or outside what the actor reads (the same answer). */
async function visibleRound(q: Queryable, actor: Actor, inspectionId: number): Promise<RoundRow> {
  const round = await noticeRepo.round(q, inspectionId);
  if (!round || !policy.viewDocuments(actor, round.unit_id).allowed) throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  return round;
}

/** The ledger's rows → the tree the composer reads, in the ledger's order. */
function buildTree(rows: ProblemNodeRow[], measures: Map<number, string[]>, progress: Map<number, string>): LedgerItem[] {
  const items = new Map<number, LedgerItem>();
  const roots: LedgerItem[] = [];
  for (const r of rows) {
    items.set(r.id, {
      title: r.title,
      description: r.description,
      status: r.status,
      stageDone: r.stage_done,
      leadDept: r.lead_dept,
      deadline: r.deadline,
      closedOn: r.status === 'closed' && r.closed_at ? beijingDate(r.closed_at) : null,
      measures: measures.get(r.id) ?? [],
      progress: progress.get(r.id) ?? null,
      children: [],
    });
  }
  for (const r of rows) {
    const item = items.get(r.id)!;
    const parent = r.parent_id == null ? undefined : items.get(r.parent_id);
    (parent ? parent.children : roots).push(item);
  }
  return roots;
}

/** Everything a document states, read at one moment (inside the caller's transaction when it has one). */
export async function readFacts(q: Queryable, round: RoundRow, now: Date): Promise<RoundFacts> {
  const [rows, measureRows, progressRows, contact, registers] = [
    await noticeRepo.problems(q, round.id),
    await noticeRepo.measures(q, round.id),
    await noticeRepo.latestProgress(q, round.id),
    await noticeRepo.contact(q, round.unit_id),
    await loadRegisters(q, round.id),
  ];
  const measures = new Map<number, string[]>();
  for (const m of measureRows) (measures.get(m.problem_id) ?? measures.set(m.problem_id, []).get(m.problem_id)!).push(m.text);
  const progress = new Map(progressRows.map((p) => [p.problem_id, p.text]));
  return {
    today: beijingDate(now),
    unitName: round.unit_name,
    officeName: round.office_name,
    inspection: {
      kind: round.kind,
      title: round.title,
      body: round.body,
      onsiteStart: round.onsite_start,
      onsiteEnd: round.onsite_end,
      feedbackDate: round.feedback_date,
    },
    tree: buildTree(rows, measures, progress),
    registers: registers.totals,
    events: registers.events,
    contact: {
      phone: contact?.phone ?? null,
      address: contact?.address ?? null,
      postcode: contact?.postcode ?? null,
      email: contact?.email ?? null,
      portalUrl: contact?.portal_url ?? null,
    },
  };
}

/** The saved draft, or the first draft from the facts when none is saved (or the stored one no longer reads). */
async function currentDraft(q: Queryable, round: RoundRow, kind: DocumentKind, facts: RoundFacts) {
  const row = await noticeRepo.draft(q, round.id, kind);
  const parsed = row ? draftContentSchema.safeParse(row.content) : null;
  if (row && parsed?.success) return { content: parsed.data, revision: row.revision, updatedAt: row.updated_at };
  return { content: defaultDraft(kind, facts), revision: row?.revision ?? 0, updatedAt: row?.updated_at ?? null };
}

function presentVersion(v: VersionRow) {
  return {
    number: v.number,
    note: v.note,
    digest: v.digest,
    createdBy: { id: v.created_by, name: v.created_by_name },
    createdAt: v.created_at,
  };
}

function documentAbilities(actor: Actor, unitId: number) {
  return abilities({
    editDraft: policy.editDocument(actor, unitId),
    saveVersion: policy.saveDocumentVersion(actor, unitId),
    editContact: policy.editContact(actor, unitId),
  });
}

/** GET /inspections/:id/documents/:kind — the composer's state: draft, defaults, today's facts, versions, abilities. */
export async function getComposer(ctx: AppContext, o: { actor: Actor; inspectionId: number; kind: DocumentKind }) {
  const round = await visibleRound(ctx.db, o.actor, o.inspectionId);
  const facts = await readFacts(ctx.db, round, ctx.clock.now());
  const draft = await currentDraft(ctx.db, round, o.kind, facts);
  const versions = await noticeRepo.versions(ctx.db, round.id, o.kind);
  const findings = analyseText(render(o.kind, facts, draft.content).text).findings;
  return {
    inspectionId: round.id,
    unitId: round.unit_id,
    kind: o.kind,
    draft,
    defaults: defaultDraft(o.kind, facts),
    facts,
    totals: ledgerTotals(facts.tree),
    versions: versions.map(presentVersion),
    check: {
      errors: findings.filter((x) => x.severity === 'error').length,
      warnings: findings.filter((x) => x.severity === 'warning').length,
      findings: findings.map((x) => ({
        rule: x.rule,
        severity: x.severity,
        line: x.line,
        message: x.message,
        ...(x.suggestion ? { suggestion: x.suggestion } : {}),
      })),
    },
    corrections: dateCorrections(facts),
    abilities: documentAbilities(o.actor, round.unit_id),
  };
}

/** PUT …/draft — saves the office's text; refused (409) when someone saved since `revision`. */
export async function saveDraft(
  ctx: AppContext,
  o: { actor: Actor; inspectionId: number; kind: DocumentKind; content: DraftContentBody; revision: number },
) {
  await ctx.db.tx(async (q) => {
    const round = await visibleRound(q, o.actor, o.inspectionId);
    enforce('editDocument', policy.editDocument(o.actor, round.unit_id));
    const now = ctx.clock.now();
    const revision = await noticeRepo.saveDraft(q, {
      inspectionId: round.id,
      kind: o.kind,
      unitId: round.unit_id,
      content: o.content,
      revision: o.revision,
      by: o.actor.id,
      at: now,
    });
    if (revision === null) {
      throw conflict('stale draft revision', '草稿已被他人修改，请刷新后在最新内容上编辑', { reason: 'stale_revision' });
    }
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'notice.draft_save',
      objectType: 'inspection',
      objectId: round.id,
      unitId: round.unit_id,
      detail: { kind: o.kind, revision },
      ip: o.actor.ip,
    });
  });
  return getComposer(ctx, o);
}

/** The document of a draft and facts: its model, text, paragraphs and digest. */
function render(kind: DocumentKind, facts: RoundFacts, content: DraftContent) {
  const model = composeDocument(kind, facts, content);
  const text = documentText(model);
  return { model, text, lines: documentLines(model), digest: sm3(text) };
}

/**
 * POST …/versions — freezes the current draft with the data read in the same
 * transaction, so the version states exactly what the database held then.
 */
export async function saveVersion(ctx: AppContext, o: { actor: Actor; inspectionId: number; kind: DocumentKind; note?: string }) {
  const number = await ctx.db.tx(async (q) => {
    const round = await visibleRound(q, o.actor, o.inspectionId);
    enforce('saveDocumentVersion', policy.saveDocumentVersion(o.actor, round.unit_id));
    const now = ctx.clock.now();
    const facts = await readFacts(q, round, now);
    const { content } = await currentDraft(q, round, o.kind, facts);
    const doc = render(o.kind, facts, content);
    const n = await noticeRepo.insertVersion(q, {
      inspectionId: round.id,
      kind: o.kind,
      unitId: round.unit_id,
      note: o.note ?? '',
      content,
      facts,
      text: doc.text,
      digest: doc.digest,
      by: o.actor.id,
      at: now,
    });
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'notice.version_save',
      objectType: 'inspection',
      objectId: round.id,
      unitId: round.unit_id,
      detail: { kind: o.kind, number: n, digest: doc.digest },
      ip: o.actor.ip,
    });
    return n;
  });
  return getVersion(ctx, { ...o, number });
}

async function loadVersion(q: Queryable, round: RoundRow, kind: DocumentKind, number: number) {
  const v = await noticeRepo.version(q, round.id, kind, number);
  if (!v) throw notFound(`version ${number}`, `第 ${number} 版`);
  const content = draftContentSchema.parse(v.content);
  const facts = roundFactsSchema.parse(v.facts);
  return { row: v, content, facts };
}

/** GET …/versions/:number — one frozen version with its paragraphs. */
export async function getVersion(ctx: AppContext, o: { actor: Actor; inspectionId: number; kind: DocumentKind; number: number }) {
  const round = await visibleRound(ctx.db, o.actor, o.inspectionId);
  const v = await loadVersion(ctx.db, round, o.kind, o.number);
  return { ...presentVersion(v.row), kind: o.kind, content: v.content, facts: v.facts, lines: v.row.text.replace(/\n$/, '').split('\n') };
}

/** GET …/compare?a&b — the paragraphs of two versions, diffed. */
export async function compareVersions(
  ctx: AppContext,
  o: { actor: Actor; inspectionId: number; kind: DocumentKind; a: number; b: number },
) {
  const round = await visibleRound(ctx.db, o.actor, o.inspectionId);
  const a = await loadVersion(ctx.db, round, o.kind, o.a);
  const b = await loadVersion(ctx.db, round, o.kind, o.b);
  const lines = (t: string) => t.replace(/\n$/, '').split('\n');
  return { a: presentVersion(a.row), b: presentVersion(b.row), ops: diffLines(lines(a.row.text), lines(b.row.text)) };
}

/** A document's .docx with a file name people recognise. */
export interface DocxFile {
  bytes: Uint8Array;
  filename: string;
  /** SM3 of the file's bytes. */
  digest: string;
  /** SM3 of the document's text (what a version records). */
  textDigest: string;
}

async function docxOf(kind: DocumentKind, facts: RoundFacts, content: DraftContent, version?: number): Promise<DocxFile> {
  const doc = render(kind, facts, content);
  const bytes = await renderDocx(doc.model);
  const name = doc.model.title.replace(/[\\/:*?"<>|]/g, '').slice(0, 80) || (kind === 'notice' ? '整改情况通报' : '整改报告');
  return { bytes, filename: `${name}${version ? `（第${version}版）` : ''}.docx`, digest: sm3(bytes), textDigest: doc.digest };
}

/** GET …/docx[?version=K] — the current draft with today's data, or a frozen version. */
export async function documentDocx(ctx: AppContext, o: { actor: Actor; inspectionId: number; kind: DocumentKind; version?: number }) {
  const round = await visibleRound(ctx.db, o.actor, o.inspectionId);
  return renderRound(ctx.db, ctx.clock, { round, kind: o.kind, version: o.version });
}

/**
 * The .docx of a round's document without an actor: the command line's
 * `zhenggai notice`, which runs with the operator's access to the data directory.
 */
export async function renderRound(
  db: Db,
  clock: Clock,
  o: { round?: RoundRow; inspectionId?: number; kind: DocumentKind; version?: number },
): Promise<DocxFile> {
  const round = o.round ?? (o.inspectionId ? await noticeRepo.round(db, o.inspectionId) : null);
  if (!round) throw notFound(`inspection ${o.inspectionId}`, '该巡视巡察轮次');
  if (o.version) {
    const v = await loadVersion(db, round, o.kind, o.version);
    return docxOf(o.kind, v.facts, v.content, o.version);
  }
  const facts = await readFacts(db, round, clock.now());
  const { content } = await currentDraft(db, round, o.kind, facts);
  return docxOf(o.kind, facts, content);
}

async function visibleUnit(q: Queryable, actor: Actor, unitId: number) {
  const unit = await noticeRepo.unit(q, unitId);
  if (!unit || !policy.viewDocuments(actor, unitId).allowed) throw notFound(`unit ${unitId}`, '该单位');
  return unit;
}

/** GET /units/:id/contact. */
export async function getContact(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  const unit = await visibleUnit(ctx.db, o.actor, o.unitId);
  const c = await noticeRepo.contact(ctx.db, unit.id);
  return {
    unitId: unit.id,
    unitName: unit.name,
    contact: {
      phone: c?.phone ?? null,
      address: c?.address ?? null,
      postcode: c?.postcode ?? null,
      email: c?.email ?? null,
      portalUrl: c?.portal_url ?? null,
    },
    updatedAt: c?.updated_at ?? null,
    abilities: abilities({ edit: policy.editContact(o.actor, unit.id) }),
  };
}

/** PUT /units/:id/contact — the channel the unit's notices give the public. */
export async function updateContact(ctx: AppContext, o: { actor: Actor; unitId: number; contact: ContactBody }) {
  await ctx.db.tx(async (q) => {
    const unit = await visibleUnit(q, o.actor, o.unitId);
    enforce('editContact', policy.editContact(o.actor, unit.id));
    const now = ctx.clock.now();
    await noticeRepo.saveContact(q, { unitId: unit.id, ...o.contact, by: o.actor.id, at: now });
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'unit.contact_update',
      objectType: 'unit',
      objectId: unit.id,
      unitId: unit.id,
      detail: {
        fields: Object.entries(o.contact)
          .filter(([, v]) => v !== '')
          .map(([k]) => k),
      },
      ip: o.actor.ip,
    });
  });
  return getContact(ctx, o);
}
