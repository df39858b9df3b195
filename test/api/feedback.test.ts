/**
 * The public's feedback through HTTP: the script contract (POST → 201 {code}, GET
 * by code → its state), validation naming the field, the sender's contact SM4-
 * encrypted at rest and shown only to the unit's administrators, the inbox (read
 * by the unit's readers, handled by its 整改办, 404 for another unit), answering
 * and linking to a problem, the attachment, the captcha (on by default) and the
 * per-address rate limit, and the portal's form as a browser posts it.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectOk, expectError, PNG, type TestApp, type Client } from '../helpers/app.js';
import { versionSchema } from '../../src/domain/schemas/notices.js';
import { publicationSchema } from '../../src/domain/schemas/publications.js';
import {
  captchaSchema,
  feedbackCreatedSchema,
  feedbackItemSchema,
  feedbackPageSchema,
  feedbackStateSchema,
} from '../../src/domain/schemas/feedback.js';
import { guardsFor } from '../../src/server/modules/feedback/limiter.js';

const UNIT = 2; // the demo's 江城市水务局
const INSPECTION = 1;
const FB = '/api/v1/public/feedback';

async function publishOnce(t: TestApp): Promise<string> {
  const unit = await t.login('unit');
  const v = expectOk(await unit.post(`/api/v1/inspections/${INSPECTION}/documents/notice/versions`, { note: '发布' }), versionSchema);
  return expectOk(await unit.post(`/api/v1/inspections/${INSPECTION}/publications`, { version: v.number }), publicationSchema).code;
}

const form = { unitId: UNIT, subject: '关于易涝点整治的建议', text: '建议公布12处易涝点的完工时间。\n并接受群众监督。' };

describe('without captcha (FEEDBACK_CAPTCHA=false)', () => {
  let t: TestApp;
  let unit: Client;
  let code: string;
  before(async () => {
    t = await startTestApp({ FEEDBACK_CAPTCHA: false, FEEDBACK_PER_HOUR: 1000 });
    code = await publishOnce(t);
    unit = await t.login('unit');
  });
  after(async () => {
    await t?.close();
  });

  test('the contract: POST → 201 {code}; GET by code → received; a code typed in lower case works', async () => {
    const anon = t.anon();
    const r = await anon.post(FB, { ...form, publication: code, name: '李明', phone: '13800138000', email: 'liming@example.com' });
    assert.equal(r.status, 201);
    const { code: tracking } = expectOk(r, feedbackCreatedSchema);
    assert.match(tracking, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const s = expectOk(await anon.get(`${FB}/${tracking.toLowerCase()}`), feedbackStateSchema);
    assert.deepEqual(
      [s.status, s.statusLabel, s.subject, s.answer, s.unitName],
      ['received', '已收到', form.subject, null, '江城市水务局'],
    );
    expectError(await anon.get(`${FB}/AAAA-AAAA-AAAA`), 404);
    assert.ok(expectError(await anon.get(`${FB}/abc`), 400).fields.includes('code'));
  });

  test('bad input is a 400 naming the field; a unit without a publication or a foreign publication code is refused', async () => {
    const anon = t.anon();
    const bad = async (body: Record<string, unknown>, field: string) =>
      assert.ok(expectError(await anon.post(FB, body), 400).fields.includes(field), field);
    await bad({ ...form, subject: '' }, 'subject');
    await bad({ ...form, text: 'a\u0000b' }, 'text');
    await bad({ ...form, email: 'not-an-email' }, 'email');
    await bad({ ...form, phone: 'call me' }, 'phone');
    await bad({ ...form, unitId: 'x' }, 'unitId');
    await bad({ ...form, unitId: 3 }, 'unitId'); // 文化和旅游局 has published nothing
    await bad({ ...form, publication: 'AAAAA-AAAAA' }, 'publication');
    assert.equal(
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback WHERE subject = $1 AND body LIKE $2', [form.subject, 'a%']))
        .rows[0].n,
      0,
    );
  });

  test('the sender’s contact is encrypted at rest and shown only to the unit’s administrators', async () => {
    const { code: tracking } = expectOk(
      await t.anon().post(FB, { ...form, name: '王秀英', phone: '13900139000', email: 'wxy@example.com' }),
      feedbackCreatedSchema,
    );
    const row = (await t.db.query<Record<string, unknown>>('SELECT * FROM feedback ORDER BY id DESC LIMIT 1')).rows[0];
    const raw = JSON.stringify(row);
    for (const s of ['王秀英', '13900139000', 'wxy@example.com', tracking]) assert.ok(!raw.includes(s), `${s} is not stored in clear`);
    assert.match(String(row.name_enc), /^zgf1\./);

    const inbox = expectOk(await unit.get(`/api/v1/units/${UNIT}/feedback`), feedbackPageSchema);
    const mine = inbox.items.find((i) => i.id === row.id)!;
    assert.deepEqual(mine.contact, { name: '王秀英', phone: '13900139000', email: 'wxy@example.com' });
    assert.deepEqual(mine.abilities, { handle: true, viewContact: true });

    const leader = await t.login('leader');
    const seen = expectOk(await leader.get(`/api/v1/feedback/${row.id}`), feedbackItemSchema);
    assert.equal(seen.contact, null, 'a leader reads the feedback, not who sent it');
    assert.equal(seen.hasContact, true);
    assert.deepEqual(seen.abilities, { handle: false, viewContact: false });

    const audit = await t.db.query<{ detail: unknown }>("SELECT detail FROM audit_log WHERE action = 'feedback.receive'");
    assert.ok(audit.rows.length >= 1);
    assert.ok(!JSON.stringify(audit.rows).includes('王秀英'), 'the audit carries no personal data');
  });

  test('the inbox: 401 without a session, 404 for another unit and a department handler; counts by state', async () => {
    expectError(await t.anon().get(`/api/v1/units/${UNIT}/feedback`), 401);
    const other = await t.login('unit2');
    const a = expectError(await other.get(`/api/v1/units/${UNIT}/feedback`), 404);
    const b = expectError(await unit.get('/api/v1/units/99999/feedback'), 404);
    assert.equal(a.message, b.message);
    expectError(await (await t.login('dept1')).get(`/api/v1/units/${UNIT}/feedback`), 404);
    const id = (await t.db.query<{ id: number }>('SELECT min(id)::int AS id FROM feedback')).rows[0].id;
    expectError(await other.get(`/api/v1/feedback/${id}`), 404);
    expectError(await other.patch(`/api/v1/feedback/${id}`, { status: 'in_progress' }), 404);
    const page = expectOk(await unit.get(`/api/v1/units/${UNIT}/feedback?status=received&pageSize=1`), feedbackPageSchema);
    assert.equal(page.items.length, 1);
    assert.equal(page.total, page.counts.received);
    assert.ok(expectError(await unit.get(`/api/v1/units/${UNIT}/feedback?status=done`), 400).fields.includes('status'));
  });

  test('handling: in progress, answered (the public reads the answer by code), linked to a problem of the unit only', async () => {
    const { code: tracking } = expectOk(await t.anon().post(FB, form), feedbackCreatedSchema);
    const id = (await t.db.query<{ id: number }>('SELECT max(id)::int AS id FROM feedback')).rows[0].id;
    const leader = await t.login('leader');
    expectError(await leader.patch(`/api/v1/feedback/${id}`, { answer: '收到' }), 403, 'forbidden');
    assert.ok(expectError(await unit.patch(`/api/v1/feedback/${id}`, {}), 400).fields.length > 0);

    let item = expectOk(await unit.patch(`/api/v1/feedback/${id}`, { status: 'in_progress' }), feedbackItemSchema);
    assert.equal(item.status, 'in_progress');
    assert.equal(expectOk(await t.anon().get(`${FB}/${tracking}`), feedbackStateSchema).statusLabel, '正在办理');

    const own = (await t.db.query<{ id: number }>('SELECT id FROM problems WHERE unit_id = $1 AND level = 3 ORDER BY id LIMIT 1', [UNIT]))
      .rows[0].id;
    const foreign = (await t.db.query<{ id: number }>('SELECT id FROM problems WHERE unit_id <> $1 ORDER BY id LIMIT 1', [UNIT])).rows[0]
      .id;
    assert.ok(expectError(await unit.patch(`/api/v1/feedback/${id}`, { problemId: foreign }), 400).fields.includes('problemId'));
    const answer = '感谢您的建议。12处易涝点的完工时间已在整改情况通报中公布。';
    item = expectOk(await unit.patch(`/api/v1/feedback/${id}`, { answer, problemId: own }), feedbackItemSchema);
    assert.equal(item.status, 'answered');
    assert.equal(item.problem?.id, own);
    assert.equal(item.answeredBy?.name, '刘志强');
    const s = expectOk(await t.anon().get(`${FB}/${tracking}`), feedbackStateSchema);
    assert.deepEqual([s.status, s.answer], ['answered', answer]);
    expectError(await unit.patch(`/api/v1/feedback/${id}`, { status: 'in_progress' }), 409);
    const actions = (
      await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE object_type = 'feedback' AND object_id = $1 ORDER BY id", [
        String(id),
      ])
    ).rows;
    assert.deepEqual(
      actions.map((a) => a.action),
      ['feedback.receive', 'feedback.update', 'feedback.answer'],
    );
  });

  test('an attachment: type-checked, stored by digest, downloaded by the unit’s administrators only', async () => {
    const anon = t.anon();
    const r = await anon.upload(FB, { unitId: String(UNIT), subject: '附照片', text: '现场照片见附件' }, [
      { name: 'photo.png', bytes: PNG, type: 'image/png' },
    ]);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = (await t.db.query<{ id: number }>('SELECT max(id)::int AS id FROM feedback')).rows[0].id;
    const item = expectOk(await unit.get(`/api/v1/feedback/${id}`), feedbackItemSchema);
    assert.equal(item.attachment?.name, 'photo.png');
    const file = await unit.get(item.attachment!.url);
    assert.equal(file.status, 200);
    assert.deepEqual(Buffer.from(file.body as Buffer), PNG);
    expectError(await (await t.login('leader')).get(item.attachment!.url), 403);
    const exe = await anon.upload(FB, { unitId: String(UNIT), subject: '附件', text: '内容' }, [
      { name: 'a.exe', bytes: Buffer.from('MZ\x90\x00') },
    ]);
    assert.equal(exe.status, 415);
  });

  test('the portal form as a browser posts it: an empty file input, errors kept beside their fields, the code, the answer', async () => {
    const page = await fetch(`${t.base}/public/feedback?unit=${UNIT}&publication=${code}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    for (const f of ['subject', 'text', 'name', 'phone', 'email', 'file'])
      assert.ok(html.includes(`<label for="f-${f}">`), `label of ${f}`);
    assert.ok(!html.includes('captchaAnswer'), 'no captcha when switched off');

    const post = (fields: Record<string, string>) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      fd.append('file', new Blob([]), ''); // what a browser sends for a file input left empty
      return fetch(`${t.base}/public/feedback`, { method: 'POST', body: fd });
    };
    const refused = await post({ unitId: String(UNIT), publication: code, subject: '', text: '我的意见', email: 'bad' });
    assert.equal(refused.status, 400);
    const again = await refused.text();
    assert.ok(again.includes('id="f-subject" name="subject" required aria-required="true" aria-invalid="true"'));
    assert.ok(again.includes('>我的意见</textarea>'), 'what was typed is kept');
    assert.ok(again.includes('role="alert"'));

    const ok = await post({ unitId: String(UNIT), publication: code, subject: '网页提交', text: '我的意见' });
    assert.equal(ok.status, 201);
    const tracking = /<p class="code">([0-9A-Z-]+)<\/p>/.exec(await ok.text())?.[1];
    assert.ok(tracking);
    const id = (await t.db.query<{ id: number }>('SELECT max(id)::int AS id FROM feedback')).rows[0].id;
    expectOk(await unit.patch(`/api/v1/feedback/${id}`, { answer: '已转工程建设处办理。' }), feedbackItemSchema);
    const track = await (await fetch(`${t.base}/public/track?code=${tracking}`)).text();
    assert.ok(track.includes('办理状态：已答复') && track.includes('已转工程建设处办理。'));
    assert.equal((await fetch(`${t.base}/public/track?code=nope`)).status, 400);
  });
});

describe('with the captcha and the rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ FEEDBACK_PER_HOUR: 4 });
    await publishOnce(t);
  });
  after(async () => {
    await t?.close();
  });

  test('a captcha is an SVG of strokes; missing, wrong and reused answers are refused naming the field; one try per question', async () => {
    const anon = t.anon();
    const c = expectOk(await anon.get('/api/v1/public/captcha'), captchaSchema);
    assert.equal(c.required, true);
    const svg = Buffer.from(c.image.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString();
    assert.match(svg, /^<svg /);
    assert.ok(!/<text/.test(svg), 'the question is drawn, not written');
    assert.ok(expectError(await anon.post(FB, form), 400).fields.includes('captchaAnswer'));

    const guard = guardsFor(t.config, t.clock).captcha;
    const right = guard.answerFor(c.token)!;
    const wrong = String((Number(right) + 1) % 30);
    assert.ok(
      expectError(await anon.post(FB, { ...form, captchaToken: c.token, captchaAnswer: wrong }), 400).fields.includes('captchaAnswer'),
    );
    // the token was spent by the wrong guess: the right answer no longer helps
    assert.ok(
      expectError(await anon.post(FB, { ...form, captchaToken: c.token, captchaAnswer: right }), 400).fields.includes('captchaAnswer'),
    );

    const d = expectOk(await anon.get('/api/v1/public/captcha'), captchaSchema);
    const answer = guard.answerFor(d.token)!;
    // full-width digits, as a Chinese keyboard types them
    const full = [...answer].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    assert.equal((await anon.post(FB, { ...form, captchaToken: d.token, captchaAnswer: full })).status, 201);
  });

  test('the per-address limit answers 429 within the hour and lets the address in again after it', async () => {
    t.clock.advance(2 * 3600_000);
    const anon = t.anon();
    const guard = guardsFor(t.config, t.clock).captcha;
    const send = async () => {
      const c = expectOk(await anon.get('/api/v1/public/captcha'), captchaSchema);
      return anon.post(FB, { ...form, captchaToken: c.token, captchaAnswer: guard.answerFor(c.token)! });
    };
    for (let i = 0; i < 4; i++) assert.equal((await send()).status, 201);
    const limited = await send();
    expectError(limited, 429, 'rate_limited');
    t.clock.advance(3600_000 + 1000);
    assert.equal((await send()).status, 201);
  });
});
