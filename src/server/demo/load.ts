import type { Db, Queryable } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { beijingDate } from '../lib/clock.js';
import { writeAudit } from '../modules/audit/service.js';
import { hashPassword } from '../modules/auth/service.js';
import { orgRepo } from '../modules/orgs/repository.js';
import { userRepo } from '../modules/users/repository.js';
import { inspectionRepo } from '../modules/inspections/repository.js';
import { problemRepo } from '../modules/problems/repository.js';
import { progressRepo } from '../modules/progress/repository.js';
import { putBlob } from '../modules/progress/store.js';
import type { StorageTarget } from '../storage/index.js';
import { extensionRepo } from '../modules/workflow/repository.js';
import { DEFAULT_CLOSURE_CHAIN, DEFAULT_EXTENSION_CHAIN, type ProblemStatus, type RectifyKind } from '../../domain/workflow/index.js';
import { demoRepo } from './repository.js';
import { loadDemoRegisters } from './registers.js';
import { loadDemoOffice } from './office.js';
import { OFFICE_NAME, UNITS } from './content.js';

export const DEMO_PASSWORD = 'Zhenggai@2026';

/** The fixed demo accounts, as the README lists them. */
export const DEMO_ACCOUNTS = [
  { username: 'office', displayName: '王海燕', role: 'office_admin', where: '巡察办' },
  { username: 'unit', displayName: '刘志强', role: 'unit_admin', where: '江城市水务局 整改办' },
  { username: 'dept1', displayName: '张伟', role: 'dept_handler', where: '江城市水务局 工程建设处' },
  { username: 'dept2', displayName: '赵敏', role: 'dept_handler', where: '江城市水务局 水资源管理处' },
  { username: 'leader', displayName: '周建明', role: 'leader', where: '江城市水务局 责任领导' },
  { username: 'auditor', displayName: '孙立', role: 'auditor', where: '巡察办 审计管理员' },
  { username: 'unit2', displayName: '黄欣', role: 'unit_admin', where: '江城市文化和旅游局 整改办' },
  { username: 'leader2', displayName: '陈思远', role: 'leader', where: '江城市文化和旅游局 责任领导' },
  // the other two of the three administrators (三员, issue 13); made last, so the accounts above keep their ids
  { username: 'sysadmin', displayName: '陈静', role: 'sysadmin', where: '巡察办 系统管理员' },
  { username: 'secadmin', displayName: '林涛', role: 'secadmin', where: '巡察办 安全管理员' },
] as const;

// A 1×1 PNG and a short text: enough to exercise upload, digest and download.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The state each demo problem is put in, cycling so every state and light appears. */
// `measuresDone`: every measure ticked off, as a closure needs (and one item under way ready to be closed)
const PLAN: {
  status: ProblemStatus;
  kind: RectifyKind;
  due: number | null;
  evidence: boolean;
  extension?: 'pending' | 'approved';
  measuresDone?: boolean;
}[] = [
  { status: 'closed', kind: 'immediate', due: -30, evidence: true },
  { status: 'in_progress', kind: 'deadline', due: 40, evidence: true, measuresDone: true },
  { status: 'closure_requested', kind: 'deadline', due: 12, evidence: true },
  { status: 'in_progress', kind: 'deadline', due: -6, evidence: false },
  { status: 'pending', kind: 'deadline', due: 75, evidence: false },
  { status: 'long_term', kind: 'long_term', due: null, evidence: true },
  { status: 'in_progress', kind: 'deadline', due: 6, evidence: true, extension: 'pending' },
  { status: 'closed', kind: 'deadline', due: -2, evidence: true, extension: 'approved' },
  { status: 'in_progress', kind: 'immediate', due: 20, evidence: false },
];

/**
 * Resets the database to the demo: one inspection office, two units with
 * departments, one inspection round each, ~60 problems in every state with
 * measures, progress and small evidence files. Deadlines are placed around the
 * clock's today, so the lights show all colours whenever the demo is loaded.
 * `dataDir`: where the files go — the configuration (its store) or a data directory (the local store there).
 */
