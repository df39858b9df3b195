/**
 * The demo's registers (issue 8) for the first unit's round: accountability entries of every track, rules made
 * and revised, clues in each state, and the work's record from the leading group to a supervision, with a minutes
 * file. Names are placeholders (张某), as the public notices write them. Written with the registers' repository,
 * like the rest of the demo.
 */
import type { Queryable } from '../db/index.js';
import { putBlob } from '../modules/progress/store.js';
import type { StorageTarget } from '../storage/index.js';
import { registerRepo } from '../modules/registers/repository.js';
import type { AccountabilityUpdateBody, ClueUpdateBody, RuleUpdateBody, WorkEventUpdateBody } from '../../domain/schemas/registers.js';

type Acc = Omit<AccountabilityUpdateBody, 'problemIds'> & { problems: number[] };
const person = (
  personName: string,
  position: string,
  form: Acc['form'],
  decisionDate: string,
  decidingBody: string,
  reason: string,
  problems: number[] = [],
): Acc => ({
  countAs: 'person',
  personName,
  position,
  rank: '',
  form,
  transferredToJudicial: false,
  decisionDate,
  decidingBody,
  reason,
  problems,
});

const ACCOUNTABILITY: Acc[] = [
  person('陈某', '工程建设处科员', '批评教育', '2026-07-10', '局党组', '防汛物资台账登记不及时', [0]),
  person('杨某', '办公室副主任', '提醒谈话', '2026-07-15', '驻局纪检监察组', '督办事项跟踪不力', [1]),
  {
    ...person('', '', '责令检查', '2026-07-20', '局党组', '工程建设处党支部落实河湖长制巡查要求不力', [2]),
    countAs: 'matter',
    personName: null,
  },
  person('刘某', '水资源管理处副处长', '诫勉', '2026-08-05', '局党组', '取水许可审批把关不严', [3]),
  person('郑某', '水资源管理处科员', '提醒谈话', '2026-08-05', '驻局纪检监察组', '取水许可材料审核疏漏', [3]),
  person('周某', '财务科科长', '党内警告', '2026-08-28', '驻局纪检监察组', '违规报销差旅费用', [4]),
  person('吴某', '排水管理站站长', '记过', '2026-09-10', '局党组', '排涝设施维护失职', [0]),
];

type Rule = Omit<RuleUpdateBody, 'problemIds'> & { problems: number[]; file?: string };
const RULES: Rule[] = [
  {
    title: '《江城市水务局防汛排涝责任制实施办法》',
    action: 'made',
    docNumber: '江水党〔2026〕21号',
    issuedDate: '2026-07-02',
    issuingBody: '局党组',
    note: '明确防汛排涝各环节责任人',
    problems: [0],
    file: '防汛排涝责任制实施办法.txt',
  },
  {
    title: '《江城市水务局河湖长制巡查工作规程》',
    action: 'made',
    docNumber: '江水〔2026〕35号',
    issuedDate: '2026-07-25',
    issuingBody: '局办公室',
    note: '',
    problems: [2],
  },
  {
    title: '《江城市水务局取水许可审批管理办法》',
    action: 'revised',
    docNumber: '江水〔2026〕41号',
    issuedDate: '2026-08-18',
    issuingBody: '局党组',
    note: '增加集体审议环节',
    problems: [3],
  },
  {
    title: '《江城市水务局机关差旅费管理规定》',
    action: 'revised',
    docNumber: '江水〔2026〕47号',
    issuedDate: '2026-09-05',
    issuingBody: '局办公室',
    note: '',
    problems: [4],
  },
  {
    title: '《江城市水务局智慧水务项目管理办法》',
    action: 'made',
    docNumber: '江水〔2026〕52号',
    issuedDate: '2026-09-22',
    issuingBody: '局党组',
    note: '',
    problems: [],
  },
];

const CLUES: ClueUpdateBody[] = [
  {
    clueNumber: '市委三巡〔2026〕移1号',
    receivedDate: '2026-06-12',
    summary: '反映某排水管理站负责人在设施维护项目中优亲厚友',
    handedTo: 'discipline',
    handedToName: '驻局纪检监察组',
    disposal: 'inquiry',
    status: 'concluded',
    result: '经谈话函询，本人作出说明，予以了结并提醒谈话',
    concludedDate: '2026-08-30',
  },
  {
    clueNumber: '市委三巡〔2026〕移2号',
    receivedDate: '2026-06-12',
    summary: '反映财务科有关人员违规报销差旅费用',
    handedTo: 'discipline',
    handedToName: '驻局纪检监察组',
    disposal: 'preliminary',
    status: 'in_progress',
    result: '',
    concludedDate: null,
  },
  {
    clueNumber: '市委三巡〔2026〕移3号',
    receivedDate: '2026-06-12',
    summary: '反映某处室干部选拔任用程序不规范',
    handedTo: 'organisation',
    handedToName: '',
    disposal: null,
    status: 'received',
    result: '',
    concludedDate: null,
  },
];

