import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { enforce } from '../../lib/policy.js';
import { notFound } from '../../lib/errors.js';
import { beijingDate } from '../../lib/clock.js';
import { renderDocx } from '../../../domain/document/index.js';
import { digestMarkdown, digestTitle, dispatchDocument } from '../../../domain/digest/index.js';
import {
  DIGEST_KIND_ZH,
  addDays,
  completionRate,
  isoWeekday,
  orderNumber,
  periodOf,
  type DigestKind,
} from '../../../domain/supervision/index.js';
import type { DigestData, DigestQuery } from '../../../domain/schemas/supervision.js';
import { digestRepo, digestSettingsRepo } from './repository.js';
import { notificationRepo, type NewNotification } from '../notifications/repository.js';
import { completionChart } from './chart.js';
import * as policy from './policy.js';

/** Deep links of messages, on the address people open the app at. */
export function links(config: AppContext['config']) {
  const base = (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/$/, '');
  return {
    base,
    problem: (id: number) => `${base}/problems/${id}`,
    order: (id: number) => `${base}/supervision/orders/${id}`,
    digest: (unitId: number, kind: DigestKind, asOf: string) => `${base}/dispatch?unitId=${unitId}&kind=${kind}&date=${asOf}`,
  };
}

/** The instant a Beijing date begins. */
export function beijingMidnight(iso: string): Date {
  return new Date(`${iso}T00:00:00+08:00`);
}

/** The first day of the period a digest covers (Monday of the week, the 1st of the month). */
export function periodStart(kind: DigestKind, asOf: string): string {
  return kind === 'weekly' ? addDays(asOf, 1 - isoWeekday(asOf)) : `${asOf.slice(0, 7)}-01`;
}

/** The digest's data as of a Beijing date, straight from the ledger. */
export async function buildDigest(q: Queryable, o: { unitId: number; kind: DigestKind; asOf: string }): Promise<DigestData> {
  const unit = await digestSettingsRepo.unit(q, o.unitId);
  if (!unit) throw notFound(`unit ${o.unitId}`, '该单位');
  const from = beijingMidnight(periodStart(o.kind, o.asOf));
  const to = beijingMidnight(addDays(o.asOf, 1));
  const [items, depts, orders] = await Promise.all([
    digestRepo.items(q, o.unitId, o.asOf),
    digestRepo.byDept(q, o.unitId, o.asOf, from, to),
    digestRepo.openOrders(q, o.unitId),
  ]);
  const item = (r: (typeof items)[number]) => ({
    id: r.id,
    label: r.label,
    title: r.title,
    dept: r.dept,
    deadline: r.deadline,
    status: r.status,
    isKey: r.is_key,
    keyLeader: r.key_leader,
  });
  return {
    unit,
    kind: o.kind,
    kindZh: DIGEST_KIND_ZH[o.kind],
    period: periodOf(o.kind, o.asOf),
    asOf: o.asOf,
    dueSoon: items.filter((r) => r.due_soon).map(item),
    overdue: items.filter((r) => r.overdue).map(item),
    stalled: items.filter((r) => r.stalled).map(item),
    closureRequests: items.filter((r) => r.closure_requested).map(item),
    extensionRequests: items.filter((r) => r.extension_pending).map(item),
    openOrders: orders.map((r) => ({
      id: r.id,
      number: orderNumber(r.year, r.seq),
      dept: r.dept,
      level: r.level,
      replyDue: r.reply_due,
      overdue: (r.status === 'issued' || r.status === 'returned') && r.reply_due < o.asOf,
    })),
    keyProblems: items.filter((r) => r.is_key).map(item),
    byDept: depts.map((r) => ({
      deptId: r.dept_id,
      dept: r.dept ?? '未指定牵头部门',
      problems: r.problems,
      closed: r.closed,
      overdue: r.overdue,
      stalled: r.stalled,
      rate: completionRate(r.closed, r.problems),
      formalism: r.formalism,
    })),
  };
}

/** GET /units/:id/digest — the preview of a digest as of a date (default today). */
export async function getDigest(ctx: AppContext, o: { actor: Actor; unitId: number; query: DigestQuery }) {
  enforce('viewDigest', policy.viewDigest(o.actor, o.unitId));
  return buildDigest(ctx.db, { unitId: o.unitId, kind: o.query.kind, asOf: o.query.date ?? beijingDate(ctx.clock.now()) });
}

/** The .docx of a digest (the monthly one is the 月调度 report), with the chart by department. */
export async function digestDocx(
  q: Queryable,
  o: { unitId: number; kind: DigestKind; asOf: string },
): Promise<{ bytes: Uint8Array; filename: string; data: DigestData }> {
  const data = await buildDigest(q, o);
  const bars = data.byDept.filter((r) => r.problems > 0).map((r) => ({ name: r.dept, rate: r.rate, overdue: r.overdue }));
  const chart = bars.length ? await completionChart(bars) : null;
  const { doc, figures } = dispatchDocument(data, chart, `${data.unit.name}整改工作领导小组办公室`);
  const bytes = await renderDocx(doc, { figures });
  return { bytes, filename: `${digestTitle(data)}.docx`, data };
}

/** GET /units/:id/digest.docx */
export async function getDigestDocx(ctx: AppContext, o: { actor: Actor; unitId: number; query: DigestQuery }) {
  enforce('viewDigest', policy.viewDigest(o.actor, o.unitId));
  return digestDocx(ctx.db, { unitId: o.unitId, kind: o.query.kind, asOf: o.query.date ?? beijingDate(ctx.clock.now()) });
}

/**
 * Sends a unit's digest of one period: stored once (the unique period key), to the
 * inbox of its 整改办 and leaders, and queued for its channels, in one transaction.
 * False when this period's digest went out already.
 */
export async function sendDigest(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
  o: { unitId: number; kind: DigestKind; asOf: string },
): Promise<boolean> {
  const l = links(ctx.config);
  return ctx.db.tx(async (q) => {
    const data = await buildDigest(q, o);
    const at = ctx.clock.now();
    const id = await digestRepo.insert(q, { unitId: o.unitId, kind: o.kind, period: data.period, asOf: o.asOf, data, at });
    if (id == null) return false;
    const title = digestTitle(data);
    const body = digestMarkdown(data, { problem: l.problem, order: l.order, digest: l.digest(o.unitId, o.kind, o.asOf) });
    const dir = await notificationRepo.directory(q);
    const people = [...new Set([...(dir.unitAdmins.get(o.unitId) ?? []), ...(dir.leaders.get(o.unitId) ?? [])])];
    const link = `/dispatch?unitId=${o.unitId}&kind=${o.kind}&date=${o.asOf}`;
    const rows: NewNotification[] = people.map((userId) => ({
      userId,
      unitId: o.unitId,
      kind: 'digest',
      subjectType: 'digest',
      subjectId: id,
      stateKey: data.period,
      title,
      body: body.split('\n')[0],
      link,
    }));
    await notificationRepo.insertMany(q, rows, at);
    await notificationRepo.enqueue(q, { unitId: o.unitId, dedupeKey: `${o.kind}:${data.period}`, title, body, at });
    return true;
  });
}
