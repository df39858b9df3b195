import { loadExcel } from '../../lib/lazy.js';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { beijingDate } from '../../lib/clock.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { deny, enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import {
  COMPONENT_KEYS,
  DEFAULT_CONFIG,
  GRADE_ZH,
  configProblem,
  evaluate,
  type Evaluation,
  type EvaluationConfig,
  type Grade,
} from '../../../domain/evaluation/index.js';
import { chineseDate, renderDocx, type Block, type DocumentModel } from '../../../domain/document/index.js';
import type { z } from 'zod';
import type { EvaluationConfigBody, EvaluationOverrideBody, evaluationSchema } from '../../../domain/schemas/office.js';
import { evaluationRepo, type OverrideRow, type RoundRow } from './repository.js';
import * as policy from './policy.js';

const DAY_MS = 86_400_000;

/** The office's configuration, or the defaults (a stored one missing a newer key takes the default's). */
export async function configOf(q: Queryable, officeId: number): Promise<EvaluationConfig> {
  const c = await evaluationRepo.config(q, officeId);
  if (!c) return DEFAULT_CONFIG;
  return {
    weights: { ...DEFAULT_CONFIG.weights, ...c.weights },
    thresholds: { ...DEFAULT_CONFIG.thresholds, ...c.thresholds },
    stalledDays: c.stalledDays ?? DEFAULT_CONFIG.stalledDays,
    feedbackSaturation: c.feedbackSaturation ?? DEFAULT_CONFIG.feedbackSaturation,
  };
}

/** A round's evaluation with the grade in force. */
export interface RoundEvaluation {
  round: RoundRow;
  evaluation: Evaluation;
  grade: Grade;
  overrides: OverrideRow[];
  config: EvaluationConfig;
}

/** Rounds whose evaluation inputs one statement reads (see `evaluateRounds`). */
const ROUNDS_PER_STATEMENT = 10;

/**
 * The evaluations of several rounds (of any offices) as of `now`: one query for the
 * counts of every ten rounds, one for their overrides. The grade in force is the newest
 * override's, or the computed one when there is none or it returned to it.
 */
export async function evaluateRounds(q: Queryable, rounds: RoundRow[], now: Date): Promise<Map<number, RoundEvaluation>> {
  const out = new Map<number, RoundEvaluation>();
  const today = beijingDate(now);
  const configs = new Map<number, EvaluationConfig>();
  for (const officeId of new Set(rounds.map((r) => r.office_id))) configs.set(officeId, await configOf(q, officeId));
  // rounds grouped by their office's stalled period, so each group's counts take one query
  const byStalled = new Map<number, RoundRow[]>();
  for (const r of rounds) {
    const d = configs.get(r.office_id)!.stalledDays;
    byStalled.set(d, [...(byStalled.get(d) ?? []), r]);
  }
  const overrides = await evaluationRepo.overrides(
    q,
    rounds.map((r) => r.id),
  );
  for (const [days, all] of byStalled) {
    // a few rounds per statement: at city scale one statement over a year's rounds (100k problems, 1M
    // progress entries) would hold the embedded database for seconds (issue 12)
    for (let i = 0; i < all.length; i += ROUNDS_PER_STATEMENT) {
      const group = all.slice(i, i + ROUNDS_PER_STATEMENT);
      const inputs = await evaluationRepo.inputs(
        q,
        group.map((r) => r.id),
        { today, stalledSince: new Date(now.getTime() - days * DAY_MS) },
      );
      for (const round of group) {
        const config = configs.get(round.office_id)!;
        const evaluation = evaluate(inputs.get(round.id)!, config);
        const mine = overrides.filter((o) => o.inspection_id === round.id);
        out.set(round.id, { round, evaluation, grade: mine[0]?.grade ?? evaluation.grade, overrides: mine, config });
      }
    }
  }
  return out;
}

/** One round's evaluation (the CLI's, and the core of the route's). */
export async function evaluateRound(q: Queryable, o: { inspectionId: number; now: Date }): Promise<RoundEvaluation> {
  const round = await evaluationRepo.round(q, o.inspectionId);
  if (!round) throw notFound(`inspection ${o.inspectionId}`, '该巡视巡察轮次');
  return (await evaluateRounds(q, [round], o.now)).get(round.id)!;
}

function presentOverride(o: OverrideRow) {
  return {
    grade: o.grade,
    reason: o.reason,
    by: { id: o.created_by, name: o.created_by_name },
    at: o.created_at,
    computedGrade: o.computed_grade,
    computedScore: Number(o.computed_score),
  };
}