type Event = WorkEventUpdateBody & { file?: string };
const EVENTS: Event[] = [
  {
    kind: 'leading_group',
    meetingKind: null,
    date: '2026-06-15',
    title: '成立局巡察整改工作领导小组',
    chair: '局党组书记、局长',
    members: ['局党组成员、副局长', '驻局纪检监察组组长', '办公室主任', '财务科科长'],
    detail: '领导小组下设办公室，负责整改工作的统筹协调和督办。',
  },
  {
    kind: 'meeting',
    meetingKind: 'party_group',
    date: '2026-06-18',
    title: '召开局党组会专题研究巡察反馈意见整改工作',
    chair: '局党组书记、局长',
    members: [],
    detail: '逐条研究反馈问题，明确责任领导、责任部门和整改时限。',
    file: '党组会议纪要.txt',
  },
  {
    kind: 'plan',
    meetingKind: null,
    date: '2026-07-08',
    title: '审议通过巡察整改工作方案',
    chair: null,
    members: [],
    detail: '方案列出问题清单、任务清单、责任清单，建立整改台账。',
  },
  {
    kind: 'meeting',
    meetingKind: 'scheduling',
    date: '2026-08-20',
    title: '召开巡察整改工作调度会',
    chair: '局党组成员、副局长',
    members: [],
    detail: '听取各责任部门整改进展汇报，对进度滞后事项挂牌督办。',
  },
  {
    kind: 'meeting',
    meetingKind: 'democratic_life',
    date: '2026-09-15',
    title: '召开巡察整改专题民主生活会',
    chair: '局党组书记、局长',
    members: [],
    detail: '班子成员逐一对照检查，开展批评和自我批评。',
  },
  {
    kind: 'supervision',
    meetingKind: null,
    date: '2026-10-10',
    title: '对各责任部门整改落实情况开展督导检查',
    chair: null,
    members: [],
    detail: '抽查整改佐证材料，对发现的问题督促限期补正。',
  },
];

function textFile(title: string, body: string): Buffer {
  return Buffer.from(`${title}\n\n${body}\n`, 'utf8');
}

export async function loadDemoRegisters(
  q: Queryable,
  a: { inspectionId: number; unitId: number; by: number; now: Date; dataDir: StorageTarget },
): Promise<void> {
  const leaves = await registerRepo.leafProblems(q, a.inspectionId, 8);
  const link = (ix: number[]) => ix.map((i) => leaves[i]).filter((id): id is number => id != null);
  const base = { inspectionId: a.inspectionId, unitId: a.unitId, by: a.by, at: a.now };
  for (const e of ACCOUNTABILITY) {
    const { problems, ...fields } = e;
    await registerRepo.accountabilityInsert(q, { ...fields, ...base, problemIds: link(problems) });
  }
  const attach = async (owner: { ruleId?: number; eventId?: number }, name: string, title: string, body: string) => {
    const bytes = textFile(title, body);
    const digest = await putBlob(a.dataDir, bytes);
    await registerRepo.fileInsert(q, {
      unitId: a.unitId,
      ruleId: owner.ruleId ?? null,
      eventId: owner.eventId ?? null,
      digest,
      filename: name,
      mime: 'text/plain; charset=utf-8',
      size: bytes.length,
      by: a.by,
      at: a.now,
    });
  };
  for (const r of RULES) {
    const { problems, file, ...fields } = r;
    const id = await registerRepo.ruleInsert(q, { ...fields, ...base, problemIds: link(problems) });
    if (file) await attach({ ruleId: id }, file, r.title, '第一条 为压实防汛排涝责任，制定本办法。');
  }
  for (const c of CLUES) await registerRepo.clueInsert(q, { ...c, ...base });
  for (const e of EVENTS) {
    const { file, ...fields } = e;
    const id = await registerRepo.eventInsert(q, { ...fields, ...base });
    if (file) await attach({ eventId: id }, file, e.title, e.detail);
  }
}
