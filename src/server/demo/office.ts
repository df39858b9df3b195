/**
 * The inspection office's part of the demo (issue 10), written for this project:
 * an earlier round of 江城市水务局 (2024) whose findings come back in its current
 * round, and three more units of the office with one round each — one of them with
 * a finding another unit had too — so that the board has a ranking, the evaluation
 * has something to grade, the look-back closed items to draw, and the recurrence
 * detector pairs to flag. Eight weeks of snapshots are drawn from the closure dates.
 */
import type { Queryable } from '../db/index.js';
import { beijingDate } from '../lib/clock.js';
import { orgRepo } from '../modules/orgs/repository.js';
import { inspectionRepo } from '../modules/inspections/repository.js';
import { problemRepo } from '../modules/problems/repository.js';
import { progressRepo } from '../modules/progress/repository.js';
import { officeRepo } from '../modules/office/repository.js';
import { mondayOf } from '../modules/office/service.js';
import { flagRecurrences } from '../modules/recurrence/service.js';
import type { ProblemStatus, RectifyKind } from '../../domain/workflow/index.js';

const DAY = 86_400_000;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** One finding of the demo: its state, given as days around the demo's today (or fixed dates for the 2024 round). */
interface Finding {
  title: string;
  description: string;
  lead: number;
  status: ProblemStatus;
  kind?: RectifyKind;
  /** Deadline: days from today, or a date. */
  due: number | string | null;
  /** Closed: days before today, or a date. */
  closed?: number | string;
  evidence?: boolean;
}

interface Round {
  kind: '巡察' | '巡视' | '审计';
  title: string;
  body: string;
  feedbackDate: string;
  groups: { title: string; findings: Finding[] }[];
}

interface DemoOfficeUnit {
  name: string;
  departments: string[];
  round: Round;
}

/** 江城市水务局's earlier round: most findings closed in 2024, five of them written again in 2026. */
const WATER_2024: Round = {
  kind: '巡察',
  title: '市委第二巡察组对市水务局常规巡察（2024年）',
  body: '市委第二巡察组',
  feedbackDate: '2024-07-15',
  groups: [
    {
      title: '在防汛排涝责任落实方面',
      findings: [
        {
          title: '汛前隐患排查不够彻底',
          description: '部分泵站汛前检查走过场，2座泵站备用电源长期未试运行。',
          lead: 5,
          status: 'closed',
          due: '2024-10-31',
          closed: '2024-10-28',
        },
        {
          title: '排涝应急预案修订滞后',
          description: '城区排涝应急预案未根据新建泵站和管网调整。',
          lead: 4,
          status: 'closed',
          due: '2024-10-31',
          closed: '2024-09-30',
        },
        {
          title: '防汛物资管理不规范',
          description: '防汛仓库物资出入库登记不全，账物不一致。',
          lead: 0,
          status: 'closed',
          due: '2024-12-31',
          closed: '2024-12-15',
          evidence: false,
        },
      ],
    },
    {
      title: '在财务管理方面',
      findings: [
        {
          title: '公务接待审批手续不全',
          description: '抽查发现9笔公务接待无公函、无接待清单。',
          lead: 1,
          status: 'closed',
          due: '2024-09-30',
          closed: '2024-09-30',
        },
        {
          title: '固定资产账实不符',
          description: '一批闲置设备未登记入账，资产清查不及时。',
          lead: 1,
          status: 'closed',
          due: '2024-12-31',
          closed: '2025-01-10',
        },
        {
          title: '会议费超标准列支',
          description: '3次会议人均费用超出定额标准。',
          lead: 1,
          status: 'closed',
          due: '2024-11-30',
          closed: '2024-11-05',
        },
        {
          title: '往来款项长期挂账未清理',
          description: '其他应收款中有312万元挂账超过三年。',
          lead: 1,
          status: 'long_term',
          kind: 'long_term',
          due: null,
        },
      ],
    },
  ],
};

