import type { AppContext } from '../../context.js';
import type { Db, Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { beijingDate } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import * as sim from '../../../domain/similarity/index.js';
import { STATUS_ZH } from '../../../domain/workflow/index.js';
import type { Recurrence, RecurrenceQuery } from '../../../domain/schemas/office.js';
import { inspectionRepo } from '../inspections/repository.js';
import { recurrenceRepo, type CandidateRow, type RecurrenceRow } from './repository.js';
import * as policy from './policy.js';

/** Signatures computed per batch when an office's history is signed for the first time. */
const SIGN_BATCH = 2000;
/** Candidates scored per new problem: those sharing the most bands (only the best three are kept). */
const CANDIDATES_PER_PROBLEM = 50;
/** Flags kept per problem. */
const FLAGS_PER_PROBLEM = 3;

/** The method in one sentence, as the API and the CLI state it. */
export const METHOD =
  `字符二元组（bigram）集合；标题 MinHash（${sim.K} 个哈希，${sim.BANDS} 段×${sim.ROWS} 行 LSH）取候选，` +
  `再以标题与全文二元组集合余弦相似度之较大者评分，≥ ${sim.THRESHOLD} 判为相似`;

/**
 * Signs the office's problems waiting in the signature queue (new ones, and those
 * whose title or description changed), in batches, so a first check of a large
 * history does not hold one huge statement.
 */
export async function signOffice(q: Queryable, officeId: number): Promise<number> {
  let signed = 0;
  for (;;) {
    const rows = await recurrenceRepo.unsigned(q, officeId, SIGN_BATCH);
    if (rows.length) {
      await recurrenceRepo.saveSignatures(
        q,
        officeId,
        sim.METHOD_VERSION,
        rows.map((r) => ({ id: r.id, unitId: r.unit_id, inspectionId: r.inspection_id, roundOn: r.round_on, ...sim.signatureOf(r) })),
      );
      await recurrenceRepo.dequeue(
        q,
        rows.map((r) => r.id),
      );
      signed += rows.length;
    }
    if (rows.length < SIGN_BATCH) {
      // a large signing changes what the planner should know of the table
      if (signed >= SIGN_BATCH) await recurrenceRepo.analyze(q, signed);
      return signed;
    }
  }
}

type Round = NonNullable<Awaited<ReturnType<typeof recurrenceRepo.round>>>;
type Signature = Awaited<ReturnType<typeof recurrenceRepo.signaturesOf>>[number];
type Flag = { problemId: number; earlierId: number; unitId: number; inspectionId: number; score: number };

/** The candidates of one new problem: earlier problems of the office sharing the most LSH bands. */
async function candidatesOf(q: Queryable, round: Round, inspectionId: number, sig: Signature): Promise<CandidateRow[]> {
  return recurrenceRepo.candidates(q, {
    officeId: round.office_id,
    before: { inspectionId, roundOn: round.round_on },
    pid: sig.problem_id,
    keys: sig.bands,
    limit: CANDIDATES_PER_PROBLEM,
  });
}

/** The flags of the problems given, scored on their candidates (no database: CPU work between statements). */
function flagsOf(round: Round, inspectionId: number, mine: Signature[], byProblem: Map<number, CandidateRow[]>): Flag[] {
  const flags: Flag[] = [];
  for (const s of mine) {
    const list = byProblem.get(s.problem_id) ?? [];
    const grams = new Map(list.map((c) => [c.cid, sim.gramsOf({ titleNorm: c.title_norm, norm: c.norm })]));
    for (const m of sim.bestMatches(sim.gramsOf({ titleNorm: s.title_norm, norm: s.norm }), grams.keys(), (id) => grams.get(id), {
      limit: FLAGS_PER_PROBLEM,
    })) {
      flags.push({ problemId: s.problem_id, earlierId: m.id, unitId: round.unit_id, inspectionId, score: m.score });
    }
  }
  return flags;
}

/**
 * Compares the leaves of a round (or the problems given, all of one round) with the
 * problems of earlier rounds of every unit of the office — fed back before it, so a
 * history imported afterwards still counts as earlier — and replaces their flags.
 * Runs inside the caller's transaction (the route's recheck, the CLI's check).
 */
export async function flagRecurrences(
  q: Queryable,
  o: { inspectionId: number; problemIds?: number[]; now: Date },
): Promise<{ checked: number; flagged: number }> {
  const round = await recurrenceRepo.round(q, o.inspectionId);
  if (!round) return { checked: 0, flagged: 0 };
  await signOffice(q, round.office_id);
  const mine = await recurrenceRepo.signaturesOf(q, { inspectionId: o.inspectionId, problemIds: o.problemIds });
  const byProblem = new Map<number, CandidateRow[]>();
  await recurrenceRepo.preferIndexes(q);
  for (const sig of mine) byProblem.set(sig.problem_id, await candidatesOf(q, round, o.inspectionId, sig));
  await recurrenceRepo.allowScans(q);
  const flags = flagsOf(round, o.inspectionId, mine, byProblem);
  await recurrenceRepo.replaceFlags(q, o.problemIds ?? mine.map((s) => s.problem_id), flags, o.now);
  return { checked: mine.length, flagged: new Set(flags.map((f) => f.problemId)).size };
}

/** Problems signed, and problems compared, per short transaction of `flagRoundInBatches`. */
const SHORT_SIGN_BATCH = 200;
const SHORT_FLAG_BATCH = 20;

/**
 * The check of a whole round in short transactions (issue 12: no transaction holds
 * the embedded database for long). The signatures are computed between statements
 * (the MinHash of 200 problems is CPU work the database need not wait for) and
 * stored 200 at a time, each batch only for the problems still queued (one whose
 * text changed meanwhile was queued again and is signed in the next round); then
 * the round's leaves are compared twenty at a time. The import commit runs it after
 * its own transaction; flags are derived data, replaced per problem, so a check cut
 * short leaves earlier batches' flags and a recheck completes it.
 */
export async function flagRoundInBatches(db: Db, o: { inspectionId: number; now: Date }): Promise<{ checked: number; flagged: number }> {
  const round = await recurrenceRepo.round(db, o.inspectionId);
  if (!round) return { checked: 0, flagged: 0 };
  let signed = 0;
  for (;;) {
    const rows = await recurrenceRepo.unsigned(db, round.office_id, SHORT_SIGN_BATCH);
    if (!rows.length) break;
    const sigs = rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      inspectionId: r.inspection_id,
      roundOn: r.round_on,
      ...sim.signatureOf(r),
    }));
    signed += await db.tx(async (q) => {
      const queued = new Set(
        await recurrenceRepo.dequeueQueued(
          q,
          sigs.map((x) => x.id),
        ),
      );
      await recurrenceRepo.saveSignatures(
        q,
        round.office_id,
        sim.METHOD_VERSION,
        sigs.filter((x) => queued.has(x.id)),
      );
      return queued.size;
    });
    if (rows.length < SHORT_SIGN_BATCH) break;
  }
  // a large signing changes what the planner should know of the table
  if (signed >= SIGN_BATCH) await recurrenceRepo.analyze(db, signed);
  // Then the comparison: each problem's candidates in a transaction of its own (one lookup, which wants the index
  // plans), the scoring between statements, and each batch's flags replaced in one short write. Twenty lookups in one
  // transaction held PGlite's worker for seconds at city scale (a 3,000-node import: a probe waited 11 s).
  const mine = await recurrenceRepo.signaturesOf(db, { inspectionId: o.inspectionId });
  let flagged = 0;
  for (let i = 0; i < mine.length; i += SHORT_FLAG_BATCH) {
    const batch = mine.slice(i, i + SHORT_FLAG_BATCH);
    const byProblem = new Map<number, CandidateRow[]>();
    for (const sig of batch) {
      const found = await db.tx(async (q) => {
        await recurrenceRepo.preferIndexes(q);
        return candidatesOf(q, round, o.inspectionId, sig);
      });
      byProblem.set(sig.problem_id, found);
    }
    const flags = flagsOf(round, o.inspectionId, batch, byProblem);
    await db.tx((q) =>
      recurrenceRepo.replaceFlags(
        q,
        batch.map((s) => s.problem_id),
        flags,
        o.now,
      ),
    );
    flagged += new Set(flags.map((f) => f.problemId)).size;
  }
  return { checked: mine.length, flagged };
}

