/**
 * A synthetic notice tree of a given size, as the import page would commit it
 * (方面 → 类别 → 具体问题 with a measure each, some with reported progress, lead
 * and cooperating departments, deadlines). Seeded: the same tree on every run.
 * Used by bench/import.ts, bench/scale.ts (`commitImport`) and the 3,000-node case of
 * test/api/imports.test.ts.
 */
import { createHash } from 'node:crypto';
import { FIELDS, prng } from './lib.js';

export interface GeneratedNode {
  id: string;
  parentId: string | null;
  kind: 'group' | 'theme' | 'problem' | 'measure';
  label: string;
  title: string;
  text: string;
  progress?: string;
  deadline?: string;
  rectifyKind?: '立行立改' | '限期整改' | '长期坚持';
  leader?: string;
  leadDepartment?: string;
  cooperatingDepartments?: string[];
}

const NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const KINDS = ['立行立改', '限期整改', '长期坚持'] as const;

export interface GeneratedTree {
  nodes: GeneratedNode[];
  /** Problems the plan makes of it (groups, themes and problems; measures hang on problems). */
  problems: number;
  measures: number;
  /** Problems that carry reported progress (a progress entry and a transition each). */
  withProgress: number;
  leaves: number;
}

/**
 * About `size` nodes (exactly, when size ≥ 12): ten groups of up to ten themes,
 * problems under themes, one measure node under each problem.
 */
export function generateTree(size: number, departments: string[], seed = 12): GeneratedTree {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const nodes: GeneratedNode[] = [];
  const groups = Math.min(10, Math.max(1, Math.floor(size / 300)));
  const themesPer = Math.min(10, Math.max(1, Math.floor(size / groups / 30)));
  const themes: string[] = [];
  for (let g = 0; g < groups; g++) {
    const gid = `g${g}`;
    nodes.push({ id: gid, parentId: null, kind: 'group', label: `${NUM[g]}、`, title: `在${FIELDS[g % FIELDS.length]}方面`, text: '' });
    for (let t = 0; t < themesPer; t++) {
      const tid = `${gid}t${t}`;
      themes.push(tid);
      const title = `${pick(FIELDS)}工作落实不到位（${themes.length}）`;
      nodes.push({ id: tid, parentId: gid, kind: 'theme', label: `（${NUM[t]}）`, title, text: '' });
    }
  }
  // the rest: problem + measure pairs spread over the themes
  let withProgress = 0;
  let p = 0;
  const counters = new Map<string, number>();
  while (nodes.length + 2 <= size) {
    const parent = themes[p % themes.length];
    const n = (counters.get(parent) ?? 0) + 1;
    counters.set(parent, n);
    const field = pick(FIELDS);
    const lead = pick(departments);
    const progress = p % 3 === 0 ? `已完成${field}专项自查，整改台账已建立，相关责任人已约谈提醒。` : undefined;
    if (progress) withProgress++;
    nodes.push({
      id: `p${p}`,
      parentId: parent,
      kind: 'problem',
      label: `${n}.`,
      title: `${field}中存在程序不规范问题${p}`,
      text: `经查，${field}环节第${p}项存在审批不严、资料不全等情况，涉及金额${(rnd() * 900 + 100).toFixed(0)}万元，未按规定履行集体决策程序。`,
      progress,
      deadline: `2027-${String(1 + (p % 12)).padStart(2, '0')}`,
      rectifyKind: KINDS[p % 3],
      leader: `张${NUM[p % 10]}`,
      leadDepartment: lead,
      cooperatingDepartments: p % 4 === 0 ? departments.filter((d) => d !== lead).slice(0, 2) : undefined,
    });
    nodes.push({ id: `m${p}`, parentId: `p${p}`, kind: 'measure', label: '', title: `建立${field}台账，逐项核查整改第${p}项`, text: '' });
    p++;
  }
  if (nodes.length < size) {
    // one node short of a pair: a last theme without problems under it
    nodes.push({ id: 'extra', parentId: 'g0', kind: 'theme', label: `（${NUM[9]}）`, title: '其他问题', text: '' });
  }
  const problems = nodes.filter((x) => x.kind !== 'measure').length;
  const parents = new Set(nodes.filter((x) => x.kind !== 'measure').map((x) => x.parentId));
  const leaves = nodes.filter((x) => x.kind !== 'measure' && !parents.has(x.id)).length;
  return { nodes, problems, measures: p, withProgress, leaves };
}

let commits = 0;

/**
 * Commits a generated notice of `size` nodes through HTTP as the signed-in unit
 * admin (`cookie` "zg_session=…", its CSRF token): into the first unit of the
 * session, with its departments as lead and cooperating departments. Each call is
 * a new document (its own digest). Answers the commit's result; throws on a non-200.
 * bench/scale.ts runs it under the probe.
 */
export async function commitImport(
  base: string,
  cookie: string,
  csrf: string,
  size = 3000,
): Promise<{ inspectionId: number; problems: number; measures: number }> {
  const A = `${base}/api/v1`;
  const get = async <T>(path: string): Promise<T> => {
    const r = await fetch(A + path, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const me = await get<{ user: { units: { id: number }[] } }>('/auth/me');
  const unitId = me.user.units[0]?.id;
  if (!unitId) throw new Error('the session reads no unit to import into');
  const depts = await get<{ id: number; name: string }[]>(`/units/${unitId}/departments`);
  const tree = generateTree(size, depts.length ? depts.map((d) => d.name) : ['办公室']);
  const n = ++commits;
  const digest = createHash('sm3').update(`bench-commit-${process.pid}-${Date.now()}-${n}`).digest('hex');
  const r = await fetch(`${A}/imports/commit`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify({
      unitId,
      digest,
      source: 'text',
      confirmDuplicate: true,
      inspection: { kind: '巡察', title: `基准导入${n}（${size} 个节点）`, body: '市委第一巡察组' },
      nodes: tree.nodes,
    }),
  });
  const body = (await r.json()) as { inspectionId: number; problems: number; measures: number };
  if (r.status !== 200) throw new Error(`commit: ${r.status} ${JSON.stringify(body)}`);
  return body;
}