/** Three more units of the office. Their states are placed around the demo's today, as the main demo's are. */
const MORE_UNITS: DemoOfficeUnit[] = [
  {
    name: '江城市交通运输局',
    departments: ['办公室', '财务审计处', '建设管理处', '运输管理处'],
    round: {
      kind: '巡察',
      title: '市委第一巡察组对市交通运输局常规巡察',
      body: '市委第一巡察组',
      feedbackDate: '2025-11-20',
      groups: [
        {
          title: '在工程建设管理方面',
          findings: [
            {
              title: '工程款结算审核把关不严',
              description: '3个项目结算超出审定金额，多支付工程款22万元。',
              lead: 1,
              status: 'closed',
              due: -40,
              closed: 50,
            },
            {
              title: '农村公路养护资金拨付滞后',
              description: '2025年农村公路养护资金平均滞后拨付52天。',
              lead: 1,
              status: 'closed',
              due: -20,
              closed: 25,
            },
            {
              title: '在建项目安全巡查流于形式',
              description: '部分在建项目安全巡查记录雷同，隐患整改未闭环。',
              lead: 2,
              status: 'closed',
              due: -3,
              closed: 4,
            },
            {
              title: '质量保证金返还不及时',
              description: '7个已到期项目的质量保证金未按期返还。',
              lead: 1,
              status: 'in_progress',
              due: 25,
            },
          ],
        },
        {
          title: '在行业监管方面',
          findings: [
            {
              title: '网约车平台监管数据接入不全',
              description: '2家网约车平台订单数据未接入监管平台。',
              lead: 3,
              status: 'closed',
              due: -10,
              closed: 12,
            },
            {
              title: '客运站安检执行不严',
              description: '暗访发现客运站行包安检存在漏检。',
              lead: 3,
              status: 'closed',
              due: -30,
              closed: 35,
              evidence: false,
            },
            { title: '出租车投诉处理超时', description: '12件出租车服务投诉超过规定时限办结。', lead: 3, status: 'in_progress', due: -8 },
            {
              title: '交通执法案卷制作不规范',
              description: '抽查的20本执法案卷中6本缺少询问笔录。',
              lead: 3,
              status: 'long_term',
              kind: 'long_term',
              due: null,
            },
          ],
        },
      ],
    },
  },
  {
    name: '江城市卫生健康委员会',
    departments: ['办公室', '规划财务处', '医政医管处', '疾病预防控制处'],
    round: {
      kind: '巡察',
      title: '市委第四巡察组对市卫生健康委常规巡察',
      body: '市委第四巡察组',
      feedbackDate: '2026-04-10',
      groups: [
        {
          title: '在医疗服务监管方面',
          findings: [
            {
              title: '医疗机构不合理检查治理不力',
              description: '部分二级医院大型设备检查阳性率偏低。',
              lead: 2,
              status: 'in_progress',
              due: -15,
            },
            {
              title: '医保基金使用监管存在漏洞',
              description: '抽查发现3家医院存在串换项目收费。',
              lead: 2,
              status: 'in_progress',
              due: -5,
            },
            {
              title: '院感防控制度执行不严',
              description: '2家医院消毒供应中心记录不全。',
              lead: 2,
              status: 'closed',
              due: -12,
              closed: 13,
            },
            { title: '急救站点布局不均衡', description: '城区东部急救平均响应时间超过15分钟。', lead: 0, status: 'pending', due: 60 },
          ],
        },
        {
          title: '在财务和资产管理方面',
          findings: [
            { title: '公务接待审批手续不全', description: '抽查发现6笔公务接待无公函。', lead: 1, status: 'closed', due: -2, closed: 3 },
            {
              title: '专项经费结余未及时清理',
              description: '公共卫生专项经费结余286万元未按规定清理。',
              lead: 1,
              status: 'in_progress',
              due: -20,
            },
            {
              title: '医疗设备采购论证不充分',
              description: '2台大型设备购置后年使用率不足三成。',
              lead: 1,
              status: 'in_progress',
              due: 30,
            },
          ],
        },
      ],
    },
  },
  {
    name: '江城市教育局',
    departments: ['办公室', '计划财务处', '基础教育处', '学生资助管理中心'],
    round: {
      kind: '巡察',
      title: '市委第六巡察组对市教育局专项巡察',
      body: '市委第六巡察组',
      feedbackDate: '2026-07-01',
      groups: [
        {
          title: '在教育惠民政策落实方面',
          findings: [
            {
              title: '学生资助对象认定不精准',
              description: '抽查发现7名不符合条件的学生获得资助。',
              lead: 3,
              status: 'closed',
              due: -6,
              closed: 8,
            },
            { title: '课后服务收费不规范', description: '2所学校课后服务超范围收费。', lead: 2, status: 'closed', due: -1, closed: 2 },
            {
              title: '校园食堂食材采购把关不严',
              description: '个别学校食堂食材供应商资质审核不全。',
              lead: 2,
              status: 'in_progress',
              due: 12,
            },
            {
              title: '教师培训经费使用不规范',
              description: '部分培训经费用于与培训无关的支出。',
              lead: 1,
              status: 'closed',
              due: 20,
              closed: 10,
            },
          ],
        },
        {
          title: '在工程和资产管理方面',
          findings: [
            { title: '校舍维修项目未批先建', description: '3个校舍维修项目在批复前即已开工。', lead: 1, status: 'in_progress', due: 40 },
            {
              title: '闲置校舍长期未盘活',
              description: '撤并后的5处校舍闲置超过两年。',
              lead: 1,
              status: 'long_term',
              kind: 'long_term',
              due: null,
            },
          ],
        },
      ],
    },
  },
];

