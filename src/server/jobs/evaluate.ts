/**
 * The daily evaluation: every open, planned problem and every open supervision
 * order against its office's rules on one Beijing date → reminders into the
 * inbox, missed order deadlines escalated, one summary per unit queued for its
 * channels.
 *
 * Cut into short transactions (a batch of problems, a batch of orders, a unit's
 * summary), each committing its work together with the run's cursor: PGlite has
 * one connection, and a transaction over the whole ledger would stop every
 * request for its length. A run that dies half-way is taken over when its lease
 * runs out and goes on from the cursor; whatever it repeats is absorbed by the
 * unique keys (person, subject, kind, state) of the inbox and (channel, key) of the outbox.
 */
import type { AppContext } from '../context.js';
import {
  REMINDER_KIND_ZH,
  orderNumber,
  orderReminders,
  problemReminders,
  ORDER_LEVEL_ZH,
  escalatedLevel,
  type ReminderKind,
} from '../../domain/supervision/index.js';
import { daysBetween } from '../../domain/workflow/index.js';
import { rulesByUnit } from '../modules/lightrules/service.js';
import { notificationRepo, type NewNotification } from '../modules/notifications/repository.js';
import { audienceUsers } from '../modules/notifications/audience.js';
import { orderRepo } from '../modules/supervision/repository.js';
import { escalateOrder } from '../modules/supervision/service.js';
import { links } from '../modules/digests/service.js';
import { evaluationRepo, schedulerRepo, type EvalProblemRow } from './repository.js';

export const LEASE_MS = 10 * 60_000;

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>;

interface Cursor {
  phase: 'problems' | 'orders' | 'summaries';
  after: number;
}

export interface EvaluationResult {
  /** False when the date was evaluated already (or another runner holds it). */
  ran: boolean;
  notifications: number;
  escalations: number;
  summaries: number;
  batches: number;
}

export interface EvaluateOptions {
  date: string;
  owner: string;
  batch?: number;
  /** Tests: throw after this many committed batches, as a crash would. */
  crashAfterBatches?: number;
}

/** Kinds the daily channel summary reports. */
const DAILY_KINDS: readonly ReminderKind[] = ['yellow', 'red', 'escalate', 'stalled', 'order_due', 'order_overdue', 'order_issued'];

function short(s: string, n = 30): string {
  return [...s].length > n ? `${[...s].slice(0, n).join('')}…` : s;
}

/** The wording of a problem reminder: short, Chinese, the state it is about. */
function problemText(kind: ReminderKind, p: EvalProblemRow, today: string): { title: string; body: string } {
  const name = short(`${p.label}${p.title}`);
  const d = p.deadline ?? '';
  switch (kind) {
    case 'yellow':
      return { title: `临期提醒：${name}`, body: `整改时限 ${d}，还有 ${daysBetween(today, d)} 天。请抓紧推进，及时报送进展。` };
    case 'red':
      return {
        title: `超期提醒：${name}`,
        body: `已超过整改时限 ${d}（${daysBetween(d, today)} 天）。请尽快整改到位；确需延期的，请提出延期申请。`,
      };
    case 'escalate':
      return {
        title: `超期升级：${name}`,
        body: `${p.dept_name ?? '牵头部门'}牵头，已超期 ${daysBetween(d, today)} 天，提请整改办、巡察办督办。`,
      };
    default:
      return {
        title: `进展停滞：${name}`,
        body: `已 ${daysBetween(p.quiet_since, today)} 天未报送整改进展（上次 ${p.quiet_since}）。请报送最新进展。`,
      };
  }
}

async function problemsPhase(ctx: Ctx, o: EvaluateOptions, cursor: Cursor, out: EvaluationResult, tick: () => void) {
  const rulesOf = await rulesByUnit(ctx.db);
  const dir = await notificationRepo.directory(ctx.db);
  for (;;) {
    const done = await ctx.db.tx(async (q) => {
      const rows = await evaluationRepo.problems(q, cursor.after, o.batch ?? 500);
      if (!rows.length) return true;
      const news: NewNotification[] = [];
      for (const p of rows) {
        const snap = {
          status: p.status,
          rectifyKind: p.rectify_kind,
          deadline: p.deadline,
          leadDeptId: p.lead_dept_id,
          quietSince: p.quiet_since,
          openOrders: p.open_orders,
          orderReplyDue: p.order_reply_due,
          isKey: p.is_key,
        };
        for (const r of problemReminders(snap, o.date, rulesOf(p.unit_id))) {
          const users = audienceUsers(dir, r.audiences, {
            unitId: p.unit_id,
            officeId: p.office_id,
            leadDeptId: p.lead_dept_id,
            leaderId: p.leader_id,
            keyLeaderIds: p.key_leader_id ? [p.key_leader_id] : [],
          });
          const text = problemText(r.kind, p, o.date);
          for (const userId of users) {
            news.push({
              userId,
              unitId: p.unit_id,
              kind: r.kind,
              subjectType: 'problem',
              subjectId: p.id,
              stateKey: r.stateKey,
              ...text,
              link: `/problems/${p.id}`,
            });
          }
        }
      }
      out.notifications += (await notificationRepo.insertMany(q, news, ctx.clock.now())).length;
      cursor.after = rows[rows.length - 1].id;
      await advance(q, ctx, o, cursor);
      return false;
    });
    if (done) break;
    tick();
  }
}

