import type { AppContext } from '../../context.js';
import { beijingDateTime } from '../../lib/clock.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { abilities, enforce } from '../../lib/policy.js';
import { notFound } from '../../lib/errors.js';
import { writeAudit } from '../audit/service.js';
import { REMINDER_KIND_ZH, DEFAULT_DIGEST_SCHEDULE } from '../../../domain/supervision/index.js';
import type { ChannelBody, DigestScheduleBody, MarkReadBody, NotificationsQuery } from '../../../domain/schemas/supervision.js';
import { notificationRepo, type ChannelRow, type DeliveryRow } from './repository.js';
import { send } from './channels.js';
import { digestSettingsRepo } from '../digests/repository.js';
import * as policy from './policy.js';

/** GET /notifications — the signed-in person's inbox. */
export async function listNotifications(ctx: AppContext, o: { actor: Actor; query: NotificationsQuery }) {
  const { rows, total, unread } = await notificationRepo.page(ctx.db, o.actor.id, o.query.unread, o.query.page, o.query.pageSize);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindZh: REMINDER_KIND_ZH[r.kind],
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
    total,
    page: o.query.page,
    pageSize: o.query.pageSize,
    unread,
  };
}

export async function unreadCount(ctx: AppContext, o: { actor: Actor }) {
  return { unread: await notificationRepo.unread(ctx.db, o.actor.id) };
}

/** POST /notifications/read — one's own only; ids of others change nothing. */
export async function markRead(ctx: AppContext, o: { actor: Actor; body: MarkReadBody }) {
  await notificationRepo.markRead(ctx.db, o.actor.id, o.body.all ? 'all' : (o.body.ids ?? []), ctx.clock.now());
  return unreadCount(ctx, o);
}

/** A webhook address as the browser sees it: the token or key masked. */
export function maskUrl(url: string | null): string | null {
  if (!url) return null;
  return url.replace(/((?:access_token|key)=)([^&]{4})[^&]*/g, '$1$2••••');
}

function presentChannel(c: ChannelRow) {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    url: maskUrl(c.url),
    hasSecret: !!c.secret,
    emailTo: c.email_to,
    enabled: c.enabled,
    failed: c.failed,
    updatedAt: c.updated_at,
  };
}

function presentDelivery(d: DeliveryRow) {
  return {
    id: d.id,
    channel: { id: d.channel_id, name: d.channel_name },
    title: d.title,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
    lastError: d.last_error,
    createdAt: d.created_at,
    sentAt: d.sent_at,
  };
}

async function loadUnit(q: Queryable, unitId: number) {
  const u = await digestSettingsRepo.unit(q, unitId);
  if (!u) throw notFound(`unit ${unitId}`, '该单位');
  return u;
}

/** GET /units/:id/channels — channels, digest schedule and the latest deliveries (failures visible). */
export async function getChannels(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  enforce('viewChannels', policy.viewChannels(o.actor, o.unitId));
  const unit = await loadUnit(ctx.db, o.unitId);
  const [channels, deliveries, schedule] = await Promise.all([
    notificationRepo.channels(ctx.db, o.unitId),
    notificationRepo.deliveries(ctx.db, o.unitId, 50),
    digestSettingsRepo.get(ctx.db, o.unitId),
  ]);
  return {
    unit,
    channels: channels.map(presentChannel),
    schedule: schedule ?? DEFAULT_DIGEST_SCHEDULE,
    deliveries: deliveries.map(presentDelivery),
    abilities: abilities({ edit: policy.editChannels(o.actor, o.unitId) }),
  };
}

async function loadChannel(q: Queryable, actor: Actor, id: number): Promise<ChannelRow> {
  const c = await notificationRepo.channel(q, id);
  if (!c) throw notFound(`channel ${id}`, '该通知渠道');
  // another unit's channel answers 404 (unit_not_visible), as an absent one
  enforce('editChannels', policy.editChannels(actor, c.unit_id));
  return c;
}

function fields(b: ChannelBody, old: ChannelRow | null) {
  const secret = b.kind !== 'dingtalk' ? null : b.secret === undefined ? (old?.secret ?? null) : b.secret || null;
  return {
    kind: b.kind,
    name: b.name,
    url: b.kind === 'email' ? null : b.url!,
    secret,
    emailTo: b.kind === 'email' ? (b.emailTo ?? []) : [],
    enabled: b.enabled,
  };
}