export function presentEvaluation(e: RoundEvaluation, now: Date, abilities: { override: boolean }): z.output<typeof evaluationSchema> {
  const { round, evaluation } = e;
  return {
    inspection: { id: round.id, name: round.title },
    unit: { id: round.unit_id, name: round.unit_name },
    kind: round.kind,
    asOf: beijingDate(now),
    components: evaluation.components,
    score: evaluation.score,
    computedGrade: evaluation.grade,
    grade: e.grade,
    override: e.overrides[0] ? presentOverride(e.overrides[0]) : null,
    history: e.overrides.slice(1).map(presentOverride),
    config: e.config,
    abilities,
  };
}

async function visibleRound(q: Queryable, actor: Actor, inspectionId: number): Promise<RoundRow> {
  const round = await evaluationRepo.round(q, inspectionId);
  if (!round || !policy.viewEvaluation(actor, round.unit_id).allowed) throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  return round;
}

/** GET /inspections/:id/evaluation */
export async function getEvaluation(ctx: AppContext, o: { actor: Actor; inspectionId: number }) {
  const round = await visibleRound(ctx.db, o.actor, o.inspectionId);
  const now = ctx.clock.now();
  const e = (await evaluateRounds(ctx.db, [round], now)).get(round.id)!;
  return presentEvaluation(e, now, { override: policy.overrideGrade(o.actor, round.unit_id).allowed });
}

/**
 * POST /inspections/:id/evaluation/override — 巡察办 sets the grade with a reason (or
 * returns to the computed one with grade null). The computed score and grade at that
 * moment are kept with it, and the audit row names both.
 */
export async function overrideGrade(ctx: AppContext, o: { actor: Actor; inspectionId: number; body: EvaluationOverrideBody }) {
  const { actor, body } = o;
  const now = ctx.clock.now();
  await ctx.db.tx(async (q) => {
    const round = await visibleRound(q, actor, o.inspectionId);
    enforce('overrideGrade', policy.overrideGrade(actor, round.unit_id));
    const e = (await evaluateRounds(q, [round], now)).get(round.id)!;
    const id = await evaluationRepo.insertOverride(q, {
      inspectionId: round.id,
      grade: body.grade,
      computedGrade: e.evaluation.grade,
      computedScore: e.evaluation.score,
      reason: body.reason,
      by: actor.id,
      at: now,
    });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'evaluation.override',
      objectType: 'inspection',
      objectId: round.id,
      unitId: round.unit_id,
      ip: actor.ip,
      detail: {
        overrideId: id,
        from: e.grade,
        to: body.grade ?? e.evaluation.grade,
        computed: { grade: e.evaluation.grade, score: e.evaluation.score },
        reason: body.reason,
      },
    });
  });
  return getEvaluation(ctx, { actor, inspectionId: o.inspectionId });
}

/** The office the actor sets evaluation rules for (its first; 巡察办 accounts hold one). */
function officeOf(actor: Actor): number {
  const officeId = actor.officeIds[0];
  if (officeId == null) enforce('editEvaluationConfig', deny('role'));
  return officeId;
}

/** GET /office/evaluation-config */
export async function getConfig(ctx: AppContext, o: { actor: Actor }) {
  return configOf(ctx.db, officeOf(o.actor));
}

