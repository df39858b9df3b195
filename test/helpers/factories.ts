/**
 * Factories that build a test's own world: an office, units with departments,
 * users of every role, inspection rounds, problems in any state, measures,
 * progress with evidence and extension requests — each with overrides:
 *
 *   const f = factories(t);
 *   const u = await f.unit();                               // departments, 整改办, leader, one handler each
 *   const p = await f.problem({ unit: u, status: 'closure_requested', deadline: '2026-12-01' });
 *   const late = await f.problem({ unit: u, status: 'in_progress', due: -3 });   // 3 days overdue
 *
 * States are reached the way people reach them: every step after the accounts
 * is an HTTP request of the right role (create, plan, progress with a PNG,
 * closure request, review, extension), so the rows are exactly those the app
 * writes — transitions, audit rows, counters — on PGlite and on PostgreSQL
 * alike. Organisations have no use case (they are set up by the installer), so
 * they are inserted with the organisations repository as the demo does;
 * accounts go through `createUser`, the use case of `zhenggai user add`.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { Role } from '../../src/domain/schemas/index.js';
import type { ProblemStatus, RectifyKind } from '../../src/domain/workflow/index.js';
import { beijingDate } from '../../src/server/lib/clock.js';
import { orgRepo } from '../../src/server/modules/orgs/repository.js';
import { createUser } from '../../src/server/modules/users/service.js';
import { PNG, expectOk, type Client, type Res, type TestApp, type UploadFile } from './app.js';

/** The password every factory account has unless told otherwise (meets the policy). */
export const TEST_PASSWORD = 'Test#Pass2026';

export interface Org {
  id: number;
  name: string;
}
export interface Dept extends Org {
  unitId: number;
}
export interface Office extends Org {
  /** 巡察办: reads every unit under this office and opens rounds for them. */
  admin: TestUser;
}
export interface TestUser {
  id: number;
  username: string;
  displayName: string;
  password: string;
  role: Role;
  orgId: number;
}

/** A unit with the people who work on its ledger. */
export interface Unit extends Org {
  office: Office;
  depts: Dept[];
  /** 整改办 (unit_admin). */
  admin: TestUser;
  /** 责任领导 (leader). */
  leader: TestUser;
  /** One 责任部门 handler per department, in the order of `depts`. */
  handlers: TestUser[];
}

export interface Inspection {
  id: number;
  unitId: number;
  title: string;
}

export interface Problem {
  id: number;
  unit: Unit;
  inspectionId: number;
  title: string;
  status: ProblemStatus;
  deadline: string | null;
  leadDept: Dept | null;
  measureIds: number[];
  evidenceIds: number[];
  extensionIds: number[];
  /** Who asked for the closure (closure_requested, closed). */
  closureRequestedBy: TestUser | null;
}

export interface ProblemOptions {
  unit?: Unit;
  /** Default: the unit's default round (one per unit, made on first use). */
  inspection?: Inspection;
  /** A group or theme to hang the problem under; default: a top-level node. */
  parent?: { id: number } | null;
  label?: string;
  title?: string;
  description?: string;
  /** Default 'long_term' for status long_term, otherwise 'deadline'. */
  kind?: RectifyKind;
  /** Default 'pending'. Every later state goes through the ones before it. */
  status?: ProblemStatus;
  /** An absolute deadline, or null for none. Default: `due` days from today, or none for long-term items. */
  deadline?: string | null;
  /** Days from today (Beijing, on the test clock): -3 is three days overdue. Default 30. */
  due?: number;
  /** Default: the unit's first department; null for none. */
  leadDept?: Dept | null;
  cooperating?: Dept[];
  /** 责任领导 on the plan; default the unit's leader, null for none. */
  leader?: TestUser | null;
  /** Measure texts, or how many to make. Default 1. */
  measures?: string[] | number;
  /** Progress with a PNG before a closure (default true from in_progress on); false: a text-only entry. */
  evidence?: boolean;
  /** Who reports progress; default the lead department's handler, else 整改办. */
  progressBy?: TestUser;
  /** Who asks for closure; default the lead department's handler, else 整改办. */
  closureRequestedBy?: TestUser;
  /** Who approves the closure; default 整改办, or the leader when 整改办 asked. */
  closedBy?: TestUser;
  /** An extension request before the closure steps, left pending or decided. */
  extension?: 'pending' | 'approved' | 'refused';
  /** 阶段性完成 (long-term items only). */
  stageDone?: boolean;
}

