/**
 * The problem workflow through HTTP (DESIGN §4): progress with evidence,
 * closure request → review (approve / return), extensions, 阶段性完成, and what
 * must be refused — wrong role (403), wrong state (409), bad input (400/413/415),
 * unknown ids (404) — and that a refused request writes nothing.
 *
 * Each test works on its own demo problem (found by title), so the order of
 * the tests does not matter.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTestApp, PNG, type TestApp, type Client } from '../helpers/app.js';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(async () => { await t?.close(); });

const CJK = /[\u4e00-\u9fff]/;
const sm3 = (b: Uint8Array) => createHash('sm3').update(b).digest('hex');

/** The id of the demo problem with this title (titles are unique in the demo). */
async function idOf(title: string): Promise<number> {
  const r = await t.db.query<{ id: number }>('SELECT id FROM problems WHERE title = $1', [title]);
  assert.equal(r.rows.length, 1, title);
  return r.rows[0].id;
}

async function page(c: Client, id: number) {
  const r = await c.get(`/api/v1/problems/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** Rows that a refused request must not have added. */
async function footprint(id: number) {
  const n = async (sql: string) => (await t.db.query<{ n: number }>(sql, [id])).rows[0].n;
  return {
    progress: await n('SELECT count(*)::int AS n FROM progress_entries WHERE problem_id = $1'),
    evidence: await n('SELECT count(*)::int AS n FROM evidence WHERE problem_id = $1'),
    transitions: await n('SELECT count(*)::int AS n FROM transitions WHERE problem_id = $1'),
    extensions: await n('SELECT count(*)::int AS n FROM extensions WHERE problem_id = $1'),
    status: (await t.db.query<{ status: string }>('SELECT status FROM problems WHERE id = $1', [id])).rows[0].status,
  };
}

function conflict(r: { status: number; body: { code: string; message: string; details: { reason?: string } | null } }, reason?: string) {
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(r.body.code, 'conflict');
  assert.match(r.body.message, CJK);
  if (reason) assert.equal(r.body.details?.reason, reason);
}

function forbidden(r: { status: number; body: { code: string; message: string } }) {
  assert.equal(r.status, 403, JSON.stringify(r.body));
  assert.equal(r.body.code, 'forbidden');
  assert.match(r.body.message, /^无权/);
}

describe('authentication and permission', () => {
  test('requires authentication: every workflow route answers 401', async () => {
    const anon = t.anon();
    const id = await idOf('质量监督抽检覆盖面不足');
    const before = await footprint(id);
    for (const [method, path] of [
      ['POST', `/api/v1/problems/${id}/progress`], ['GET', '/api/v1/evidence/1'], ['POST', `/api/v1/problems/${id}/closure-request`],
      ['POST', `/api/v1/problems/${id}/closure-review`], ['POST', `/api/v1/problems/${id}/extensions`], ['POST', '/api/v1/extensions/1/decision'],
      ['POST', `/api/v1/problems/${id}/stage-done`],
    ] as const) {
      const r = await anon.request(method, path, method === 'GET' ? undefined : {});
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(r.body.code, 'unauthorized');
    }
    const multipart = await anon.upload(`/api/v1/problems/${id}/progress`, { text: '匿名' }, [{ name: 'a.png', bytes: PNG }]);
    assert.equal(multipart.status, 401);
    assert.deepEqual(await footprint(id), before);
  });

  test('403 where the role does not allow the action', async () => {
    const leader = await t.login('leader');
    const dept1 = await t.login('dept1');
    const id = await idOf('质量监督抽检覆盖面不足'); // in progress, led by 工程建设处
    const before = await footprint(id);
    forbidden(await leader.upload(`/api/v1/problems/${id}/progress`, { text: '领导代报' }, [{ name: 'p.png', bytes: PNG }]));
    forbidden(await leader.post(`/api/v1/problems/${id}/closure-request`, { reason: '领导代申请' }));
    forbidden(await leader.post(`/api/v1/problems/${id}/extensions`, { deadline: '2027-06-30', reason: '领导代申请' }));
    const longTerm = await idOf('易涝点整治进度缓慢');
    forbidden(await dept1.post(`/api/v1/problems/${longTerm}/stage-done`, { reason: '部门自行标记' }));
    // a cooperating department reports progress but does not ask for closure
    const coop = await idOf('入河排污口整治不彻底'); // led by 河湖管理处, 水资源管理处 cooperates
    const dept2 = await t.login('dept2');
    const ok = await dept2.upload(`/api/v1/problems/${coop}/progress`, { text: '配合部门已完成水质采样' }, [{ name: '采样.png', bytes: PNG }]);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    forbidden(await dept2.post(`/api/v1/problems/${coop}/closure-request`, { reason: '配合部门申请销号' }));
    assert.deepEqual(await footprint(id), before);
  });
});

describe('closure', () => {
  test('the whole flow: progress with a PNG → in_progress; download; no-evidence refusal; request; return; re-request; approve → closed', async () => {
    const dept1 = await t.login('dept1');
    const unit = await t.login('unit');
    const id = await idOf('排水许可审批把关不严'); // pending, led by 工程建设处, no evidence yet
    assert.equal((await page(dept1, id)).status, 'pending');

    // no evidence yet: the request is refused with the guard's reason
    // (pending is the wrong state first, so start work with a text-only entry)
    const textOnly = await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '已召开专题会议部署排查工作' });
    assert.equal(textOnly.status, 200, JSON.stringify(textOnly.body));
    assert.equal(textOnly.body.status, 'in_progress');
    assert.equal(textOnly.body.statusZh, '整改中');
    assert.deepEqual(textOnly.body.transitions.map((x: { action: string; fromStatus: string; toStatus: string }) => [x.action, x.fromStatus, x.toStatus]), [['start', 'pending', 'in_progress']]);
    const noEvidence = await dept1.post(`/api/v1/problems/${id}/closure-request`, { reason: '申请销号' });
    conflict(noEvidence, 'no_evidence');
    assert.match(noEvidence.body.message, /佐证材料/);

    // progress with a PNG, a measure and figures
    const m = (await page(dept1, id)).measures[0];
    const up = await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '完成排水户接管专项排查', measureId: String(m.id), figures: JSON.stringify({ '排查户数': 128 }) }, [{ name: '排查现场-泵站.png', bytes: PNG, type: 'image/png' }]);
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal(up.body.progressCount, 2);
    assert.equal(up.body.evidenceCount, 1);
    const entry = up.body.progress[0]; // newest first
    assert.equal(entry.text, '完成排水户接管专项排查');
    assert.equal(entry.measureId, m.id);
    assert.deepEqual(entry.figures, { '排查户数': 128 });
    assert.equal(entry.author.name, '张伟');
    const ev = entry.evidence[0];
    assert.equal(ev.filename, '排查现场-泵站.png');
    assert.equal(ev.mime, 'image/png');
    assert.equal(ev.size, PNG.length);
    assert.equal(ev.digest, sm3(PNG));

    // the download gives back the same bytes, as an attachment, with the SM3 digest
    const dl = await dept1.get(`/api/v1/evidence/${ev.id}`);
    assert.equal(dl.status, 200);
    assert.ok(Buffer.isBuffer(dl.body));
    assert.ok(Buffer.compare(dl.body, PNG) === 0, 'same bytes');
    assert.equal(dl.headers.get('content-type'), 'image/png');
    assert.equal(dl.headers.get('content-disposition'), `attachment; filename*=UTF-8''${encodeURIComponent('排查现场-泵站.png')}`);
    assert.equal(dl.headers.get('x-content-digest'), `sm3=${sm3(PNG)}`);
    assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
    // the office reads it too; a department that does not see the problem gets 404
    assert.equal((await (await t.login('office')).get(`/api/v1/evidence/${ev.id}`)).status, 200);
    const other = await (await t.login('dept2')).get(`/api/v1/evidence/${ev.id}`);
    assert.equal(other.status, 404);
    assert.match(other.body.message, /佐证材料/);

    // request → closure_requested
    const req = await dept1.post(`/api/v1/problems/${id}/closure-request`, { reason: '排查整改全部完成，申请销号' });
    assert.equal(req.status, 200, JSON.stringify(req.body));
    assert.equal(req.body.status, 'closure_requested');
    assert.equal(req.body.abilities.addProgress, false);
    assert.equal(req.body.abilities.reviewClosure, false);
    // while under review, progress waits
    conflict(await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '补充材料' }, [{ name: 'x.png', bytes: PNG }]), 'invalid_state');
    // a second request is the wrong state
    conflict(await dept1.post(`/api/v1/problems/${id}/closure-request`, { reason: '再次申请' }), 'invalid_state');

    // the department cannot review its own request
    forbidden(await dept1.post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '自己通过' }));

    // 整改办 returns it → in_progress
    assert.equal((await page(unit, id)).abilities.reviewClosure, true);
    const back = await unit.post(`/api/v1/problems/${id}/closure-review`, { decision: 'return', reason: '佐证材料不足，请补充处理结果' });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.status, 'in_progress');
    assert.equal(back.body.closureRequestedBy, null, 'a returned request is no longer anyone\'s');

    // re-request, then the leader approves → closed
    assert.equal((await dept1.post(`/api/v1/problems/${id}/closure-request`, { reason: '已补充处理结果' })).status, 200);
    const ok = await (await t.login('leader')).post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '材料齐全，同意销号' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'closed');
    assert.equal(ok.body.light, 'none');
    assert.deepEqual(
      ok.body.transitions.map((x: { action: string; toStatus: string; actor: { name: string }; reason: string }) => [x.action, x.toStatus, x.actor.name]),
      [
        ['start', 'in_progress', '张伟'],
        ['closure_request', 'closure_requested', '张伟'],
        ['closure_return', 'in_progress', '刘志强'],
        ['closure_request', 'closure_requested', '张伟'],
        ['closure_approve', 'closed', '周建明'],
      ],
    );
    assert.equal(ok.body.transitions[2].reason, '佐证材料不足，请补充处理结果');
    // every step is in the audit trail
    const audit = (await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_type = 'problem' AND object_id = $1 ORDER BY id`, [String(id)])).rows.map((r) => r.action);
    assert.deepEqual(audit, ['progress.add', 'progress.add', 'problem.closure_request', 'problem.closure_return', 'problem.closure_request', 'problem.closure_approve']);

    // closed: no more progress, no closure, no extension
    conflict(await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '结案后补报' }), 'invalid_state');
    conflict(await dept1.post(`/api/v1/problems/${id}/closure-request`, { reason: '再次' }), 'invalid_state');
    conflict(await dept1.post(`/api/v1/problems/${id}/extensions`, { deadline: '2028-01-01', reason: '延期' }), 'invalid_state');
    conflict(await unit.post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '再审' }), 'invalid_state');
  });

  test('progress on a closed problem: 409 with the reason, nothing written', async () => {
    const dept1 = await t.login('dept1');
    const id = await idOf('工程变更审批不规范'); // closed in the demo
    const before = await footprint(id);
    const r = await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '补报' }, [{ name: 'p.png', bytes: PNG }]);
    conflict(r, 'invalid_state');
    assert.match(r.body.message, /已销号/);
    assert.deepEqual(await footprint(id), before);
  });

  test('the submitter may not review: 整改办 asks, 整改办 is refused (409 same_person), the leader decides', async () => {
    const unit = await t.login('unit');
    const id = await idOf('水务数据平台重复建设'); // in progress with evidence
    const req = await unit.post(`/api/v1/problems/${id}/closure-request`, { reason: '平台已整合，申请销号' });
    assert.equal(req.status, 200, JSON.stringify(req.body));
    assert.equal(req.body.abilities.reviewClosure, false, 'the UI hides the button from the submitter');
    const self = await unit.post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '自己通过' });
    conflict(self, 'same_person');
    assert.match(self.body.message, /不能审核自己/);
    assert.equal((await footprint(id)).status, 'closure_requested');
    const leader = await unit.post(`/api/v1/problems/${id}/closure-review`, { decision: 'return', reason: '自己退回也不行' });
    conflict(leader, 'same_person');
    const ok = await (await t.login('leader')).post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '同意' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'closed');
  });

  test('a demo request by 整改办 is likewise refused to 整改办; returning a long-term item gives long_term back', async () => {
    const unit = await t.login('unit');
    const leader = await t.login('leader');
    const asked = await idOf('干部人事档案审核不严'); // closure requested by 整改办 in the demo
    conflict(await unit.post(`/api/v1/problems/${asked}/closure-review`, { decision: 'approve', reason: '自审' }), 'same_person');

    const lt = await idOf('支部组织生活不规范'); // long-term with evidence
    assert.equal((await unit.post(`/api/v1/problems/${lt}/closure-request`, { reason: '阶段任务完成' })).status, 200);
    const back = await leader.post(`/api/v1/problems/${lt}/closure-review`, { decision: 'return', reason: '长期坚持，继续推进' });
    assert.equal(back.status, 200);
    assert.equal(back.body.status, 'long_term');
    assert.equal(back.body.light, 'blue');
  });

  test('two reviewers at once: exactly one wins (200), the other gets 409', async () => {
    const unit = await t.login('unit');
    const leader = await t.login('leader');
    const id = await idOf('城市供水水质公示不及时'); // closure requested by dept2
    const before = await footprint(id);
    const results = await Promise.all([
      unit.post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '整改办同意' }),
      leader.post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '领导同意' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409], JSON.stringify(results.map((r) => r.body)));
    conflict(results.find((r) => r.status === 409)!);
    const after = await footprint(id);
    assert.equal(after.status, 'closed');
    assert.equal(after.transitions, before.transitions + 1, 'one approval recorded, not two');
  });

  test('two opposite decisions at once: one applies, the other is refused', async () => {
    const unit = await t.login('unit');
    const leader = await t.login('leader');
    const id = await idOf('在线监测设备完好率低'); // closure requested by dept2
    const results = await Promise.all([
      unit.post(`/api/v1/problems/${id}/closure-review`, { decision: 'return', reason: '退回' }),
      leader.post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '同意' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    assert.equal((await footprint(id)).status, winner.body.status);
  });
});

