/**
 * Supervision (issue 9) as pure logic: an office's light and reminder rules, who
 * is reminded of what on a given day, supervision orders (督办单) with their steps
 * and escalation, and the periods of the scheduler's jobs. The server's daily
 * evaluation, its use cases and the web all decide with these functions.
 */
import {
  ALLOW,
  DEFAULT_LIGHT_RULES,
  daysBetween,
  deny,
  isStalled,
  isUnplanned,
  type Decision,
  type LightRules,
  type ProblemStatus,
  type RectifyKind,
} from '../workflow/index.js';

/** An office's rules: the lights (yellow window, stalled, supervision orders) and the reminders. */
export interface SupervisionRules extends Required<LightRules> {
  /** Remind the lead department's handlers when an item turns yellow (deadline within the window). */
  remindYellow: boolean;
  /** Remind the department and the responsible leader when an item turns red. */
  remindRed: boolean;
  /** Escalate to the unit's 整改办 and the inspection office after this many days red; null: never. */
  escalateRedDays: number | null;
  /** Remind the handlers of a stalled item. */
  remindStalled: boolean;
  /** Remind the addressed department this many days before a supervision order's reply deadline (0: on the day). */
  orderRemindDays: number;
}

export const DEFAULT_SUPERVISION_RULES: SupervisionRules = Object.freeze({
  yellowDays: DEFAULT_LIGHT_RULES.yellowDays,
  stalledDays: 30,
  orderYellow: true,
  orderOverdueRed: true,
  remindYellow: true,
  remindRed: true,
  escalateRedDays: 7,
  remindStalled: true,
  orderRemindDays: 2,
});

/** Who a reminder goes to, resolved to accounts by the server. */
export type Audience =
  /** The lead department's handlers. */
  | 'handlers'
  /** The problem's responsible leader (责任领导). */
  | 'leader'
  /** The leader who took a key problem in hand (领导领办). */
  | 'key_leader'
  /** The unit's 整改办. */
  | 'unit_admin'
  /** The inspection office above the unit (巡察办). */
  | 'office_admin'
  /** The handlers of the department a supervision order is addressed to. */
  | 'order_dept'
  /** The leader a supervision order is addressed to. */
  | 'order_leader'
  /** The organisation that issued the order (its 整改办 or 巡察办). */
  | 'issuer';