export interface Measure {
  id: number;
  problemId: number;
}
export interface Progress {
  id: number;
  problemId: number;
  evidenceIds: number[];
}
export interface Extension {
  id: number;
  problemId: number;
  status: 'pending' | 'approved' | 'refused';
  requestedDeadline: string;
}

// What the factories read back from the problem page: the ids they hand out,
// and the state, which is checked against what was asked for.
const pageShape = z.object({
  id: z.number(),
  title: z.string(),
  status: z.enum(['pending', 'in_progress', 'closure_requested', 'closed', 'long_term']),
  deadline: z.string().nullable(),
  stageDone: z.boolean(),
  measures: z.array(z.object({ id: z.number() })),
  progress: z.array(z.object({ id: z.number(), evidence: z.array(z.object({ id: z.number() })) })),
  extensions: z.array(z.object({ id: z.number(), status: z.enum(['pending', 'approved', 'refused']), requestedDeadline: z.string() })),
});
type Page = z.output<typeof pageShape>;
const withId = z.object({ id: z.number() });

const DEPARTMENTS = ['办公室', '工程建设处', '水资源管理处'];
const ROLE_NAME: Record<Role, string> = {
  office_admin: '巡察办',
  unit_admin: '整改办',
  dept_handler: '经办人',
  leader: '领导',
  inspector: '纪检',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
};

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export class Factories {
  private seq = 0;
  private clients = new Map<number, Client>();
  private rounds = new Map<number, Inspection>();
  private defaultOffice: Promise<Office> | null = null;
  private defaultUnit: Promise<Unit> | null = null;

  constructor(readonly t: TestApp) {}

  private next(): number {
    return ++this.seq;
  }

  /** Today in Beijing on the test clock, plus `days`. */
  day(days = 0): string {
    return addDays(beijingDate(this.t.clock.now()), days);
  }

  /** An inspection office (巡察办) with its office_admin. */
  async office(o: { name?: string } = {}): Promise<Office> {
    const n = this.next();
    const name = o.name ?? `测试市委巡察办${n}`;
    const id = await orgRepo.insert(this.t.db, { parentId: null, kind: 'office', name });
    const admin = await this.user({ role: 'office_admin', org: { id, name } });
    return { id, name, admin };
  }

  /** A unit under `office` (default: one office shared by the factory's units), with people. */
  async unit(o: { name?: string; office?: Office; departments?: string[] } = {}): Promise<Unit> {
    const office = o.office ?? (await (this.defaultOffice ??= this.office()));
    const n = this.next();
    const name = o.name ?? `测试单位${n}`;
    const id = await orgRepo.insert(this.t.db, { parentId: office.id, kind: 'unit', name });
    const depts: Dept[] = [];
    for (const d of o.departments ?? DEPARTMENTS) depts.push(await this.department({ unit: { id, name }, name: d }));
    const admin = await this.user({ role: 'unit_admin', org: { id, name } });
    const leader = await this.user({ role: 'leader', org: { id, name } });
    const handlers: TestUser[] = [];
    for (const d of depts) handlers.push(await this.user({ role: 'dept_handler', org: d }));
    return { id, name, office, depts, admin, leader, handlers };
  }

  /** The unit `problem()` and `inspection()` use when none is given. */
  mainUnit(): Promise<Unit> {
    return (this.defaultUnit ??= this.unit());
  }

  async department(o: { unit: Org; name?: string }): Promise<Dept> {
    const name = o.name ?? `测试处室${this.next()}`;
    const id = await orgRepo.insert(this.t.db, { parentId: o.unit.id, kind: 'department', name, unitId: o.unit.id });
    return { id, name, unitId: o.unit.id };
  }

  /** An account with one role in `org` (an office, unit or department as the role requires). */
  async user(o: { role: Role; org: Org; username?: string; displayName?: string; password?: string }): Promise<TestUser> {
    const n = this.next();
    const username = o.username ?? `t${n}_${o.role.replace('_', '')}`;
    const displayName = o.displayName ?? `${ROLE_NAME[o.role]}${n}`;
    const password = o.password ?? TEST_PASSWORD;
    const id = await createUser(
      this.t.db,
      this.t.clock,
      { id: null, name: 'test' },
      { username, displayName, password, orgId: o.org.id, role: o.role },
    );
    return { id, username, displayName, password, role: o.role, orgId: o.org.id };
  }

  /** A fresh session of `u` (its own cookie and CSRF token). */
  login(u: TestUser): Promise<Client> {
    return this.t.login(u.username, u.password);
  }

  /**
   * Runs a request as `u` on a kept session; when the session has run out
   * (the test moved the clock) it logs in again and repeats the request once.
   */
  private async as<T>(u: TestUser, send: (c: Client) => Promise<Res<T>>): Promise<Res<T>> {
    let c = this.clients.get(u.id);
    if (c) {
      const r = await send(c);
      if (r.status !== 401) return r;
    }
    c = await this.login(u);
    this.clients.set(u.id, c);
    return send(c);
  }

  /** An inspection round of `unit`, opened by its 整改办. */
  async inspection(
    o: { unit?: Unit; title?: string; kind?: '巡视' | '巡察' | '审计' | '督察'; body?: string; feedbackDate?: string } = {},
  ): Promise<Inspection> {
    const unit = o.unit ?? (await this.mainUnit());
    const title = o.title ?? `测试巡察轮次${this.next()}`;
    const body = {
      unitId: unit.id,
      kind: o.kind ?? '巡察',
      title,
      body: o.body ?? '市委第一巡察组',
      ...(o.feedbackDate ? { feedbackDate: o.feedbackDate } : {}),
    };
    const r = await this.as(unit.admin, (c) => c.post('/api/v1/inspections', body));
    return { id: expectOk(r, withId).id, unitId: unit.id, title };
  }

  private async round(unit: Unit): Promise<Inspection> {
    let r = this.rounds.get(unit.id);
    if (!r) this.rounds.set(unit.id, (r = await this.inspection({ unit })));
    return r;
  }

  /** A plain tree node (a group or theme: no plan, no measures) to hang problems under. */
  async node(
    o: { unit?: Unit; inspection?: Inspection; parent?: { id: number } | null; label?: string; title?: string } = {},
  ): Promise<{ id: number }> {
    const unit = o.unit ?? (await this.mainUnit());
    const inspection = o.inspection ?? (await this.round(unit));
    const n = this.next();
    const body = {
      inspectionId: inspection.id,
      parentId: o.parent?.id ?? null,
      label: o.label ?? `（${n}）`,
      title: o.title ?? `测试分组${n}`,
    };
    return { id: expectOk(await this.as(unit.admin, (c) => c.post('/api/v1/problems', body)), withId).id };
  }

  /** The handler of a department of `unit`, if the factory made one. */
  handlerOf(unit: Unit, dept: Dept | null): TestUser | null {
    if (!dept) return null;
    const i = unit.depts.findIndex((d) => d.id === dept.id);
    return i >= 0 ? unit.handlers[i] : null;
  }

  /**
   * A problem in the state asked for. Default: a top-level pending item of the
   * main unit's round, dated 30 days ahead, led by the first department, with
   * the unit's leader and one measure.
   */
  async problem(o: ProblemOptions = {}): Promise<Problem> {
    const unit = o.unit ?? (await this.mainUnit());
    const inspection = o.inspection ?? (await this.round(unit));
    const status = o.status ?? 'pending';
    const kind = o.kind ?? (status === 'long_term' ? 'long_term' : 'deadline');
    const deadline = o.deadline !== undefined ? o.deadline : kind === 'long_term' && o.due === undefined ? null : this.day(o.due ?? 30);
    const leadDept = o.leadDept !== undefined ? o.leadDept : (unit.depts[0] ?? null);
    const leader = o.leader !== undefined ? o.leader : unit.leader;
    const n = this.next();
    const title = o.title ?? `测试问题${n}`;
    const admin = (send: (c: Client) => Promise<Res<unknown>>) => this.as(unit.admin, send);

    const created = await admin((c) =>
      c.post('/api/v1/problems', {
        inspectionId: inspection.id,
        parentId: o.parent?.id ?? null,
        label: o.label ?? `（${n}）`,
        title,
        description: o.description ?? '',
        rectifyKind: kind,
        ...(leadDept ? { leadDeptId: leadDept.id } : {}),
        ...(deadline ? { deadline } : {}),
      }),
    );
    const id = expectOk(created, withId).id;
    if (leader || o.cooperating?.length) {
      expectOk(
        await admin((c) =>
          c.patch(`/api/v1/problems/${id}`, {
            ...(leader ? { leaderId: leader.id } : {}),
            ...(o.cooperating?.length ? { cooperatingDeptIds: o.cooperating.map((d) => d.id) } : {}),
          }),
        ),
        withId,
      );
    }
    const measures =
      typeof o.measures === 'number'
        ? Array.from({ length: o.measures }, (_, i) => `整改措施${i + 1}`)
        : (o.measures ?? ['制定整改方案并逐项落实']);
    for (const text of measures) expectOk(await admin((c) => c.post(`/api/v1/problems/${id}/measures`, { text })), withId);

    const worker = this.handlerOf(unit, leadDept) ?? unit.admin;
    let requestedBy: TestUser | null = null;
    if (status !== 'pending') {
      await this.progress({ problem: { id, unit }, by: o.progressBy ?? worker, evidence: o.evidence ?? true });
      if (o.extension) {
        const decision = o.extension === 'pending' ? undefined : o.extension === 'approved' ? 'approve' : 'refuse';
        await this.extension({ problem: { id, unit }, by: worker, decision });
      }
      if (o.stageDone) {
        expectOk(await admin((c) => c.post(`/api/v1/problems/${id}/stage-done`, { reason: '年度阶段任务完成' })), withId);
      }
      if (status === 'closure_requested' || status === 'closed') {
        // a closure needs every measure done (a unit rule, on by default): the department ticks them off first
        for (const m of (await this.page(unit, id)).measures) {
          expectOk(await this.as(worker, (c) => c.patch(`/api/v1/measures/${m.id}`, { status: 'done' })), withId);
        }
        requestedBy = o.closureRequestedBy ?? worker;
        const asked = await this.as(requestedBy, (c) =>
          c.post(`/api/v1/problems/${id}/closure-request`, { reason: '整改措施已全部落实，申请销号' }),
        );
        expectOk(asked, withId);
      }
      if (status === 'closed') {
        const reviewer = o.closedBy ?? (requestedBy?.id === unit.admin.id ? unit.leader : unit.admin);
        const ok = await this.as(reviewer, (c) =>
          c.post(`/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '佐证材料齐全，同意销号' }),
        );
        expectOk(ok, withId);
      }
    } else if (o.extension || o.stageDone) {
      throw new Error('factories: extensions and 阶段性完成 need a problem under way (status other than pending)');
    }

    const page = await this.page(unit, id);
    assert.equal(page.status, status, `factory asked for ${status}, the app says ${page.status} (problem ${id})`);
    return {
      id,
      unit,
      inspectionId: inspection.id,
      title,
      status: page.status,
      deadline: page.deadline,
      leadDept,
      measureIds: page.measures.map((m) => m.id),
      evidenceIds: page.progress.flatMap((p) => p.evidence.map((e) => e.id)),
      extensionIds: page.extensions.map((x) => x.id),
      closureRequestedBy: requestedBy,
    };
  }

  /** The problem page as 整改办 sees it. */
  async page(unit: Unit, id: number): Promise<Page> {
    return expectOk(await this.as(unit.admin, (c) => c.get(`/api/v1/problems/${id}`)), pageShape);
  }

  /** A measure added by 整改办, optionally with an owner, a deadline and a status. */
  async measure(o: {
    problem: Pick<Problem, 'id' | 'unit'>;
    text?: string;
    ownerDept?: Dept;
    deadline?: string;
    status?: 'pending' | 'in_progress' | 'done';
  }): Promise<Measure> {
    const { unit, id } = o.problem;
    const body = {
      text: o.text ?? `整改措施${this.next()}`,
      ...(o.ownerDept ? { ownerDeptId: o.ownerDept.id } : {}),
      ...(o.deadline ? { deadline: o.deadline } : {}),
    };
    const page = expectOk(await this.as(unit.admin, (c) => c.post(`/api/v1/problems/${id}/measures`, body)), pageShape);
    const mid = page.measures[page.measures.length - 1].id;
    if (o.status) expectOk(await this.as(unit.admin, (c) => c.patch(`/api/v1/measures/${mid}`, { status: o.status })), withId);
    return { id: mid, problemId: id };
  }

  /**
   * A progress entry (the first one starts the work: pending → in progress or
   * long-term), with a PNG as evidence unless `evidence` is false or `files` given.
   */
  async progress(o: {
    problem: Pick<Problem, 'id' | 'unit'>;
    by?: TestUser;
    text?: string;
    evidence?: boolean;
    files?: UploadFile[];
    measure?: { id: number };
    figures?: Record<string, unknown>;
  }): Promise<Progress> {
    const { unit, id } = o.problem;
    const by = o.by ?? unit.admin;
    const files = o.files ?? (o.evidence === false ? [] : [{ name: '现场照片.png', bytes: PNG, type: 'image/png' }]);
    const fields: Record<string, string> = { text: o.text ?? `已完成阶段性整改工作，形成书面记录（${this.next()}）。` };
    if (o.measure) fields.measureId = String(o.measure.id);
    if (o.figures) fields.figures = JSON.stringify(o.figures);
    const page = expectOk(await this.as(by, (c) => c.upload(`/api/v1/problems/${id}/progress`, fields, files)), pageShape);
    const entry = page.progress[0]; // newest first
    return { id: entry.id, problemId: id, evidenceIds: entry.evidence.map((e) => e.id) };
  }

  /**
   * An extension request (default: by 整改办, 30 days past the current deadline),
   * decided when `decision` is given (default decider: the leader, or 整改办 when the leader asked).
   */
  async extension(o: {
    problem: Pick<Problem, 'id' | 'unit'>;
    by?: TestUser;
    deadline?: string;
    reason?: string;
    decision?: 'approve' | 'refuse';
    decidedBy?: TestUser;
  }): Promise<Extension> {
    const { unit, id } = o.problem;
    const by = o.by ?? unit.admin;
    const current = (await this.page(unit, id)).deadline;
    assert.ok(current || o.deadline, 'factories: an extension needs a problem with a deadline');
    const deadline = o.deadline ?? addDays(current!, 30);
    const asked = expectOk(
      await this.as(by, (c) => c.post(`/api/v1/problems/${id}/extensions`, { deadline, reason: o.reason ?? '涉及跨部门协调，需延长工期' })),
      pageShape,
    );
    const x = asked.extensions.find((e) => e.status === 'pending');
    assert.ok(x, `no pending extension on problem ${id} after the request`);
    if (!o.decision) return { id: x.id, problemId: id, status: 'pending', requestedDeadline: deadline };
    const decider = o.decidedBy ?? (by.id === unit.leader.id ? unit.admin : unit.leader);
    const reason = o.decision === 'approve' ? '同意延期' : '应加快推进，不予延期';
    expectOk(await this.as(decider, (c) => c.post(`/api/v1/extensions/${x.id}/decision`, { decision: o.decision, reason })), withId);
    return { id: x.id, problemId: id, status: o.decision === 'approve' ? 'approved' : 'refused', requestedDeadline: deadline };
  }
}

/** The factories of one test app (one per suite; they keep sessions and default rounds). */
export function factories(t: TestApp): Factories {
  return new Factories(t);
}