export async function loadDemo(db: Db, clock: Clock, dataDir: StorageTarget): Promise<{ problems: number }> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const now = clock.now();
  const today = beijingDate(now);
  const evidence = { png: await putBlob(dataDir, PNG), size: PNG.length };
  return db.tx(async (q) => {
    await demoRepo.wipe(q);
    const office = await orgRepo.insert(q, { parentId: null, kind: 'office', name: OFFICE_NAME });
    const users = new Map<string, number>();
    const account = async (username: string, orgId: number, role: string) => {
      const a = DEMO_ACCOUNTS.find((x) => x.username === username)!;
      const id = await userRepo.insert(q, { username, displayName: a.displayName, passwordHash: hash, now });
      await userRepo.grant(q, id, orgId, role);
      users.set(username, id);
      return id;
    };
    await account('office', office, 'office_admin');
    await account('auditor', office, 'auditor');
    let problems = 0;
    let water: { waterUnitId: number; waterDepts: number[]; waterAdmin: number } | null = null;
    for (const [ui, unit] of UNITS.entries()) {
      const unitId = await orgRepo.insert(q, { parentId: office, kind: 'unit', name: unit.name });
      const depts: number[] = [];
      for (const d of unit.departments) depts.push(await orgRepo.insert(q, { parentId: unitId, kind: 'department', name: d, unitId }));
      const admin = await account(ui === 0 ? 'unit' : 'unit2', unitId, 'unit_admin');
      const handlers: Record<number, number> = {};
      const leaderId = await account(ui === 0 ? 'leader' : 'leader2', unitId, 'leader');
      if (ui === 0) {
        handlers[3] = await account('dept1', depts[3], 'dept_handler');
        handlers[4] = await account('dept2', depts[4], 'dept_handler');
      }
      const insp = await inspectionRepo.insert(q, {
        unitId,
        kind: unit.inspection.kind,
        title: unit.inspection.title,
        body: unit.inspection.body,
        onsiteStart: unit.inspection.onsiteStart,
        onsiteEnd: unit.inspection.onsiteEnd,
        feedbackDate: unit.inspection.feedbackDate,
        planDue: addDays(unit.inspection.feedbackDate, 30),
        reportDue: addDays(unit.inspection.feedbackDate, 60),
        createdBy: admin,
        now,
      });
      let n = 0;
      for (const [gi, g] of unit.groups.entries()) {
        const gid = await problemRepo.insert(q, {
          inspectionId: insp,
          unitId,
          parentId: null,
          level: 1,
          label: `（${'一二三四五六七八九十'[gi]}）`,
          title: g.title,
          description: '',
          now,
        });
        for (const t of g.themes) {
          n++;
          const tid = await problemRepo.insert(q, {
            inspectionId: insp,
            unitId,
            parentId: gid,
            level: 2,
            label: `${n}.`,
            title: t.title,
            description: '',
            now,
          });
          for (const [pi, p] of t.problems.entries()) {
            const plan = PLAN[problems % PLAN.length];
            problems++;
            const submitter = handlers[p.lead] ?? admin;
            const pid = await problemRepo.insert(q, {
              inspectionId: insp,
              unitId,
              parentId: tid,
              level: 3,
              label: `（${pi + 1}）`,
              title: p.title,
              description: p.description,
              rectifyKind: plan.kind,
              leadDeptId: depts[p.lead],
              leaderId: problems % 2 === 0 ? leaderId : null,
              leaderName: problems % 2 === 0 ? null : unit.leaders[problems % unit.leaders.length],
              deadline: plan.due == null ? null : addDays(today, plan.extension === 'approved' ? plan.due - 20 : plan.due),
              now,
            });
            await problemRepo.setCooperators(
              q,
              pid,
              (p.coop ?? []).map((c) => depts[c]),
            );
            for (const m of p.measures)
              await problemRepo.insertMeasure(q, { problemId: pid, text: m, ownerDeptId: depts[p.lead], deadline: null, now });
            await applyPlan(q, { pid, plan, submitter, reviewer: admin === submitter ? leaderId : admin, now, today, p, evidence });
          }
        }
      }
      // the registers of issue 8, for the first unit's round
      if (ui === 0) await loadDemoRegisters(q, { inspectionId: insp, unitId, by: admin, now, dataDir });
      if (ui === 0) water = { waterUnitId: unitId, waterDepts: depts, waterAdmin: admin };
    }
    // issue 10: more units, an earlier round of the first, recurrences and the trend's weeks
    if (water) problems += (await loadDemoOffice(q, { officeId: office, now, evidence, ...water })).problems;
    await account('sysadmin', office, 'sysadmin');
    await account('secadmin', office, 'secadmin');
    await writeAudit(q, { at: now, actorId: null, actorName: 'system', action: 'demo.load', detail: { problems } });
    return { problems };
  });
}

