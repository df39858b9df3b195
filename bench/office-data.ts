/**
 * Synthetic findings for the office benchmarks (bench/similarity.ts, bench/office.ts):
 * texts composed from fields, objects, faults and details written for this
 * project, so that findings of one field share words the way a real office's
 * ledgers do (资金, 管理, 审批 …) while an object and a fault together are rare.
 * Deterministic: the same seed gives the same corpus.
 */

const FIELDS: Record<string, string[]> = {
  财务: ['公务接待', '专项资金', '津贴补贴', '往来款项', '预算执行', '会议费', '差旅费', '培训费', '财政借款', '票据管理'],
  采购: ['政府采购', '合同签订', '供应商评价', '询价比价', '采购验收', '框架协议', '服务外包', '设备采购'],
  工程: ['工程结算', '项目立项', '工程变更', '隐蔽工程', '招标代理', '监理旁站', '竣工验收', '质量保证金', '施工许可'],
  党建: ['三会一课', '党费收缴', '发展党员', '组织生活会', '支部换届', '党员教育', '主题党日', '谈心谈话'],
  作风: ['公车使用', '办公用房', '文件会议', '调查研究', '节日礼金', '督查检查', '评比表彰', '公务出差'],
  人事: ['干部选任', '编外人员', '个人事项报告', '干部档案', '人才引进', '职称评审', '绩效考核', '兼职取酬'],
  资产: ['固定资产', '房产出租', '资产处置', '租金收缴', '车辆报废', '闲置房屋', '国有股权', '无形资产'],
  安全: ['泵站检查', '安全生产', '防汛物资', '消防设施', '应急预案', '危化品仓库', '特种设备', '隐患排查'],
  生态: ['入河排污口', '河湖巡查', '清四乱', '扬尘治理', '垃圾分类', '黑臭水体', '污泥处置', '饮用水源地'],
  信息化: ['数据平台', '等保测评', '监测设备', '政务网站', '视频监控', '系统运维', '数据共享', '密码应用'],
  民生: ['农村供水', '水质公示', '信访办理', '惠民资金', '低保审核', '养老补贴', '就业帮扶', '助学资金'],
  执法: ['行政处罚', '排水许可', '行政审批', '执法记录', '罚没收入', '执法证件', '案件移送', '信用惩戒'],
};

const FAULTS = [
  '审批手续不全',
  '拨付滞后',
  '管理混乱',
  '登记不全',
  '未按规定公示',
  '台账缺失',
  '监管缺位',
  '进度缓慢',
  '底数不清',
  '未经集体研究',
  '超标准列支',
  '长期挂账',
  '未履行程序',
  '流于形式',
  '整改不彻底',
  '记录不实',
  '责任不明确',
  '考核不严',
  '制度执行不严',
  '资料归档不全',
  '未按期完成',
  '把关不严',
  '程序倒置',
  '问题反弹',
  '重建轻管',
  '信息不公开',
  '标准不统一',
  '未建立长效机制',
  '未开展评估',
  '超范围使用',
];

// A description is two or three clauses: a named thing, what was done wrong, another named thing.
const VERBS = [
  '未落实',
  '擅自调整',
  '多次拖延',
  '违规使用',
  '长期占用',
  '未经审批变更',
  '重复申报',
  '未按期报送',
  '虚报',
  '未核实',
  '超额支付',
  '未及时移交',
  '未公开',
  '弄虚作假',
  '疏于管理',
  '未建立',
  '未组织验收',
  '以会代训',
  '层层转发',
  '简单照搬',
];
const ENDINGS = ['', '的情况', '涉及{n}万元', '共{n}处', '达{n}次', '已{n}个月', '占比{n}%', '未整改到位', '群众意见较大', '造成损失'];

const PLACES = ['下属单位', '城区', '县区', '街道', '乡镇', '站所', '机关处室', '直属企业', '二级单位', '项目部'];

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticFinding {
  field: string;
  title: string;
  description: string;
}

const OBJECTS = Object.entries(FIELDS).flatMap(([field, objs]) => objs.map((o) => ({ field, o })));

// The characters specific names are made of: the vocabulary above plus common characters of place and project names.
const NAME_CHARS = [
  ...new Set(
    [...Object.values(FIELDS).flat(), ...FAULTS, ...PLACES].join('') +
      '东西南北中新老青山水河湖江桥路港湾林园城镇村社区站厂库泵闸堤坝渠塘沟岸洲岭峰坡岗台楼馆院所场馆线段片区组团' +
      '光明和平民主团结胜利幸福长安兴华振兴红星金星银河龙凤云霞春秋夏冬梅兰竹菊松柏杨柳桃李',
  ),
];

/**
 * Names of specific things (a pump station, a project, a programme): pseudo-words drawn from
 * NAME_CHARS, so that two findings about the same named thing share rare bigrams, as in a real
 * office where most findings are about things no other finding names.
 */
function names(count: number, r: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let w = '';
    for (let k = 0; k < 3; k++) w += NAME_CHARS[Math.floor(r() * NAME_CHARS.length)];
    out.push(w);
  }
  return out;
}

/** `n` findings: an object and a fault make the title; a detail, with figures and places, the description. */
export function syntheticFindings(n: number, seed = 1): SyntheticFinding[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const named = names(Math.max(100, Math.floor(n / 5)), prng(seed ^ 0x4e414d45));
  const out: SyntheticFinding[] = [];
  for (let i = 0; i < n; i++) {
    const { field, o } = pick(OBJECTS);
    const thing = pick(named);
    const fault = pick(FAULTS);
    const clause = () =>
      `${pick(PLACES)}${pick(named)}${pick(VERBS)}${pick(named)}${pick(ENDINGS).replace('{n}', String(1 + Math.floor(r() * 90)))}`;
    const description = `${thing}${Array.from({ length: 2 + Math.floor(r() * 2) }, clause).join('，')}。`;
    out.push({ field, title: `${thing}${o}${fault}`, description });
  }
  return out;
}