describe('extensions', () => {
  test('request (dept1) → pending → the leader approves → deadline moved, history kept', async () => {
    const dept1 = await t.login('dept1');
    const leader = await t.login('leader');
    const id = await idOf('质量监督抽检覆盖面不足');
    const old = (await page(dept1, id)).deadline;
    const r = await dept1.post(`/api/v1/problems/${id}/extensions`, { deadline: '2027-03-31', reason: '第三方检测机构招标延后' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.deadline, old, 'a request alone moves nothing');
    const x = r.body.extensions[0];
    assert.equal(x.status, 'pending');
    assert.equal(x.oldDeadline, old);
    assert.equal(x.requestedDeadline, '2027-03-31');
    assert.equal(x.requestedBy.name, '张伟');
    assert.equal(x.abilities.decide, false, 'the handler does not decide');

    // a second request while one is pending
    conflict(await dept1.post(`/api/v1/problems/${id}/extensions`, { deadline: '2027-04-30', reason: '再申请' }), 'extension_pending');
    // a handler cannot decide
    forbidden(await dept1.post(`/api/v1/extensions/${x.id}/decision`, { decision: 'approve', reason: '自批' }));

    const lp = await page(leader, id);
    assert.equal(lp.extensions[0].abilities.decide, true);
    const ok = await leader.post(`/api/v1/extensions/${x.id}/decision`, { decision: 'approve', reason: '理由充分，同意延期' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.deadline, '2027-03-31');
    assert.equal(ok.body.extensions[0].status, 'approved');
    assert.equal(ok.body.extensions[0].decidedBy.name, '周建明');
    assert.equal(ok.body.extensions[0].decisionReason, '理由充分，同意延期');
    assert.deepEqual(ok.body.transitions.slice(-2).map((t: { action: string }) => t.action), ['extension_request', 'extension_approve']);

    // decided once only
    conflict(await (await t.login('unit')).post(`/api/v1/extensions/${x.id}/decision`, { decision: 'refuse', reason: '改判' }), 'extension_decided');
    // the moved deadline still cannot be edited directly
    const patch = await (await t.login('unit')).patch(`/api/v1/problems/${id}`, { deadline: '2027-06-30' });
    assert.equal(patch.status, 400);
    // a new request must go beyond the new deadline
    conflict(await dept1.post(`/api/v1/problems/${id}/extensions`, { deadline: '2027-03-31', reason: '同一日期' }), 'deadline_not_later');
  });

  test('refuse path: the deadline stays, the refusal is in the history', async () => {
    const unit = await t.login('unit');
    const leader = await t.login('leader');
    const id = await idOf('网络安全等级保护测评未开展'); // overdue, led by 办公室
    const old = (await page(unit, id)).deadline;
    const r = await unit.post(`/api/v1/problems/${id}/extensions`, { deadline: '2027-01-31', reason: '测评机构排期已满' });
    assert.equal(r.status, 200);
    const xid = r.body.extensions[0].id;
    // the requester cannot decide their own request
    const self = await unit.post(`/api/v1/extensions/${xid}/decision`, { decision: 'approve', reason: '自批' });
    conflict(self, 'same_person');
    assert.match(self.body.message, /不能审批自己/);
    const no = await leader.post(`/api/v1/extensions/${xid}/decision`, { decision: 'refuse', reason: '应加快推进，不予延期' });
    assert.equal(no.status, 200);
    assert.equal(no.body.deadline, old);
    assert.equal(no.body.extensions[0].status, 'refused');
    assert.equal(no.body.overdue, true, 'still overdue');
    assert.ok(no.body.transitions.some((x: { action: string; reason: string }) => x.action === 'extension_refuse' && x.reason === '应加快推进，不予延期'));
    // after a refusal a new request may be made
    assert.equal((await unit.post(`/api/v1/problems/${id}/extensions`, { deadline: '2026-12-31', reason: '压缩工期后重新申请' })).status, 200);
  });

  test('refused by the guards: a pending one exists, not later, long-term, closed; bad bodies 400', async () => {
    const unit = await t.login('unit');
    const dept1 = await t.login('dept1');
    const pendingId = await idOf('防汛物资管理不规范'); // the demo has a request pending
    const before = await footprint(pendingId);
    conflict(await unit.post(`/api/v1/problems/${pendingId}/extensions`, { deadline: '2027-12-31', reason: '再申请' }), 'extension_pending');
    assert.deepEqual(await footprint(pendingId), before);

    const id = await idOf('项目招标文件设置排他性条款');
    const cur = (await page(dept1, id)).deadline;
    const same = await dept1.post(`/api/v1/problems/${id}/extensions`, { deadline: cur, reason: '同日' });
    conflict(same, 'deadline_not_later');
    assert.match(same.body.message, new RegExp(cur));
    conflict(await dept1.post(`/api/v1/problems/${id}/extensions`, { deadline: '2026-01-01', reason: '提前' }), 'deadline_not_later');

    conflict(await dept1.post(`/api/v1/problems/${await idOf('易涝点整治进度缓慢')}/extensions`, { deadline: '2027-12-31', reason: '长期' }), 'invalid_state');
    conflict(await dept1.post(`/api/v1/problems/${await idOf('工程款结算审核把关不严')}/extensions`, { deadline: '2027-12-31', reason: '已结' }), 'invalid_state');

    const bad = await dept1.post(`/api/v1/problems/${id}/extensions`, { deadline: '2027-02-30', reason: '日期无效' });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.details.some((d: { path: string }) => d.path === 'deadline'));
    const noReason = await dept1.post(`/api/v1/problems/${id}/extensions`, { deadline: '2027-02-28' });
    assert.equal(noReason.status, 400);
    assert.ok(noReason.body.details.some((d: { path: string }) => d.path === 'reason'));
    const badDecision = await unit.post('/api/v1/extensions/1/decision', { decision: 'maybe', reason: '？' });
    assert.equal(badDecision.status, 400);
    assert.match(badDecision.body.message, /approve 或 refuse/);
    assert.equal((await footprint(id)).extensions, 0);
  });
});

describe('stage-done (阶段性完成)', () => {
  test('整改办 marks a long-term item once; a second time is 409; a dated item cannot be marked', async () => {
    const unit = await t.login('unit');
    const id = await idOf('易涝点整治进度缓慢');
    const r = await unit.post(`/api/v1/problems/${id}/stage-done`, { reason: '年度阶段任务完成' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.stageDone, true);
    assert.equal(r.body.status, 'long_term', 'stage-done is not closure');
    assert.ok(r.body.transitions.some((x: { action: string }) => x.action === 'stage_done'));
    const again = await unit.post(`/api/v1/problems/${id}/stage-done`, { reason: '再次' });
    assert.equal(again.status, 409);
    assert.match(again.body.message, /阶段性完成/);

    const dated = await idOf('兼职取酬清理不彻底'); // a dated item in progress
    const no = await unit.post(`/api/v1/problems/${dated}/stage-done`, { reason: '不适用' });
    assert.ok([403, 409].includes(no.status), JSON.stringify(no.body));
    assert.equal((await page(unit, dated)).stageDone, false);
  });
});

describe('input checks', () => {
  test('an upload over the 20 MB limit: 413, nothing written', async () => {
    const dept1 = await t.login('dept1');
    const id = await idOf('质量监督抽检覆盖面不足');
    const before = await footprint(id);
    const big = Buffer.alloc(21 * 1024 * 1024, 0);
    PNG.copy(big); // a PNG signature, so only the size is wrong
    const r = await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '超大文件' }, [{ name: 'big.png', bytes: big }]);
    assert.equal(r.status, 413, JSON.stringify(r.body));
    assert.equal(r.body.code, 'payload_too_large');
    assert.match(r.body.message, /大小/);
    assert.deepEqual(await footprint(id), before);
  });

  test('an executable, HTML or a file whose bytes do not match its extension: 415, nothing written', async () => {
    const dept1 = await t.login('dept1');
    const id = await idOf('质量监督抽检覆盖面不足');
    const before = await footprint(id);
    const mz = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(64)]);
    for (const [name, bytes] of [
      ['setup.exe', mz],
      ['photo.png', mz], // executable bytes under an image name
      ['photo.png', Buffer.from('just text, not a png')],
      ['report.pdf', PNG], // a PNG is not a PDF
      ['page.html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['noextension', Buffer.from('text')],
    ] as const) {
      const r = await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '类型检查' }, [{ name, bytes }]);
      assert.equal(r.status, 415, `${name}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 'unsupported_media');
      assert.match(r.body.message, new RegExp(name.replace('.', '\\.')));
    }
    // one bad file among good ones refuses the whole entry
    const mixed = await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '混合' }, [{ name: 'ok.png', bytes: PNG }, { name: 'bad.exe', bytes: mz }]);
    assert.equal(mixed.status, 415);
    assert.deepEqual(await footprint(id), before);
    // accepted kinds for the record: text and PDF
    const good = await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '文本与PDF' }, [
      { name: '说明.txt', bytes: Buffer.from('整改说明：已完成。') },
      { name: 'report.pdf', bytes: Buffer.from('%PDF-1.7\n%…') },
    ]);
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.deepEqual(good.body.progress[0].evidence.map((e: { mime: string }) => e.mime), ['text/plain; charset=utf-8', 'application/pdf']);
  });

  test('malformed JSON, a JSON body where multipart is needed, missing fields: 400', async () => {
    const dept1 = await t.login('dept1');
    const id = await idOf('项目招标文件设置排他性条款');
    const before = await footprint(id);
    const broken = await dept1.request('POST', `/api/v1/problems/${id}/closure-request`, undefined, { raw: '{"reason": ', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.code, 'bad_request');
    assert.match(broken.body.message, /无法解析/);
    const json = await dept1.post(`/api/v1/problems/${id}/progress`, { text: 'JSON 而非 multipart' });
    assert.equal(json.status, 400);
    assert.match(json.body.message, /multipart/);
    const noText = await dept1.upload(`/api/v1/problems/${id}/progress`, {}, [{ name: 'a.png', bytes: PNG }]);
    assert.equal(noText.status, 400);
    assert.ok(noText.body.details.some((d: { path: string }) => d.path === 'text'));
    assert.match(noText.body.message, /进展情况/);
    const figures = await dept1.upload(`/api/v1/problems/${id}/progress`, { text: '指标', figures: '[1,2]' });
    assert.equal(figures.status, 400);
    assert.ok(figures.body.details.some((d: { path: string }) => d.path === 'figures'));
    const review = await (await t.login('unit')).post(`/api/v1/problems/${id}/closure-review`, { decision: 'ok', reason: '' });
    assert.equal(review.status, 400);
    assert.ok(review.body.details.some((d: { path: string }) => d.path === 'decision'));
    assert.deepEqual(await footprint(id), before);
  });

  test('unknown ids: 404 on every id route', async () => {
    const unit = await t.login('unit');
    const N = 999999;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/problems/${N}`], ['PATCH', `/api/v1/problems/${N}`, { title: '无' }],
      ['POST', `/api/v1/problems/${N}/measures`, { text: '无' }], ['PATCH', `/api/v1/measures/${N}`, { status: 'done' }],
      ['GET', `/api/v1/evidence/${N}`], ['POST', `/api/v1/problems/${N}/closure-request`, { reason: '无' }],
      ['POST', `/api/v1/problems/${N}/closure-review`, { decision: 'approve', reason: '无' }],
      ['POST', `/api/v1/problems/${N}/extensions`, { deadline: '2027-01-01', reason: '无' }],
      ['POST', `/api/v1/extensions/${N}/decision`, { decision: 'approve', reason: '无' }],
      ['POST', `/api/v1/problems/${N}/stage-done`, { reason: '无' }],
      ['GET', `/api/v1/inspections/${N}`], ['GET', `/api/v1/units/${N}/departments`], ['GET', `/api/v1/units/${N}/leaders`],
      ['GET', `/api/v1/dashboard?inspectionId=${N}`],
    ];
    for (const [method, path, body] of routes) {
      const r = await unit.request(method, path, body);
      assert.equal(r.status, 404, `${method} ${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 'not_found');
      assert.match(r.body.message, /不存在或无权访问/);
    }
    const up = await unit.upload(`/api/v1/problems/${N}/progress`, { text: '无' }, [{ name: 'a.png', bytes: PNG }]);
    assert.equal(up.status, 404);
  });
});

describe('a refused request writes nothing', () => {
  test('progress with a valid file but a measure of another problem: 400; no entry, no evidence, no status change', async () => {
    const unit = await t.login('unit');
    const id = await idOf('公务接待审批手续不全'); // pending: a first entry would start it
    const otherMeasure = (await page(unit, await idOf('固定资产账实不符'))).measures[0].id;
    const before = await footprint(id);
    assert.equal(before.status, 'pending');
    const r = await unit.upload(`/api/v1/problems/${id}/progress`, { text: '挂错措施', measureId: String(otherMeasure) }, [{ name: '接待清单.png', bytes: PNG }]);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.ok(r.body.details.some((d: { path: string }) => d.path === 'measureId'));
    assert.match(r.body.message, /措施不属于该问题|所选措施/);
    assert.deepEqual(await footprint(id), before, 'entry, evidence, transition and status all unchanged');
    const p = await page(unit, id);
    assert.equal(p.progressCount, 0);
    assert.equal(p.evidenceCount, 0);
  });

  test('PATCH /problems with one valid and one foreign department: 400, the title unchanged', async () => {
    const unit = await t.login('unit');
    const id = await idOf('整改台账销号把关不严');
    const before = await page(unit, id);
    const foreign = (await t.db.query<{ id: number }>(`SELECT o.id FROM organizations o JOIN organizations u ON u.id = o.unit_id WHERE o.kind = 'department' AND u.name = '江城市文化和旅游局' LIMIT 1`)).rows[0].id;
    const valid = before.leadDept.id;
    const r = await unit.patch(`/api/v1/problems/${id}`, { title: '不应写入的标题', cooperatingDeptIds: [valid === foreign ? valid + 1 : valid, foreign] });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /不属于本单位/);
    const after = await page(unit, id);
    assert.equal(after.title, before.title);
    assert.deepEqual(after.cooperatingDepts, before.cooperatingDepts);
    assert.equal(after.updatedAt, before.updatedAt);
  });
});