async function ordersPhase(ctx: Ctx, o: EvaluateOptions, cursor: Cursor, out: EvaluationResult, tick: () => void) {
  const rulesOf = await rulesByUnit(ctx.db);
  const dir = await notificationRepo.directory(ctx.db);
  for (;;) {
    const done = await ctx.db.tx(async (q) => {
      const rows = await orderRepo.openForEvaluation(q, cursor.after, o.batch ?? 500);
      if (!rows.length) return true;
      const news: NewNotification[] = [];
      const at = ctx.clock.now();
      for (const ord of rows) {
        const { reminder, escalateTo } = orderReminders(
          { status: ord.status, replyDue: ord.reply_due, level: ord.level, escalatedFor: ord.escalated_for },
          o.date,
          rulesOf(ord.unit_id),
        );
        let level = ord.level;
        if (escalateTo && (await escalateOrder(q, { id: ord.id, unitId: ord.unit_id, replyDue: ord.reply_due, level: ord.level, at }))) {
          out.escalations++;
          level = escalatedLevel(ord.level);
        }
        if (!reminder) continue;
        const number = orderNumber(ord.year, ord.seq);
        const text =
          reminder.kind === 'order_due'
            ? { title: `督办回复提醒：${number}`, body: `督办单${number}请于 ${ord.reply_due} 前回复。` }
            : {
                title: `督办逾期：${number}`,
                body: `督办单${number}回复时限 ${ord.reply_due} 已过，现为${ORDER_LEVEL_ZH[level]}。请立即回复。`,
              };
        const users = audienceUsers(dir, reminder.audiences, {
          unitId: ord.unit_id,
          officeId: null,
          orderDeptId: ord.dept_id,
          orderLeaderId: ord.leader_id,
          keyLeaderIds: ord.key_leaders,
          issuer: { orgId: ord.issuer_org_id, kind: ord.issuer_kind },
        });
        for (const userId of users) {
          news.push({
            userId,
            unitId: ord.unit_id,
            kind: reminder.kind,
            subjectType: 'order',
            subjectId: ord.id,
            stateKey: reminder.stateKey,
            ...text,
            link: `/supervision/orders/${ord.id}`,
          });
        }
        // the problems' lights read the order's deadline: escalation does not move it, so nothing to refresh
      }
      out.notifications += (await notificationRepo.insertMany(q, news, at)).length;
      cursor.after = rows[rows.length - 1].id;
      await advance(q, ctx, o, cursor);
      return false;
    });
    if (done) break;
    tick();
  }
}

/** One message per unit that got reminders since the run began, queued for its channels (once per date and channel). */
async function summariesPhase(ctx: Ctx, o: EvaluateOptions, startedAt: Date, cursor: Cursor, out: EvaluationResult, tick: () => void) {
  const l = links(ctx.config);
  const units = (await notificationRepo.unitsSince(ctx.db, startedAt)).filter((u) => u > cursor.after);
  for (const unitId of units) {
    await ctx.db.tx(async (q) => {
      const rows = await notificationRepo.unitSince(q, unitId, startedAt, DAILY_KINDS);
      if (rows.length) {
        const counts = DAILY_KINDS.map((k) => [k, rows.filter((r) => r.kind === k).length] as const).filter(([, n]) => n > 0);
        const head = counts.map(([k, n]) => `${REMINDER_KIND_ZH[k]} ${n} 项`).join('，');
        const lines = rows.slice(0, 10).map((r) => `- [${r.title}](${l.base}${r.link})`);
        if (rows.length > 10) lines.push(`- 另有 ${rows.length - 10} 项，请登录系统查看`);
        const n = await notificationRepo.enqueue(q, {
          unitId,
          dedupeKey: `daily:${o.date}`,
          title: `整改督办提醒（${o.date}）`,
          body: `${head}。\n${lines.join('\n')}`,
          at: ctx.clock.now(),
        });
        out.summaries += n;
      }
      cursor.after = unitId;
      await advance(q, ctx, o, cursor);
    });
    tick();
  }
}

async function advance(q: Parameters<typeof schedulerRepo.advance>[0], ctx: Ctx, o: EvaluateOptions, cursor: Cursor) {
  const held = await schedulerRepo.advance(q, {
    job: 'evaluate',
    period: o.date,
    owner: o.owner,
    cursor,
    leaseUntil: new Date(ctx.clock.now().getTime() + LEASE_MS),
  });
  // taken over (this runner was presumed dead): roll this batch back and leave the run to the new owner
  if (!held) throw new LeaseLost();
}

export class LeaseLost extends Error {
  constructor() {
    super('scheduler lease lost to another runner');
  }
}

/** Runs (or resumes) the evaluation of one date; does nothing when it ran already. */
export async function evaluateDay(ctx: Ctx, o: EvaluateOptions): Promise<EvaluationResult> {
  const out: EvaluationResult = { ran: false, notifications: 0, escalations: 0, summaries: 0, batches: 0 };
  const now = ctx.clock.now();
  const claim = await schedulerRepo.claim(ctx.db, {
    job: 'evaluate',
    period: o.date,
    owner: o.owner,
    now,
    leaseUntil: new Date(now.getTime() + LEASE_MS),
  });
  if (!claim) return out;
  out.ran = true;
  const cursor: Cursor = (claim.cursor as Cursor | null) ?? { phase: 'problems', after: 0 };
  const tick = () => {
    out.batches++;
    if (o.crashAfterBatches != null && out.batches >= o.crashAfterBatches) throw new Error(`simulated crash after ${out.batches} batches`);
  };
  if (cursor.phase === 'problems') {
    await problemsPhase(ctx, o, cursor, out, tick);
    Object.assign(cursor, { phase: 'orders', after: 0 });
  }
  if (cursor.phase === 'orders') {
    await ordersPhase(ctx, o, cursor, out, tick);
    Object.assign(cursor, { phase: 'summaries', after: 0 });
  }
  await summariesPhase(ctx, o, claim.startedAt, cursor, out, tick);
  await schedulerRepo.finish(ctx.db, { job: 'evaluate', period: o.date, owner: o.owner, result: out, at: ctx.clock.now() });
  return out;
}