/** The sentence people read: "与2024年第一轮巡察（二）3. 相似，0.82，已于2024-09-30销号". */
export function recurrenceMessage(r: RecurrenceRow): string {
  // another unit's round is named with its unit, the round in quotes so the two names do not run together
  const where = r.earlier_unit_id === r.unit_id ? r.earlier_inspection_title : `${r.earlier_unit_name}“${r.earlier_inspection_title}”`;
  const outcome =
    r.earlier_status === 'closed' && r.earlier_closed_at
      ? `已于${beijingDate(r.earlier_closed_at)}销号`
      : `现为“${STATUS_ZH[r.earlier_status]}”`;
  return `与${where}${r.earlier_path} 相似，${r.score.toFixed(2)}，${outcome}`;
}

export function presentRecurrence(r: RecurrenceRow): Recurrence {
  return {
    problem: { id: r.problem_id, path: r.problem_path, title: r.problem_title, description: r.problem_description },
    earlier: {
      id: r.earlier_id,
      path: r.earlier_path,
      title: r.earlier_title,
      description: r.earlier_description,
      status: r.earlier_status,
      closedOn: r.earlier_closed_at ? beijingDate(r.earlier_closed_at) : null,
      inspection: { id: r.earlier_inspection_id, name: r.earlier_inspection_title },
      unit: { id: r.earlier_unit_id, name: r.earlier_unit_name },
    },
    score: Math.round(r.score * 100) / 100,
    sameUnit: r.earlier_unit_id === r.unit_id,
    message: recurrenceMessage(r),
  };
}