async function applyPlan(
  q: Queryable,
  a: {
    pid: number;
    plan: (typeof PLAN)[number];
    submitter: number;
    reviewer: number;
    now: Date;
    today: string;
    p: { measures: string[] };
    evidence: { png: string; size: number };
  },
): Promise<void> {
  const { pid, plan, submitter, reviewer, now } = a;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000);
  if (plan.status === 'pending') return;
  const first: ProblemStatus = plan.kind === 'long_term' ? 'long_term' : 'in_progress';
  const entry = await progressRepo.insert(q, {
    problemId: pid,
    measureId: null,
    authorId: submitter,
    text: `已按“${a.p.measures[0]}”完成阶段性工作，形成书面记录。`,
    figures: null,
    at: at(20),
  });
  if (plan.evidence)
    await progressRepo.insertEvidence(q, {
      progressId: entry,
      problemId: pid,
      digest: a.evidence.png,
      filename: '现场照片.png',
      mime: 'image/png',
      size: a.evidence.size,
      at: at(20),
    });
  await problemRepo.setStatus(q, pid, 'pending', first, at(20));
  await problemRepo.insertTransition(q, {
    problemId: pid,
    action: 'start',
    from: 'pending',
    to: first,
    actorId: submitter,
    reason: '报送首条整改进展',
    at: at(20),
  });
  if (plan.extension) {
    const row = (await q.query<{ deadline: string }>('SELECT deadline FROM problems WHERE id = $1', [pid])).rows[0];
    const to = addDays(row.deadline, 20);
    const xid = await extensionRepo.insert(q, {
      problemId: pid,
      oldDeadline: row.deadline,
      deadline: to,
      reason: '涉及跨部门协调，需延长工期',
      by: submitter,
      at: at(10),
      chain: DEFAULT_EXTENSION_CHAIN,
    });
    await problemRepo.insertTransition(q, {
      problemId: pid,
      action: 'extension_request',
      from: first,
      to: first,
      actorId: submitter,
      reason: '涉及跨部门协调，需延长工期',
      at: at(10),
    });
    if (plan.extension === 'approved') {
      await extensionRepo.decide(q, xid, { status: 'approved', by: reviewer, at: at(9), reason: '同意延期' });
      await extensionRepo.moveDeadline(q, pid, to, at(9));
      await problemRepo.insertTransition(q, {
        problemId: pid,
        action: 'extension_approve',
        from: first,
        to: first,
        actorId: reviewer,
        reason: '同意延期',
        at: at(9),
      });
    }
  }
  if (plan.measuresDone || plan.status === 'closure_requested' || plan.status === 'closed') {
    for (const m of await problemRepo.measures(q, pid)) await problemRepo.updateMeasure(q, m.id, { status: 'done' });
  }
  if (plan.status === 'closure_requested' || plan.status === 'closed') {
    await problemRepo.startReview(q, pid, first, { by: submitter, chain: DEFAULT_CLOSURE_CHAIN, now: at(5) });
    await problemRepo.insertTransition(q, {
      problemId: pid,
      action: 'closure_request',
      from: first,
      to: 'closure_requested',
      actorId: submitter,
      reason: '整改措施已全部落实，申请销号',
      at: at(5),
    });
  }
  if (plan.status === 'closed') {
    await problemRepo.finishReview(q, pid, 0, 'closed', { closureRequestedBy: submitter, now: at(2) });
    await problemRepo.insertTransition(q, {
      problemId: pid,
      action: 'closure_approve',
      from: 'closure_requested',
      to: 'closed',
      actorId: reviewer,
      reason: '佐证材料齐全，同意销号',
      at: at(2),
    });
  }
}