/** PUT /office/evaluation-config — weights summing to 100 and ordered thresholds, audited with before and after. */
export async function saveConfig(ctx: AppContext, o: { actor: Actor; config: EvaluationConfigBody }) {
  const officeId = officeOf(o.actor);
  enforce('editEvaluationConfig', policy.editEvaluationConfig(o.actor, officeId));
  const problem = configProblem(o.config);
  if (problem) {
    const path = problem.includes('权重') ? 'weights' : 'thresholds';
    throw badRequest(`invalid evaluation config: ${path}`, problem, [{ path, message: problem }]);
  }
  const now = ctx.clock.now();
  await ctx.db.tx(async (q) => {
    const before = await configOf(q, officeId);
    await evaluationRepo.saveConfig(q, officeId, o.config, o.actor.id, now);
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'evaluation.config',
      objectType: 'office',
      objectId: officeId,
      detail: { before, after: o.config },
      ip: o.actor.ip,
    });
  });
  return configOf(ctx.db, officeId);
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** GET /office/evaluations.xlsx?year= — every round of the office's units in a year, one row each, every component. */
export async function exportYear(ctx: AppContext, o: { actor: Actor; year: number }): Promise<{ filename: string; bytes: Uint8Array }> {
  enforce('viewEvaluation', policy.exportEvaluations(o.actor));
  const now = ctx.clock.now();
  const rounds = await evaluationRepo.roundsOfYear(ctx.db, o.actor.officeIds, o.year);
  const evals = await evaluateRounds(ctx.db, rounds, now);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhenggai';
  const ws = wb.addWorksheet(`${o.year}年整改评估`, { views: [{ state: 'frozen', ySplit: 2 }] });
  const compCols = COMPONENT_KEYS.flatMap((k) => {
    const name =
      evals
        .values()
        .next()
        .value?.evaluation.components.find((c) => c.key === k)?.name ?? k;
    return [`${name}（分子/分母）`, `${name}扣分`];
  });
  const header = ['序号', '单位', '轮次', '类型', '反馈日期', ...compCols, '得分', '计算等次', '评定等次', '调整理由'];
  ws.addRow([`${o.year}年度巡视巡察整改评估汇总（截至${chineseDate(beijingDate(now))}）`]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(header).font = { bold: true };
  rounds.forEach((r, i) => {
    const e = evals.get(r.id)!;
    const cells = e.evaluation.components.flatMap((c) => [`${c.numerator}/${c.denominator}（${pct(c.rate)}）`, c.deduction]);
    ws.addRow([
      i + 1,
      r.unit_name,
      r.title,
      r.kind,
      r.feedback_date ? chineseDate(r.feedback_date) : '',
      ...cells,
      e.evaluation.score,
      GRADE_ZH[e.evaluation.grade],
      GRADE_ZH[e.grade],
      e.overrides[0]?.reason ?? '',
    ]);
  });
  ws.columns.forEach((c, i) => {
    c.width = i === 0 ? 6 : i <= 2 ? 24 : 14;
  });
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  return { filename: `${o.year}年整改评估汇总.xlsx`, bytes };
}

/** The evaluation report as an official document (GB/T 9704 layout through src/domain/document). */
export function evaluationDocument(e: RoundEvaluation, now: Date): DocumentModel {
  const { round, evaluation } = e;
  const c = Object.fromEntries(evaluation.components.map((x) => [x.key, x]));
  const blocks: Block[] = [
    { kind: 'heading', level: 1, label: '一、', heading: '基本情况' },
    {
      kind: 'paragraph',
      computed: true,
      text:
        `${round.unit_name}${round.title}${round.feedback_date ? `于${chineseDate(round.feedback_date)}反馈` : ''}，` +
        `纳入整改台账的问题${c.extensions.denominator}个。截至${chineseDate(beijingDate(now))}，已到期或已销号问题${c.onTime.denominator}个，` +
        `其中按期销号${c.onTime.denominator - c.onTime.numerator}个，逾期未销号${c.overdue.numerator}个；未销号问题${c.stalled.denominator}个，` +
        `其中长期无进展${c.stalled.numerator}个。`,
    },
    { kind: 'heading', level: 1, label: '二、', heading: '评估得分' },
    {
      kind: 'paragraph',
      computed: true,
      text: '评估满分100分，按下列各项扣分：扣分＝权重×比率，比率＝分子÷分母（不超过1，分母为0时为0）。',
    },
    ...evaluation.components.map((x, i): Block => ({
      kind: 'heading',
      level: 2,
      label: `（${['一', '二', '三', '四', '五', '六', '七', '八', '九'][i]}）`,
      heading: `${x.name}。`,
      body: `${x.numeratorLabel}${x.numerator}，${x.denominatorLabel}${x.denominator}，比率${pct(x.rate)}，权重${x.weight}，扣${x.deduction}分。`,
      computed: true,
    })),
    { kind: 'paragraph', computed: true, text: `合计扣${Math.round((100 - evaluation.score) * 10) / 10}分，得分${evaluation.score}分。` },
    { kind: 'heading', level: 1, label: '三、', heading: '评估等次' },
    {
      kind: 'paragraph',
      computed: true,
      text:
        `按${e.config.thresholds.good}分以上为“好”、${e.config.thresholds.fairly_good}分以上为“较好”、${e.config.thresholds.average}分以上为“一般”、` +
        `其余为“差”的标准，计算等次为“${GRADE_ZH[evaluation.grade]}”。` +
        (e.overrides[0]?.grade
          ? `经巡察办研究，评定等次调整为“${GRADE_ZH[e.overrides[0].grade]}”，理由：${e.overrides[0].reason}`
          : `评定等次为“${GRADE_ZH[e.grade]}”。`),
    },
  ];
  return {
    title: `关于${round.unit_name}${round.title}整改情况的评估报告`,
    addressee: `${round.office_name}：`,
    blocks,
    signature: round.office_name,
    date: beijingDate(now),
  };
}

/** GET /inspections/:id/evaluation.docx */
export async function evaluationDocx(ctx: AppContext, o: { actor: Actor; inspectionId: number }) {
  const round = await visibleRound(ctx.db, o.actor, o.inspectionId);
  const now = ctx.clock.now();
  const e = (await evaluateRounds(ctx.db, [round], now)).get(round.id)!;
  const bytes = await renderDocx(evaluationDocument(e, now));
  return { filename: `${round.unit_name}${round.title}整改评估报告.docx`, bytes };
}
