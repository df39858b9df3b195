/**
 * The vocabularies of the city-scale demo (city.ts) and the functions that
 * compose its Chinese text from them with a seeded generator: unit and
 * department names, the aspects and themes of a notice, problem statements,
 * measures and progress reports of 20–300 characters. Written for this project;
 * the same seed gives the same city on every run.
 */

/** A seeded generator (mulberry32): small, fast and the same on every platform. */
export type Rng = () => number;

export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi]. */
export function int(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

export function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** k distinct items of xs (k ≤ xs.length), in a random order. */
export function sample<T>(r: Rng, xs: readonly T[], k: number): T[] {
  const a = [...xs];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(r() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

export const CITY_OFFICE_NAME = '中共江城市委巡察工作领导小组办公室';

const AREAS = ['江城市', '东湖区', '西山区', '南岸区', '北港区', '临江县', '青石县', '云岭县'];
const BUREAUS = [
  '发展和改革委员会',
  '教育局',
  '科学技术局',
  '工业和信息化局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源和规划局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '水务局',
  '农业农村局',
  '商务局',
  '文化和旅游局',
  '卫生健康委员会',
  '退役军人事务局',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '城市管理局',
  '林业局',
  '体育局',
  '信访局',
  '国有资产监督管理委员会',
  '行政审批局',
  '数据资源局',
];

/** The name of the i-th unit (0-based): a bureau of the city or of one of its districts and counties. */
export function unitName(i: number): string {
  const area = AREAS[Math.floor(i / BUREAUS.length) % AREAS.length];
  const bureau = BUREAUS[i % BUREAUS.length];
  const round = Math.floor(i / (BUREAUS.length * AREAS.length));
  return round === 0 ? `${area}${bureau}` : `${area}${bureau}（${round + 1}）`;
}

/** A short name for document numbers (江水, 东教…): the area's first character and the bureau's. */
export function unitShort(i: number): string {
  const area = AREAS[Math.floor(i / BUREAUS.length) % AREAS.length];
  const bureau = BUREAUS[i % BUREAUS.length];
  return `${area[0]}${bureau[0]}`;
}

export const DEPARTMENTS = [
  '办公室',
  '组织人事科',
  '计划财务科',
  '政策法规科',
  '综合业务科',
  '行政审批科',
  '监督检查科',
  '机关党委',
  '安全监管科',
  '信息中心',
  '项目管理科',
  '资产管理科',
  '宣传教育科',
  '信访科',
  '后勤服务中心',
  '执法大队',
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲建国红晨宇浩凯健波斌文丹峰志新海燕亮婷雪琳晓东春雷欣然思远嘉怡子轩梓涵';

/** A person's name: a surname and one or two given characters. */
export function personName(r: Rng): string {
  const n = r() < 0.6 ? 2 : 1;
  let s = pick(r, [...SURNAMES]);
  for (let i = 0; i < n; i++) s += pick(r, [...GIVEN]);
  return s;
}

export const INSPECTING_BODIES = [
  '市委第一巡察组',
  '市委第二巡察组',
  '市委第三巡察组',
  '市委第四巡察组',
  '市委第五巡察组',
  '市委第六巡察组',
];

const NUMERALS = '一二三四五六七八九十';
/** （一）… （十）, then （十一）…: the labels of aspects. */
export function aspectLabel(i: number): string {
  const n = i + 1;
  if (n <= 10) return `（${NUMERALS[n - 1]}）`;
  return `（十${NUMERALS[(n % 10) - 1] ?? ''}）`;
}

/** Aspects (level 1) as a feedback notice groups them, each with its themes (level 2). */
export const ASPECTS: { title: string; themes: string[] }[] = [
  {
    title: '学习贯彻党的创新理论和上级决策部署方面',
    themes: [
      '理论学习不够深入系统，学用结合不紧',
      '贯彻落实上级重大决策部署不够有力',
      '履行职能职责存在薄弱环节',
      '服务发展大局主动性不强',
      '推动重点任务落地见效不够',
    ],
  },
  {
    title: '落实全面从严治党责任方面',
    themes: [
      '主体责任压得不实，传导压力层层递减',
      '监督责任履行不到位，日常监督偏软偏弱',
      '落实中央八项规定精神不够严格',
      '廉政风险防控机制不健全',
      '形式主义、官僚主义问题仍有发生',
    ],
  },
  {
    title: '重点领域权力运行方面',
    themes: [
      '资金管理使用不够规范',
      '工程项目管理存在漏洞',
      '政府采购和合同管理不严格',
      '国有资产管理较为薄弱',
      '行政审批和执法行为不够规范',
    ],
  },
  {
    title: '领导班子和干部队伍建设方面',
    themes: ['民主集中制执行不够严格', '选人用人工作不够规范', '干部教育管理监督偏松', '干部队伍结构不够合理'],
  },
  {
    title: '基层党组织建设方面',
    themes: ['党建工作与业务工作融合不深', '组织生活制度落实不到位', '党员教育管理不够严格', '党费收缴管理不规范'],
  },
  {
    title: '巡视巡察和审计等监督发现问题整改方面',
    themes: ['上轮巡察整改不彻底', '审计发现问题整改不到位', '整改长效机制建设滞后'],
  },
  {
    title: '意识形态工作责任制落实方面',
    themes: ['意识形态工作研判不够经常', '阵地管理存在薄弱环节', '网络舆情应对处置不够及时'],
  },
  {
    title: '服务群众和优化营商环境方面',
    themes: ['为民办实事落实不够到位', '群众反映强烈的问题解决不及时', '涉企服务存在推诿拖延现象'],
  },
];

const FIELDS = [
  '项目审批',
  '专项资金拨付',
  '合同管理',
  '干部考核',
  '信访办理',
  '执法检查',
  '档案管理',
  '公务接待',
  '政府采购',
  '安全生产',
  '数据报送',
  '资产清查',
  '工程招投标',
  '财政补贴发放',
  '公务用车管理',
  '办公用房使用',
  '编外人员管理',
  '差旅费报销',
  '会议费管理',
  '培训费使用',
  '行政许可',
  '执法案卷',
  '应急物资储备',
  '惠民政策落实',
  '民生项目推进',
  '对外投资',
  '下属单位监管',
  '网络信息安全',
  '保密管理',
  '统计数据质量',
];
const DEFECTS = [
  '制度执行不严格',
  '审核把关不严',
  '程序不规范',
  '台账记录不完整',
  '监督检查流于形式',
  '责任落实不到位',
  '存在超标准超范围问题',
  '资料归档不及时',
  '跟踪问效不够',
  '未按规定集体研究',
  '存在廉洁风险隐患',
  '推进进度明显滞后',
  '整改落实不彻底',
  '底数不清、情况不明',
  '信息公开不及时',
];
const SUBJECTS = ['局机关', '部分科室', '个别下属单位', '相关业务科室', '局属事业单位', '有的基层站所', '少数干部', '部分工作人员'];
const BEHAVIOURS = [
  '对相关规定理解不透、执行走样',
  '在办理过程中未严格履行审批程序',
  '存在先实施后补手续的情况',
  '未建立常态化的检查机制',
  '对发现的问题督促整改不力',
  '相关记录存在缺项漏项',
  '存在边整边犯的现象',
  '对下属单位监管缺位',
  '未按规定进行公示',
  '执行标准前后不一',
];

/** A problem's title: a field of the unit's work and what is wrong with it. */
export function problemTitle(r: Rng): string {
  const f = pick(r, FIELDS);
  const d = pick(r, DEFECTS);
  return r() < 0.5 ? `${f}${d}` : `${f}工作中${d}`;
}

/** A year-month a statement may refer to, before the round's feedback year. */
function figure(r: Rng): string {
  switch (int(r, 0, 5)) {
    case 0:
      return `涉及资金${int(r, 3, 980)}.${int(r, 0, 9)}万元`;
    case 1:
      return `涉及项目${int(r, 2, 46)}个`;
    case 2:
      return `抽查的${int(r, 10, 120)}份档案中有${int(r, 2, 30)}份存在问题`;
    case 3:
      return `涉及人员${int(r, 2, 35)}人次`;
    case 4:
      return `累计${int(r, 3, 60)}笔业务未按规定办理`;
    default:
      return `问题发生率约${int(r, 5, 40)}%`;
  }
}

/** A problem's statement, as the notice writes it (40–200 characters). */
export function problemDescription(r: Rng, year: number): string {
  const n = int(r, 1, 3);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const y = year - int(r, 1, 3);
    parts.push(`${y}年以来，${pick(r, SUBJECTS)}在${pick(r, FIELDS)}中${pick(r, BEHAVIOURS)}，${figure(r)}。`);
  }
  return parts.join('');
}

const MEASURE_VERBS = [
  '全面梳理',
  '逐项核查',
  '建立健全',
  '修订完善',
  '集中整治',
  '开展专项检查',
  '严格执行',
  '组织培训',
  '压实',
  '定期通报',
];
const MEASURE_OBJECTS = [
  '相关制度规定',
  '业务办理流程',
  '问题台账和责任清单',
  '审批事项清单',
  '内部控制制度',
  '监督检查机制',
  '资金使用情况',
  '合同和档案资料',
  '岗位风险点',
  '工作责任',
];
const MEASURE_ENDS = [
  '，形成闭环管理',
  '，确保整改到位',
  '，做到立行立改',
  '，建立长效机制',
  '，明确时间节点和责任人',
  '，举一反三、堵塞漏洞',
  '',
];

/** One measure of a problem's plan. */
export function measureText(r: Rng): string {
  return `${pick(r, MEASURE_VERBS)}${pick(r, MEASURE_OBJECTS)}${pick(r, MEASURE_ENDS)}。`;
}

const WHEN = ['本周', '本月', '近期', '截至目前', '上旬', '月底前', '此前', '本阶段'];
const ACTORS = ['我科', '我处', '局整改办', '牵头科室', '配合科室', '分管领导', '局党组', '整改专班', '各责任科室'];
const ACTIONS = [
  '组织召开专题会议，研究部署',
  '对照问题清单逐项开展自查，重点排查',
  '会同计划财务科对',
  '起草并提请局党组会议审议了',
  '完成了对',
  '督促相关下属单位加快推进',
  '邀请第三方机构参与核查',
  '组织业务骨干集中学习',
  '对历年来的',
  '印发通知，进一步规范',
];
const OBJECTS = [
  '合同签订和履约情况',
  '专项资金的拨付和使用',
  '工程项目结算资料',
  '公务接待审批单',
  '行政许可案卷',
  '固定资产账实情况',
  '差旅费和会议费报销凭证',
  '执法检查记录',
  '信访件办理情况',
  '编外人员聘用手续',
  '采购项目档案',
  '整改台账',
];
const RESULTS = [
  '，发现问题线索并已移交相关科室处理',
  '，现已完成整改并建立台账',
  '，已形成书面报告报局整改办',
  '，下一步将持续跟踪问效',
  '，相关制度已印发执行',
  '，对责任人进行了提醒谈话',
  '，已追回资金并上缴财政',
  '，整改佐证材料已归档',
  '，仍有部分事项需跨部门协调',
  '，计划于下月完成全部销号',
];
const CLOSINGS = [
  '下一步，将结合日常监督检查，防止问题反弹。',
  '同时举一反三，对同类问题开展排查。',
  '整改情况已在局内进行通报。',
  '因涉及多个部门，协调工作仍在推进中。',
  '已建立定期报告制度，每月报送整改进度。',
  '相关人员已签订承诺书。',
];

function figureSentence(r: Rng): string {
  switch (int(r, 0, 4)) {
    case 0:
      return `共排查${int(r, 5, 300)}项，整改完成率达${int(r, 40, 100)}%。`;
    case 1:
      return `涉及资金${int(r, 1, 500)}.${int(r, 0, 9)}万元，已规范${int(r, 1, 99)}笔。`;
    case 2:
      return `新建或修订制度${int(r, 1, 12)}项。`;
    case 3:
      return `开展培训${int(r, 1, 6)}场，参训${int(r, 20, 300)}人次。`;
    default:
      return `约谈相关负责人${int(r, 1, 15)}人次。`;
  }
}

function monthDay(r: Rng, at: Date): string {
  // the report's own day, in Beijing time, as people write it (11月3日)
  const d = new Date(at.getTime() + 8 * 3_600_000);
  return r() < 0.5 ? `${d.getUTCMonth() + 1}月${d.getUTCDate()}日，` : `${pick(r, WHEN)}，`;
}

/** One progress report of 20–300 characters: sentences of actions, objects, figures and dates. */
export function progressText(r: Rng, at: Date, dept: string): string {
  const u = r();
  const target = u < 0.35 ? int(r, 20, 70) : u < 0.8 ? int(r, 70, 170) : int(r, 170, 300);
  let s = monthDay(r, at);
  const actor = r() < 0.3 ? dept : pick(r, ACTORS);
  s += `${actor}${pick(r, ACTIONS)}${pick(r, OBJECTS)}${pick(r, RESULTS)}。`;
  while ([...s].length < target) {
    const k = r();
    const next =
      k < 0.35
        ? figureSentence(r)
        : k < 0.7
          ? `${pick(r, ACTORS)}${pick(r, ACTIONS)}${pick(r, OBJECTS)}${pick(r, RESULTS)}。`
          : pick(r, CLOSINGS);
    if ([...s].length + [...next].length > 300) break;
    s += next;
  }
  return s;
}

export const CLOSURE_REASONS = ['整改措施已全部落实，申请销号', '问题已整改到位，佐证材料齐全，申请销号', '相关制度已印发并执行，申请销号'];
export const APPROVE_REASONS = ['佐证材料齐全，同意销号', '经核实整改到位，同意销号', '同意销号，请持续巩固整改成果'];
export const RETURN_REASONS = ['佐证材料不够充分，请补充后重新申请', '整改措施未全部落实，退回继续整改'];
export const EXTENSION_REASONS = ['涉及跨部门协调，需延长整改期限', '项目审批流程较长，申请延期', '需待上级政策出台后方能完成'];

export const ORDER_DEMANDS = [
  '该问题整改已超期，请于规定时间内报送整改进展及佐证材料，说明超期原因。',
  '请对照整改方案倒排工期，明确责任人和完成时限，按期书面回复。',
  '该问题群众反映强烈，请主要负责同志亲自研究，限期整改到位。',
];

/** The registers' vocabulary (问责、建章立制、问题线索、工作记录). */
export const ACC_FORMS = ['批评教育', '提醒谈话', '责令检查', '诫勉', '通报批评', '党内警告', '政务警告', '记过'] as const;
export const ACC_POSITIONS = ['科员', '副科长', '科长', '副主任', '站长', '副处长', '主任科员'];
export const RULE_TITLES = [
  '资金管理办法',
  '合同管理规定',
  '公务接待管理办法',
  '政府采购内部控制规程',
  '固定资产管理办法',
  '差旅费管理规定',
  '行政执法全过程记录办法',
  '议事决策规则',
  '信访事项办理规程',
  '工程项目管理办法',
];
export const CLUE_SUMMARIES = [
  '反映某科室负责人在项目验收中收受好处',
  '反映有关人员违规报销费用',
  '反映下属单位负责人优亲厚友',
  '反映某干部选拔任用程序不规范',
  '反映有关人员违规插手工程项目',
];