export const REMINDER_KINDS = [
  'yellow',
  'red',
  'escalate',
  'stalled',
  'order_issued',
  'order_due',
  'order_overdue',
  'order_replied',
  'order_reviewed',
  'digest',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_KIND_ZH: Record<ReminderKind, string> = {
  yellow: '临期提醒',
  red: '超期提醒',
  escalate: '超期升级',
  stalled: '进展停滞',
  order_issued: '督办通知',
  order_due: '督办回复提醒',
  order_overdue: '督办逾期',
  order_replied: '督办回复',
  order_reviewed: '督办审核',
  digest: '督促调度',
};

/** One reminder due on a day: what, for which state (the same state is never told twice), to whom. */
export interface Reminder {
  kind: ReminderKind;
  /** The state the reminder is about, e.g. the deadline it is red against; a new state is a new reminder. */
  stateKey: string;
  audiences: Audience[];
}

/** What the daily evaluation knows of one problem. */
export interface ProblemSnapshot {
  status: ProblemStatus;
  rectifyKind: RectifyKind | null;
  deadline: string | null;
  leadDeptId: number | null;
  /** Beijing date of the last progress entry, or of the problem's creation when none. */
  quietSince: string | null;
  openOrders: number;
  orderReplyDue: string | null;
  isKey: boolean;
}

/** Statuses in which the department is the one to act (a closure under review waits for the reviewers). */
const ACTIVE: readonly ProblemStatus[] = ['pending', 'in_progress', 'long_term'];

/**
 * The reminders a problem calls for on `today`. Only planned items in the
 * department's hands: an unplanned item has nobody to remind yet, and one awaiting
 * its closure review is the reviewers' (their to-do list shows it).
 */
export function problemReminders(p: ProblemSnapshot, today: string, rules: SupervisionRules): Reminder[] {
  if (!ACTIVE.includes(p.status) || isUnplanned(p)) return [];
  const out: Reminder[] = [];
  const longTerm = p.rectifyKind === 'long_term' || p.status === 'long_term';
  const keyLeader: Audience[] = p.isKey ? ['key_leader'] : [];
  if (!longTerm && p.deadline) {
    const left = daysBetween(today, p.deadline);
    if (left < 0) {
      if (rules.remindRed) out.push({ kind: 'red', stateKey: p.deadline, audiences: ['handlers', 'leader', ...keyLeader] });
      if (rules.escalateRedDays != null && -left >= rules.escalateRedDays) {
        out.push({ kind: 'escalate', stateKey: p.deadline, audiences: ['unit_admin', 'office_admin', ...keyLeader] });
      }
    } else if (left <= rules.yellowDays && rules.remindYellow) {
      out.push({ kind: 'yellow', stateKey: p.deadline, audiences: ['handlers'] });
    }
  }
  if (rules.remindStalled && isStalled(p, today, rules)) {
    out.push({ kind: 'stalled', stateKey: p.quietSince!, audiences: ['handlers', ...keyLeader] });
  }
  return out;
}

// ——— Supervision orders (督办单) ———

export const ORDER_STATUSES = ['issued', 'replied', 'accepted', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_ZH: Record<OrderStatus, string> = {
  issued: '待回复',
  replied: '已回复待审核',
  accepted: '已办结',
  returned: '已退回待重新回复',
};

export const ORDER_LEVELS = ['general', 'key', 'listed'] as const;
export type OrderLevel = (typeof ORDER_LEVELS)[number];
export const ORDER_LEVEL_ZH: Record<OrderLevel, string> = { general: '一般督办', key: '重点督办', listed: '挂牌督办' };

/** Orders waiting for the department: issued, or returned for a new reply. */
export function orderOpen(status: OrderStatus): boolean {
  return status === 'issued' || status === 'returned';
}

/** The order's number in the official style: 〔2026〕第3号. */
export function orderNumber(year: number, seq: number): string {
  return `〔${year}〕第${seq}号`;
}

/** A missed reply deadline raises the level one step (一般 → 重点 → 挂牌督办); 挂牌 stays. */
export function escalatedLevel(level: OrderLevel): OrderLevel {
  return level === 'general' ? 'key' : 'listed';
}

export type OrderReason =
  /** The order has been accepted (办结): nothing moves any more. */
  | 'order_closed'
  /** A reply waits for the issuer's review: no second reply before it. */
  | 'order_reply_pending'
  /** Nothing to review: no reply waits. */
  | 'order_no_reply'
  /** The reply deadline must not lie before the day of issue. */
  | 'reply_due_past';

export function orderReplyCheck(o: { status: OrderStatus }): Decision<OrderReason> {
  if (o.status === 'accepted') return deny('order_closed');
  if (o.status === 'replied') return deny('order_reply_pending');
  return ALLOW;
}

export function orderReviewCheck(o: { status: OrderStatus }): Decision<OrderReason> {
  if (o.status === 'accepted') return deny('order_closed');
  if (o.status !== 'replied') return deny('order_no_reply');
  return ALLOW;
}

export function orderDueCheck(replyDue: string, today: string): Decision<OrderReason> {
  return replyDue < today ? deny('reply_due_past', { today }) : ALLOW;
}

/** What the daily evaluation does about one open order on `today`. */
export function orderReminders(
  o: { status: OrderStatus; replyDue: string; level: OrderLevel; escalatedFor: string | null },
  today: string,
  rules: Pick<SupervisionRules, 'orderRemindDays'>,
): { reminder: Reminder | null; escalateTo: OrderLevel | null } {
  if (!orderOpen(o.status)) return { reminder: null, escalateTo: null };
  const left = daysBetween(today, o.replyDue);
  if (left < 0) {
    // once per missed deadline: a new deadline (given with a return) may be missed again
    const escalateTo = o.escalatedFor === o.replyDue ? null : escalatedLevel(o.level);
    return {
      reminder: { kind: 'order_overdue', stateKey: o.replyDue, audiences: ['order_dept', 'order_leader', 'issuer', 'key_leader'] },
      escalateTo,
    };
  }
  if (left <= rules.orderRemindDays)
    return { reminder: { kind: 'order_due', stateKey: o.replyDue, audiences: ['order_dept', 'order_leader'] }, escalateTo: null };
  return { reminder: null, escalateTo: null };
}

// ——— Periods of the scheduler's jobs ———

function utc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, n: number): string {
  return new Date(utc(iso).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  return ((utc(iso).getUTCDay() + 6) % 7) + 1;
}

/** The ISO week of a date, '2026-W48' (the week belongs to the year of its Thursday). */
export function isoWeek(iso: string): string {
  const thursday = addDays(iso, 4 - isoWeekday(iso));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export const WEEKDAY_ZH = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** When a unit's weekly urging and monthly dispatch fall. */
export interface DigestSchedule {
  /** ISO weekday, 1 = Monday. */
  weeklyWeekday: number;
  /** Day of the month, 1–28 (every month has it). */
  monthlyDay: number;
}

export const DEFAULT_DIGEST_SCHEDULE: DigestSchedule = Object.freeze({ weeklyWeekday: 1, monthlyDay: 1 });

export type DigestKind = 'weekly' | 'monthly';
export const DIGEST_KIND_ZH: Record<DigestKind, string> = { weekly: '周督促', monthly: '月调度' };

/**
 * The digests due by `today` that belong to today's week and month: the weekly one
 * once its weekday has come this week, the monthly one once its day has come this
 * month. A tick after days off still sends this week's (but not last week's: stale).
 */
export function digestsDue(today: string, s: DigestSchedule): { kind: DigestKind; period: string }[] {
  const out: { kind: DigestKind; period: string }[] = [];
  if (isoWeekday(today) >= s.weeklyWeekday) out.push({ kind: 'weekly', period: isoWeek(today) });
  if (Number(today.slice(8, 10)) >= s.monthlyDay) out.push({ kind: 'monthly', period: today.slice(0, 7) });
  return out;
}

/** The period a digest of `kind` made on `asOf` belongs to. */
export function periodOf(kind: DigestKind, asOf: string): string {
  return kind === 'weekly' ? isoWeek(asOf) : asOf.slice(0, 7);
}

/** Completion rate of a department's items, as a percentage with one decimal (0 when it has none). */
export function completionRate(closed: number, total: number): number {
  return total ? Math.round((closed / total) * 1000) / 10 : 0;
}

/** Exponential backoff of a delivery: 1, 2, 4, 8, 16 minutes; after MAX_ATTEMPTS it has failed. */
export const MAX_DELIVERY_ATTEMPTS = 6;
export function retryDelayMs(attempts: number): number {
  return 60_000 * 2 ** Math.max(0, attempts - 1);
}
