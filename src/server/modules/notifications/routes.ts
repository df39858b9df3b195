import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../domain/schemas/index.js';
import {
  channelBody,
  channelTestSchema,
  channelsSchema,
  digestScheduleBody,
  markReadBody,
  notificationsPageSchema,
  notificationsQuery,
  unreadCountSchema,
} from '../../../domain/schemas/supervision.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import {
  createChannel,
  deleteChannel,
  getChannels,
  listNotifications,
  markRead,
  saveDigestSchedule,
  testChannel,
  unreadCount,
  updateChannel,
} from './service.js';

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['supervision'];
  r.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: '我的消息（分页，最新在前）',
        querystring: notificationsQuery,
        response: { 200: notificationsPageSchema, ...errorResponses },
      },
    },
    (req) => listNotifications(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.get(
    '/notifications/unread-count',
    { schema: { tags, summary: '未读消息数（铃铛）', response: { 200: unreadCountSchema, ...errorResponses } } },
    (req) => unreadCount(ctx, { actor: requireActor(req) }),
  );
  r.post(
    '/notifications/read',
    { schema: { tags, summary: '标记消息已读', body: markReadBody, response: { 200: unreadCountSchema, ...errorResponses } } },
    (req) => markRead(ctx, { actor: requireActor(req), body: req.body }),
  );
  const channels = { 200: channelsSchema, ...errorResponses };
  r.get(
    '/units/:id/channels',
    { schema: { tags, summary: '单位的通知渠道、督促调度时间和投递记录（整改办）', params: idParam, response: channels } },
    (req) => getChannels(ctx, { actor: requireActor(req), unitId: req.params.id }),
  );
  r.post(
    '/units/:id/channels',
    { schema: { tags, summary: '新增通知渠道（钉钉、企业微信机器人，邮件）', params: idParam, body: channelBody, response: channels } },
    (req) => createChannel(ctx, { actor: requireActor(req), unitId: req.params.id, body: req.body }),
  );
  r.put('/channels/:id', { schema: { tags, summary: '修改通知渠道', params: idParam, body: channelBody, response: channels } }, (req) =>
    updateChannel(ctx, { actor: requireActor(req), channelId: req.params.id, body: req.body }),
  );
  r.delete('/channels/:id', { schema: { tags, summary: '删除通知渠道', params: idParam, response: channels } }, (req) =>
    deleteChannel(ctx, { actor: requireActor(req), channelId: req.params.id }),
  );
  r.post(
    '/channels/:id/test',
    { schema: { tags, summary: '发送测试消息', params: idParam, response: { 200: channelTestSchema, ...errorResponses } } },
    (req) => testChannel(ctx, { actor: requireActor(req), channelId: req.params.id }),
  );
  r.put(
    '/units/:id/digest-schedule',
    { schema: { tags, summary: '设置周督促星期和月调度日期', params: idParam, body: digestScheduleBody, response: channels } },
    (req) => saveDigestSchedule(ctx, { actor: requireActor(req), unitId: req.params.id, body: req.body }),
  );
}