const LABELS = '一二三四五六七八九十';

async function writeRound(
  q: Queryable,
  a: {
    unitId: number;
    depts: number[];
    round: Round;
    now: Date;
    today: string;
    by: number | null;
    evidence: { png: string; size: number };
  },
): Promise<{ inspectionId: number; problems: number }> {
  const { round, today } = a;
  const created = new Date(Date.parse(`${round.feedbackDate}T02:00:00Z`));
  const inspectionId = await inspectionRepo.insert(q, {
    unitId: a.unitId,
    kind: round.kind,
    title: round.title,
    body: round.body,
    feedbackDate: round.feedbackDate,
    planDue: addDays(round.feedbackDate, 30),
    reportDue: addDays(round.feedbackDate, 60),
    createdBy: a.by,
    now: created,
  });
  let n = 0;
  let count = 0;
  for (const [gi, g] of round.groups.entries()) {
    const gid = await problemRepo.insert(q, {
      inspectionId,
      unitId: a.unitId,
      parentId: null,
      level: 1,
      label: `（${LABELS[gi]}）`,
      title: g.title,
      description: '',
      now: created,
    });
    for (const fnd of g.findings) {
      n++;
      count++;
      const deadline = fnd.due == null ? null : typeof fnd.due === 'string' ? fnd.due : addDays(today, fnd.due);
      const kind: RectifyKind = fnd.kind ?? 'deadline';
      const pid = await problemRepo.insert(q, {
        inspectionId,
        unitId: a.unitId,
        parentId: gid,
        level: 2,
        label: `${n}.`,
        title: fnd.title,
        description: fnd.description,
        rectifyKind: kind,
        leadDeptId: a.depts[fnd.lead],
        deadline,
        now: created,
      });
      await problemRepo.insertMeasure(q, {
        problemId: pid,
        text: `针对“${fnd.title}”制定整改方案并逐项落实`,
        ownerDeptId: a.depts[fnd.lead],
        deadline: null,
        now: created,
      });
      if (fnd.status === 'pending') continue;
      const closedAt =
        fnd.closed == null
          ? null
          : typeof fnd.closed === 'string'
            ? new Date(`${fnd.closed}T06:00:00Z`)
            : new Date(a.now.getTime() - fnd.closed * DAY);
      const reportedAt = closedAt ? new Date(closedAt.getTime() - 5 * DAY) : new Date(a.now.getTime() - 12 * DAY);
      const first: ProblemStatus = kind === 'long_term' ? 'long_term' : 'in_progress';
      const entry = await progressRepo.insert(q, {
        problemId: pid,
        measureId: null,
        authorId: a.by,
        at: reportedAt,
        figures: null,
        text: `已对照“${fnd.title}”逐项整改，形成整改台账和相关制度文件。`,
      });
      if (fnd.evidence !== false) {
        await progressRepo.insertEvidence(q, {
          progressId: entry,
          problemId: pid,
          digest: a.evidence.png,
          filename: '整改材料.png',
          mime: 'image/png',
          size: a.evidence.size,
          at: reportedAt,
        });
        await progressRepo.insertEvidence(q, {
          progressId: entry,
          problemId: pid,
          digest: a.evidence.png,
          filename: '现场照片.png',
          mime: 'image/png',
          size: a.evidence.size,
          at: reportedAt,
        });
      }
      await problemRepo.setStatus(q, pid, 'pending', first, reportedAt);
      await problemRepo.insertTransition(q, {
        problemId: pid,
        action: 'start',
        from: 'pending',
        to: first,
        actorId: a.by,
        reason: '报送首条整改进展',
        at: reportedAt,
      });
      if (fnd.status === 'closed' && closedAt) {
        for (const m of await problemRepo.measures(q, pid)) await problemRepo.updateMeasure(q, m.id, { status: 'done' });
        const asked = new Date(closedAt.getTime() - DAY);
        await problemRepo.setStatus(q, pid, first, 'closure_requested', asked);
        await problemRepo.insertTransition(q, {
          problemId: pid,
          action: 'closure_request',
          from: first,
          to: 'closure_requested',
          actorId: a.by,
          reason: '整改措施已全部落实，申请销号',
          at: asked,
        });
        await problemRepo.setStatus(q, pid, 'closure_requested', 'closed', closedAt);
        await problemRepo.insertTransition(q, {
          problemId: pid,
          action: 'closure_approve',
          from: 'closure_requested',
          to: 'closed',
          actorId: a.by,
          reason: '同意销号',
          at: closedAt,
        });
      }
    }
  }
  return { inspectionId, problems: count };
}

