/**
 * Channels of a unit (issue 9 point 4): a DingTalk robot with its signing secret,
 * a WeCom robot and mail, against a webhook receiver and an SMTP sink this test
 * starts on 127.0.0.1. The daily summary reaches each channel once; a failing
 * channel is retried with exponential backoff (the manual clock moves, nothing
 * sleeps) and, after the last attempt, shows as failed to the unit admin; the
 * "send a test message" button answers at once.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { startTestApp, expectError, expectOk, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import { channelsSchema, channelTestSchema } from '../../src/domain/schemas/supervision.js';
import { runTick } from '../../src/server/jobs/tick.js';
import { pumpDeliveries } from '../../src/server/modules/notifications/deliveries.js';

interface Hook {
  path: string;
  query: URLSearchParams;
  body: { msgtype: string; markdown: { title?: string; text?: string; content?: string } };
}
interface Mail {
  to: string[];
  data: string;
}

let t: TestApp;
let f: Factories;
let u: Unit;
let hooks: Hook[] = [];
let mails: Mail[] = [];
let receiver: Server;
let smtp: SMTPServer;
let hookBase = '';
/** Paths the receiver refuses (errcode ≠ 0), to exercise retries. */
const refuse = new Set<string>();
const SECRET = 'SEC0123456789abcdef';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const ctx = () => ({ db: t.db, clock: t.clock, config: t.config, log: silent });

before(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      hooks.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(raw) as Hook['body'] });
      res.setHeader('content-type', 'application/json');
      if (refuse.has(url.pathname)) return res.end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
      // DingTalk checks the signature; so does this receiver
      if (url.pathname === '/dingtalk') {
        const ts = url.searchParams.get('timestamp') ?? '';
        const want = createHmac('sha256', SECRET).update(`${ts}\n${SECRET}`).digest('base64');
        if (url.searchParams.get('sign') !== want) return res.end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
      }
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const a = receiver.address();
  hookBase = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const s = smtp.server.address();
  const smtpPort = typeof s === 'object' && s ? s.port : 0;
  t = await startTestApp(
    { MFA_REQUIRED_ROLES: 'none', SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, PUBLIC_URL: 'https://zg.example.gov.cn' } as never,
    { demo: false },
  );
  f = factories(t);
  u = await f.unit();
});
after(async () => {
  await t?.close();
  await new Promise<void>((r) => receiver?.close(() => r()));
  await new Promise<void>((r) => smtp?.close(() => r()));
});