/** The flags of a round as the API and the CLI give them. */
export async function roundRecurrences(db: Queryable, o: { inspectionId: number; page: number; pageSize: number }) {
  const { rows, total } = await recurrenceRepo.flags(db, {
    inspectionId: o.inspectionId,
    limit: o.pageSize,
    offset: (o.page - 1) * o.pageSize,
  });
  return { items: rows.map(presentRecurrence), total, page: o.page, pageSize: o.pageSize, threshold: sim.THRESHOLD, method: METHOD };
}

async function visibleRound(q: Queryable, actor: Actor, inspectionId: number) {
  const insp = await inspectionRepo.byId(q, actor.readUnitIds, inspectionId);
  if (!insp) throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  return insp;
}

/** GET /inspections/:id/recurrences */
export async function listRecurrences(ctx: AppContext, o: { actor: Actor; inspectionId: number; query: RecurrenceQuery }) {
  const insp = await visibleRound(ctx.db, o.actor, o.inspectionId);
  enforce('viewLedger', policy.viewRecurrences(o.actor, insp.unit_id));
  return roundRecurrences(ctx.db, { inspectionId: o.inspectionId, ...o.query });
}

/** GET /problems/:id/recurrences — the earlier problems one problem resembles (the side-by-side comparison). */
export async function problemRecurrences(ctx: AppContext, o: { actor: Actor; problemId: number }) {
  const place = (await recurrenceRepo.placeOf(ctx.db, [o.problemId])).get(o.problemId);
  if (!place || !o.actor.readUnitIds.includes(place.unit_id)) throw notFound(`problem ${o.problemId}`, '该问题');
  const { rows } = await recurrenceRepo.flags(ctx.db, { problemId: o.problemId, limit: FLAGS_PER_PROBLEM, offset: 0 });
  return rows.map(presentRecurrence);
}

/** The check of a round, timed, in one transaction (the CLI's and the route's). */
export async function checkRound(db: Db, o: { inspectionId: number; now: Date }) {
  const t0 = performance.now();
  const r = await db.tx((q) => flagRecurrences(q, o));
  return { ...r, ms: Math.round((performance.now() - t0) * 10) / 10 };
}

/** POST /inspections/:id/recurrences/check — compare the round again (after edits, or with a longer history). */
export async function recheckRound(ctx: AppContext, o: { actor: Actor; inspectionId: number }) {
  const insp = await visibleRound(ctx.db, o.actor, o.inspectionId);
  enforce('checkRecurrences', policy.checkRecurrences(o.actor, insp.unit_id));
  const now = ctx.clock.now();
  const t0 = performance.now();
  const r = await ctx.db.tx(async (q) => {
    const found = await flagRecurrences(q, { inspectionId: o.inspectionId, now });
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'inspection.recurrence_check',
      objectType: 'inspection',
      objectId: o.inspectionId,
      unitId: insp.unit_id,
      detail: found,
      ip: o.actor.ip,
    });
    return found;
  });
  return { ...r, ms: Math.round((performance.now() - t0) * 10) / 10 };
}