/**
 * Adds the office's part to a demo being loaded (inside its transaction): the rounds,
 * the recurrence flags of every round of the office, eight weeks of snapshots.
 */
export async function loadDemoOffice(
  q: Queryable,
  a: {
    officeId: number;
    now: Date;
    evidence: { png: string; size: number };
    waterUnitId: number;
    waterDepts: number[];
    waterAdmin: number;
  },
): Promise<{ problems: number }> {
  const today = beijingDate(a.now);
  let problems = 0;
  // the 2024 round of 江城市水务局: closed by its 整改办, who had also asked (a legacy single-person closure: a risk sign)
  problems += (
    await writeRound(q, {
      unitId: a.waterUnitId,
      depts: a.waterDepts,
      round: WATER_2024,
      now: a.now,
      today,
      by: a.waterAdmin,
      evidence: a.evidence,
    })
  ).problems;
  for (const u of MORE_UNITS) {
    const unitId = await orgRepo.insert(q, { parentId: a.officeId, kind: 'unit', name: u.name });
    const depts: number[] = [];
    for (const d of u.departments) depts.push(await orgRepo.insert(q, { parentId: unitId, kind: 'department', name: d, unitId }));
    problems += (await writeRound(q, { unitId, depts, round: u.round, now: a.now, today, by: null, evidence: a.evidence })).problems;
  }
  // 屡查屡犯: every round of the office against those fed back before it
  const rounds = await q.query<{ id: number }>(
    `SELECT i.id FROM inspections i JOIN organizations u ON u.id = i.unit_id WHERE u.parent_id = $1 ORDER BY i.feedback_date, i.id`,
    [a.officeId],
  );
  for (const r of rounds.rows) await flagRecurrences(q, { inspectionId: r.id, now: a.now });
  // the trend: the last eight weeks as of each week's end, from the closure dates
  for (let w = 7; w >= 0; w--) {
    const day = addDays(today, -7 * w);
    await officeRepo.takeSnapshot(q, { week: mondayOf(day), today: day, at: w === 0 ? a.now : new Date(`${day}T15:59:59Z`) });
  }
  return { problems };
}