describe('channels', () => {
  test("401/403/404: only the unit's 整改办 sees and edits channels", async () => {
    expectError(await t.anon().get(`/api/v1/units/${u.id}/channels`), 401);
    expectError(await (await f.login(u.handlers[0])).get(`/api/v1/units/${u.id}/channels`), 404);
    expectError(await (await f.login(u.leader)).get(`/api/v1/units/${u.id}/channels`), 403);
    const other = await f.unit();
    expectError(
      await (await f.login(other.admin)).post(`/api/v1/units/${u.id}/channels`, { kind: 'wecom', name: 'x', url: `${hookBase}/x` }),
      404,
    );
  });

  test('bad input names the field', async () => {
    const c = await f.login(u.admin);
    let r = expectError(await c.post(`/api/v1/units/${u.id}/channels`, { kind: 'dingtalk', name: '钉钉群' }), 400);
    assert.deepEqual(r.fields, ['url']);
    r = expectError(await c.post(`/api/v1/units/${u.id}/channels`, { kind: 'email', name: '邮箱', emailTo: ['not-an-address'] }), 400);
    assert.ok(r.fields.some((x) => x.startsWith('emailTo')));
    r = expectError(await c.post(`/api/v1/units/${u.id}/channels`, { kind: 'fax', name: 'x' }), 400);
    assert.ok(r.fields.includes('kind'));
  });

  test('the daily summary reaches DingTalk (signed), WeCom and mail once; a second tick sends nothing', async () => {
    const c = await f.login(u.admin);
    expectOk(
      await c.post(`/api/v1/units/${u.id}/channels`, {
        kind: 'dingtalk',
        name: '整改办钉钉群',
        url: `${hookBase}/dingtalk?access_token=abcdef123456`,
        secret: SECRET,
      }),
      channelsSchema,
    );
    expectOk(
      await c.post(`/api/v1/units/${u.id}/channels`, { kind: 'wecom', name: '企业微信群', url: `${hookBase}/wecom?key=k-123456789` }),
      channelsSchema,
    );
    const listed = expectOk(
      await c.post(`/api/v1/units/${u.id}/channels`, { kind: 'email', name: '整改办邮箱', emailTo: ['zgb@example.gov.cn'] }),
      channelsSchema,
    );
    // the secret and the token never come back
    const ding = listed.channels.find((x) => x.kind === 'dingtalk')!;
    assert.equal(ding.hasSecret, true);
    assert.doesNotMatch(JSON.stringify(listed), /SEC0123|abcdef123456/);

    // digests on Sundays and the 28th: not due on this Saturday the 21st (the digest test covers them)
    expectOk(await c.put(`/api/v1/units/${u.id}/digest-schedule`, { weeklyWeekday: 7, monthlyDay: 28 }), channelsSchema);
    expectError(await c.put(`/api/v1/units/${u.id}/digest-schedule`, { weeklyWeekday: 8, monthlyDay: 31 }), 400);
    const p = await f.problem({ unit: u, due: -3, status: 'in_progress', title: '供水管网漏损率偏高' });
    hooks = [];
    mails = [];
    const r1 = await runTick(ctx());
    assert.equal(r1.deliveries.sent, 3, JSON.stringify(r1));
    assert.deepEqual(hooks.map((h) => h.path).sort(), ['/dingtalk', '/wecom']);
    const d = hooks.find((h) => h.path === '/dingtalk')!;
    assert.equal(d.body.msgtype, 'markdown');
    assert.match(d.body.markdown.text!, /超期提醒/);
    assert.ok(d.body.markdown.text!.includes(`https://zg.example.gov.cn/problems/${p.id}`), 'a deep link to the problem');
    assert.ok(hooks.find((h) => h.path === '/wecom')!.body.markdown.content!.includes('供水管网漏损率偏高'));
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0].to, ['zgb@example.gov.cn']);
    assert.match(mails[0].data, /Subject: =\?UTF-8\?/);

    const r2 = await runTick(ctx());
    assert.equal(r2.evaluation.ran, false);
    assert.equal(r2.deliveries.sent, 0);
    assert.equal(hooks.length, 2);
    assert.equal(mails.length, 1);
  });

  test('a refusing robot is retried after 1, 2, 4, 8, 16 minutes, then shows as failed to the unit admin', async () => {
    const unit = await f.unit();
    const c = await f.login(unit.admin);
    refuse.add('/broken');
    expectOk(await c.put(`/api/v1/units/${unit.id}/digest-schedule`, { weeklyWeekday: 7, monthlyDay: 28 }), channelsSchema);
    expectOk(
      await c.post(`/api/v1/units/${unit.id}/channels`, { kind: 'wecom', name: '坏机器人', url: `${hookBase}/broken?key=zzz` }),
      channelsSchema,
    );
    await f.problem({ unit, due: -1 });
    t.clock.advance(86_400_000);
    hooks = [];
    const r = await runTick(ctx());
    // the daily summary, and this Sunday the weekly urging too: each on its own backoff
    const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE unit_id = $1', [unit.id])).rows[0].n;
    assert.ok(n >= 1);
    assert.equal(r.deliveries.retrying, n);
    // not due again before its backoff
    assert.equal((await pumpDeliveries(ctx())).retrying, 0);
    const waits = [1, 2, 4, 8, 16];
    for (const [i, m] of waits.entries()) {
      t.clock.advance(m * 60_000 - 1000);
      assert.equal((await pumpDeliveries(ctx())).retrying + (await pumpDeliveries(ctx())).failed, 0, `not before ${m} min`);
      t.clock.advance(1000);
      const p = await pumpDeliveries(ctx());
      assert.equal(i < waits.length - 1 ? p.retrying : p.failed, n, `attempt ${i + 2}`);
    }
    assert.equal(hooks.filter((h) => h.path === '/broken').length, 6 * n);
    // a fresh session: the clock moved past the idle limit of the first
    const seen = expectOk(await (await f.login(unit.admin)).get(`/api/v1/units/${unit.id}/channels`), channelsSchema);
    assert.equal(seen.channels[0].failed, n);
    const failed = seen.deliveries.find((x) => x.status === 'failed')!;
    assert.equal(failed.attempts, 6);
    assert.match(failed.lastError!, /errcode 310000/);
    refuse.delete('/broken');
  });

  test('send a test message: ok from a working robot, the reason from a refusing one', async () => {
    const c = await f.login(u.admin);
    const list = expectOk(await c.get(`/api/v1/units/${u.id}/channels`), channelsSchema);
    const wecom = list.channels.find((x) => x.kind === 'wecom')!;
    hooks = [];
    assert.deepEqual(expectOk(await c.post(`/api/v1/channels/${wecom.id}/test`), channelTestSchema), { ok: true, error: null });
    assert.match(hooks[0].body.markdown.content!, /测试消息/);
    const ding = list.channels.find((x) => x.kind === 'dingtalk')!;
    // a wrong secret: DingTalk (the receiver) refuses the signature
    expectOk(
      await c.put(`/api/v1/channels/${ding.id}`, {
        kind: 'dingtalk',
        name: '整改办钉钉群',
        url: `${hookBase}/dingtalk?access_token=abcdef123456`,
        secret: 'SECwrong',
      }),
      channelsSchema,
    );
    const bad = expectOk(await c.post(`/api/v1/channels/${ding.id}/test`), channelTestSchema);
    assert.equal(bad.ok, false);
    assert.match(bad.error!, /310000/);
    const mail = list.channels.find((x) => x.kind === 'email')!;
    mails = [];
    assert.equal(expectOk(await c.post(`/api/v1/channels/${mail.id}/test`), channelTestSchema).ok, true);
    assert.equal(mails.length, 1);
    expectError(await (await f.login((await f.unit()).admin)).post(`/api/v1/channels/${mail.id}/test`), 404);
  });
});