/** POST /units/:id/channels */
export async function createChannel(ctx: AppContext, o: { actor: Actor; unitId: number; body: ChannelBody }) {
  enforce('editChannels', policy.editChannels(o.actor, o.unitId));
  await ctx.db.tx(async (q) => {
    await loadUnit(q, o.unitId);
    const at = ctx.clock.now();
    const f = fields(o.body, null);
    const id = await notificationRepo.insertChannel(q, { unitId: o.unitId, ...f, by: o.actor.id, at });
    await writeAudit(q, {
      at,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'channel.create',
      objectType: 'channel',
      objectId: id,
      unitId: o.unitId,
      detail: { kind: f.kind, name: f.name, url: maskUrl(f.url), emailTo: f.emailTo, enabled: f.enabled },
      ip: o.actor.ip,
    });
  });
  return getChannels(ctx, { actor: o.actor, unitId: o.unitId });
}

/** PUT /channels/:id */
export async function updateChannel(ctx: AppContext, o: { actor: Actor; channelId: number; body: ChannelBody }) {
  const unitId = await ctx.db.tx(async (q) => {
    const old = await loadChannel(q, o.actor, o.channelId);
    const at = ctx.clock.now();
    const f = fields(o.body, old);
    await notificationRepo.updateChannel(q, o.channelId, { ...f, at });
    await writeAudit(q, {
      at,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'channel.update',
      objectType: 'channel',
      objectId: o.channelId,
      unitId: old.unit_id,
      detail: {
        kind: f.kind,
        name: f.name,
        url: maskUrl(f.url),
        emailTo: f.emailTo,
        enabled: f.enabled,
        secretChanged: f.secret !== old.secret,
      },
      ip: o.actor.ip,
    });
    return old.unit_id;
  });
  return getChannels(ctx, { actor: o.actor, unitId });
}

/** DELETE /channels/:id */
export async function deleteChannel(ctx: AppContext, o: { actor: Actor; channelId: number }) {
  const unitId = await ctx.db.tx(async (q) => {
    const old = await loadChannel(q, o.actor, o.channelId);
    await notificationRepo.deleteChannel(q, o.channelId);
    await writeAudit(q, {
      at: ctx.clock.now(),
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'channel.delete',
      objectType: 'channel',
      objectId: o.channelId,
      unitId: old.unit_id,
      detail: { kind: old.kind, name: old.name },
      ip: o.actor.ip,
    });
    return old.unit_id;
  });
  return getChannels(ctx, { actor: o.actor, unitId });
}

/**
 * POST /channels/:id/test — sends a short message at once and says how it went
 * (the admin is waiting for the answer; no retry). Logged as a delivery too.
 */
export async function testChannel(ctx: AppContext, o: { actor: Actor; channelId: number }) {
  const c = await loadChannel(ctx.db, o.actor, o.channelId);
  const now = ctx.clock.now();
  const msg = {
    title: '整改督办：测试消息',
    body: `这是一条来自整改台账系统的测试消息（${o.actor.username}，北京时间 ${beijingDateTime(now)}）。收到即表示“${c.name}”配置正确。`,
  };
  let error: string | null = null;
  try {
    await send(c, msg, ctx.config, now);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await writeAuditOutside(ctx, o.actor, c, error);
  return { ok: error === null, error };
}

async function writeAuditOutside(ctx: AppContext, actor: Actor, c: ChannelRow, error: string | null) {
  await ctx.db.tx((q) =>
    writeAudit(q, {
      at: ctx.clock.now(),
      actorId: actor.id,
      actorName: actor.username,
      action: 'channel.test',
      objectType: 'channel',
      objectId: c.id,
      unitId: c.unit_id,
      outcome: error ? 'failure' : 'success',
      detail: error ? { error: error.slice(0, 200) } : null,
      ip: actor.ip,
    }),
  );
}

/** PUT /units/:id/digest-schedule */
export async function saveDigestSchedule(ctx: AppContext, o: { actor: Actor; unitId: number; body: DigestScheduleBody }) {
  enforce('editChannels', policy.editChannels(o.actor, o.unitId));
  await ctx.db.tx(async (q) => {
    await loadUnit(q, o.unitId);
    const at = ctx.clock.now();
    await digestSettingsRepo.save(q, { unitId: o.unitId, ...o.body, by: o.actor.id, at });
    await writeAudit(q, {
      at,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'digest.schedule',
      objectType: 'unit',
      objectId: o.unitId,
      unitId: o.unitId,
      detail: o.body,
      ip: o.actor.ip,
    });
  });
  return getChannels(ctx, { actor: o.actor, unitId: o.unitId });
}
