/**
 * The inspection office's commands (issue 10). Contracts for scripts:
 *
 *   zhenggai similar --inspection N [--check] [--json]
 *     the round's problems that resemble problems of earlier rounds (屡查屡犯), with scores;
 *     --check compares the round again first. --json: {inspectionId, threshold, method, pairs: [...]}.
 *   zhenggai evaluate --inspection N [--json]
 *     the score, the grade and every component with its numerator, denominator, rate, weight and
 *     deduction, so the arithmetic can be checked by hand (100 − Σ deductions = score).
 *   zhenggai lookback-sample --inspection N --size K [--method random|risk] [--seed S] [--json]
 *     the sample a look-back would draw now (nothing is written): the same seed draws the same items.
 *   zhenggai office-snapshot [--date YYYY-MM-DD]
 *     the weekly snapshot of every round the board's trend is drawn from (idempotent within a week).
 *
 * Exit 0 on success, 2 for bad arguments, 1 with a message when the round does not exist.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { id, isoDate, pageInt } from '../domain/schemas/primitives.js';
import { GRADE_ZH } from '../domain/evaluation/index.js';
import { LOOKBACK_METHODS, RISKS } from '../domain/evaluation/lookback.js';
import { loadConfig } from '../server/config.js';
import { migrate, type Db } from '../server/db/index.js';
import { clockFrom, openConfigured } from '../server/serve.js';
import { notFound } from '../server/lib/errors.js';
import { checkRound, roundRecurrences } from '../server/modules/recurrence/service.js';
import { evaluateRound } from '../server/modules/evaluation/service.js';
import { sampleOf } from '../server/modules/lookback/service.js';
import { evaluationRepo } from '../server/modules/evaluation/repository.js';
import { takeWeeklySnapshot } from '../server/modules/office/service.js';
import type { Clock } from '../server/lib/clock.js';

function parse<S extends z.ZodType>(schema: S, o: unknown): z.output<S> | null {
  const r = schema.safeParse(o);
  if (r.success) return r.data;
  for (const i of r.error.issues) console.error(`--${i.path.join('.')}: ${i.message}`);
  process.exitCode = 2;
  return null;
}

async function withDb<T>(fn: (db: Db, clock: Clock) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openConfigured(config);
  try {
    await migrate(db);
    return await fn(db, clockFrom(config));
  } finally {
    await db.close();
  }
}

async function requireRound(db: Db, inspectionId: number) {
  const round = await evaluationRepo.round(db, inspectionId);
  if (!round) throw notFound(`inspection ${inspectionId}`, `巡视巡察轮次 ${inspectionId} 不存在`);
  return round;
}

export function registerOfficeCommands(program: Command): void {
  program
    .command('similar')
    .description('problems of a round that resemble problems of earlier rounds (屡查屡犯), with scores')
    .requiredOption('--inspection <id>', 'the inspection round')
    .option('--check', 'compare the round again before listing')
    .option('--json', 'print JSON')
    .action(async (o: { inspection: string; check?: boolean; json?: boolean }) => {
      const a = parse(z.object({ inspection: id }), o);
      if (!a) return;
      await withDb(async (db, clock) => {
        await requireRound(db, a.inspection);
        const checked = o.check ? await checkRound(db, { inspectionId: a.inspection, now: clock.now() }) : null;
        const all = await roundRecurrences(db, { inspectionId: a.inspection, page: 1, pageSize: 100_000 });
        const pairs = all.items.map((r) => ({
          problem: { id: r.problem.id, path: r.problem.path, title: r.problem.title },
          earlier: {
            id: r.earlier.id,
            path: r.earlier.path,
            title: r.earlier.title,
            inspection: r.earlier.inspection,
            unit: r.earlier.unit,
            status: r.earlier.status,
            closedOn: r.earlier.closedOn,
          },
          score: r.score,
          message: r.message,
        }));
        if (o.json) {
          console.log(
            JSON.stringify(
              { inspectionId: a.inspection, threshold: all.threshold, method: all.method, ...(checked ? { check: checked } : {}), pairs },
              null,
              2,
            ),
          );
          return;
        }
        if (checked) console.log(`compared ${checked.checked} problems in ${checked.ms} ms: ${checked.flagged} resemble earlier ones`);
        if (!pairs.length) console.log('no problem of this round resembles an earlier one');
        for (const p of pairs) console.log(`${p.problem.path} ${p.problem.title}\n    ${p.message}`);
      });
    });

  program
    .command('evaluate')
    .description('the evaluation of a round (整改评估): score, grade and every component with its inputs')
    .requiredOption('--inspection <id>', 'the inspection round')
    .option('--json', 'print JSON')
    .action(async (o: { inspection: string; json?: boolean }) => {
      const a = parse(z.object({ inspection: id }), o);
      if (!a) return;
      await withDb(async (db, clock) => {
        await requireRound(db, a.inspection);
        const now = clock.now();
        const e = await evaluateRound(db, { inspectionId: a.inspection, now });
        const out = {
          inspection: { id: e.round.id, title: e.round.title, unit: e.round.unit_name },
          asOf: now.toISOString(),
          components: e.evaluation.components,
          formula:
            'score = max(0, 100 − Σ deduction); deduction = round1(weight × rate); ' +
            'rate = denominator > 0 ? min(1, numerator / denominator) : 0',
          score: e.evaluation.score,
          computedGrade: e.evaluation.grade,
          grade: e.grade,
          override: e.overrides[0] ? { grade: e.overrides[0].grade, reason: e.overrides[0].reason, at: e.overrides[0].created_at } : null,
          config: e.config,
        };
        if (o.json) {
          console.log(JSON.stringify(out, null, 2));
          return;
        }
        console.log(`${e.round.unit_name} ${e.round.title}`);
        for (const c of e.evaluation.components) {
          console.log(`  ${c.name}: ${c.numerator}/${c.denominator} = ${c.rate} × ${c.weight} = −${c.deduction}`);
        }
        console.log(`score ${e.evaluation.score}, computed ${GRADE_ZH[e.evaluation.grade]}, in force ${GRADE_ZH[e.grade]}`);
      });
    });

  program
    .command('lookback-sample')
    .description('the sample a look-back of a round would draw now (writes nothing)')
    .requiredOption('--inspection <id>', 'the inspection round')
    .requiredOption('--size <k>', 'how many closed items')
    .option('--method <m>', 'random | risk', 'random')
    .option('--seed <seed>', 'the seed (a look-back records the one it used)', 'zhenggai')
    .option('--json', 'print JSON')
    .action(async (o: { inspection: string; size: string; method: string; seed: string; json?: boolean }) => {
      const a = parse(
        z.object({ inspection: id, size: pageInt(1, 500, '抽取数量'), method: z.enum(LOOKBACK_METHODS), seed: z.string().min(1).max(64) }),
        o,
      );
      if (!a) return;
      await withDb(async (db) => {
        await requireRound(db, a.inspection);
        const s = await sampleOf(db, { inspectionId: a.inspection, method: a.method, size: a.size, seed: a.seed });
        if (o.json) {
          console.log(
            JSON.stringify(
              { inspectionId: a.inspection, method: a.method, seed: a.seed, population: s.population, drawn: s.drawn },
              null,
              2,
            ),
          );
          return;
        }
        console.log(`${s.drawn.length} of ${s.population} closed items (seed ${a.seed}, ${a.method}):`);
        for (const d of s.drawn)
          console.log(`  problem ${d.problemId}${d.risks.length ? `  ${d.risks.map((r) => RISKS[r].zh).join('、')}` : ''}`);
      });
    });

  program
    .command('office-snapshot')
    .description('store this week’s snapshot of every round (the board’s trend); run weekly by the scheduler')
    .option('--date <date>', 'the day to take it for (default: today)')
    .action(async (o: { date?: string }) => {
      const a = parse(z.object({ date: isoDate.optional() }), o);
      if (!a) return;
      await withDb(async (db, clock) => {
        const at = a.date ? new Date(`${a.date}T04:00:00Z`) : clock.now();
        const r = await takeWeeklySnapshot({ db }, at);
        console.log(`week of ${r.week}: ${r.rounds} rounds`);
      });
    });
}
