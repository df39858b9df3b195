/**
 * Structure by evidence. A notice can support more than one reading of its numbered items:
 * the body's "（一）…（五）" summary paragraphs under a section that names 问题, or the "项目1.1"
 * items of its attachments; a section of the body, or every numbered run of the whole text.
 * Each candidate is built as a tree and scored on what the text itself says:
 *
 *  - agreement with the totals the notice states ("5个方面61个具体问题", "（共20个问题）",
 *    "24项整改任务", "制定34项整改措施") — the strongest evidence, as the drafter counted;
 *  - problem markers on the items (整改时限, 整改进展, 整改措施, 完成情况, a status, measures under
 *    them, phrasing that names a fault);
 *  - regular numbering (no gaps or repeats among the problems);
 *  - something found at all.
 *
 * The best is chosen; the runner-up is kept with the reason it lost, and when the two are close
 * the preview asks the person instead of guessing.
 */
import { countKinds } from '../counts.js';
import type { NoticeNode, StatedTotals, StructureCandidate, StructureChoice } from '../types.js';
import { clipTitle } from './text.js';
import { PROBLEM_PHRASE } from './sections.js';

export interface Built {
  id: string;
  /** Where the candidate's problems come from, for people. */
  where: string;
  nodes: NoticeNode[];
}

/** Scores closer than this (or within 10% of the best) are left to the person. */
export const CLOSE_MARGIN = 8;

interface Item {
  weight: number;
  text: string;
  kind: 'totals' | 'markers' | 'numbering' | 'found';
}

export function chooseStructure(built: Built[], stated: StatedTotals): { nodes: NoticeNode[]; choice: StructureChoice } {
  const scored = built.map((b) => ({ b, items: evidence(b.nodes, stated) }));
  const total = (items: Item[]): number => items.reduce((s, x) => s + x.weight, 0);
  // Stable: on a tie the earlier candidate (the body's own sections) wins.
  const ranked = scored.map((s, k) => ({ ...s, k, score: total(s.items) })).sort((a, b) => b.score - a.score || a.k - b.k);
  const best = ranked[0];
  const second = ranked[1];
  const candidate = (x: typeof best): StructureCandidate => ({
    id: x.b.id,
    description: describe(x.b),
    score: x.score,
    counts: countKinds(x.b.nodes),
    evidence: x.items.map((i) => `${i.weight > 0 ? '+' : ''}${i.weight} ${i.text}`),
  });
  let runnerUp: StructureChoice['runnerUp'] = null;
  let close = false;
  if (second) {
    close = best.score - second.score < Math.max(CLOSE_MARGIN, Math.abs(best.score) * 0.1);
    runnerUp = { ...candidate(second), lostBecause: lostBecause(best.items, second.items) };
    if (close) runnerUp.nodes = second.b.nodes;
  }
  return { nodes: best.b.nodes, choice: { chosen: candidate(best), runnerUp, close } };
}

function describe(b: Built): string {
  const problems = b.nodes.filter((n) => n.kind === 'problem');
  if (problems.length === 0) return `${b.where}：未找到问题条目`;
  const first = problems[0].label;
  const last = problems[problems.length - 1].label;
  return `${b.where}：${problems.length}个问题（${first === last ? first : `${first}至${last}`}）`;
}

/** The largest differences in favour of the winner, in words. */
function lostBecause(win: Item[], lose: Item[]): string {
  const sum = (items: Item[], kind: Item['kind']): number => items.filter((i) => i.kind === kind).reduce((s, i) => s + i.weight, 0);
  const kinds: Item['kind'][] = ['totals', 'markers', 'numbering', 'found'];
  const gaps = kinds
    .map((k) => ({ k, gap: sum(win, k) - sum(lose, k) }))
    .filter((g) => g.gap > 0)
    .sort((a, b) => b.gap - a.gap);
  if (gaps.length === 0) return '得分相同，按正文顺序优先';
  const words = gaps.slice(0, 2).map(({ k }) => {
    const own = lose.filter((i) => i.kind === k && i.weight < 0).map((i) => i.text);
    const theirs = win.filter((i) => i.kind === k && i.weight > 0).map((i) => i.text);
    return own[0] ?? (theirs[0] ? `对方${theirs[0]}` : k);
  });
  return words.join('；');
}

const MARKED = /整改时限|完成时限|整改进展|进展情况|整改措施|完成情况|整改情况|整改状态|责任单位|牵头单位/;

function evidence(nodes: NoticeNode[], stated: StatedTotals): Item[] {
  const out: Item[] = [];
  const counts = countKinds(nodes);
  const problems = nodes.filter((n) => n.kind === 'problem');
  if (problems.length === 0) {
    out.push({ weight: -50, text: '没有找到问题条目', kind: 'found' });
    return out;
  }
  out.push({ weight: 10, text: `找到${problems.length}个问题条目`, kind: 'found' });

  // Totals: a figure is held against the count of the thing it names.
  const stProblems = stated.problems ?? stated.subProblems;
  if (stProblems !== undefined) {
    if (stProblems === problems.length) out.push({ weight: 40, text: `问题数与通报所称“${stProblems}个问题”一致`, kind: 'totals' });
    else out.push({ weight: -20, text: `问题数${problems.length}个，与通报所称“${stProblems}个问题”不符`, kind: 'totals' });
  }
  const groups = nodes.filter((n) => n.kind === 'group');
  for (const g of stated.perGroup ?? []) {
    const node = groups.find((x) => x.label === g.label);
    if (!node) {
      out.push({ weight: -10, text: `没有“${g.label}”这一部分（其标题称共${g.problems}个问题）`, kind: 'totals' });
      continue;
    }
    const n = descendants(nodes, node.id).filter((x) => x.kind === 'problem').length;
    if (n === g.problems) out.push({ weight: 15, text: `“${g.label}”列出${n}个问题，与其标题所称一致`, kind: 'totals' });
    else out.push({ weight: -10, text: `“${g.label}”列出${n}个问题，其标题称共${g.problems}个`, kind: 'totals' });
  }
  if (stated.measures !== undefined && counts.measures > 0) {
    if (stated.measures === counts.measures) out.push({ weight: 20, text: `整改措施数与所称“${stated.measures}项”一致`, kind: 'totals' });
    else out.push({ weight: -5, text: `整改措施${counts.measures}条，与所称“${stated.measures}项”不符`, kind: 'totals' });
  }
  if (stated.tasks !== undefined && (stated.tasks === problems.length || stated.tasks === counts.measures)) {
    out.push({ weight: 10, text: `与所称“${stated.tasks}项整改任务”相符`, kind: 'totals' });
  }
  const realGroups = groups.filter((g) => g.family !== 'attachment');
  if (stated.aspects !== undefined && realGroups.length > 0) {
    if (stated.aspects === realGroups.length) out.push({ weight: 10, text: `分组数与所称“${stated.aspects}个方面”一致`, kind: 'totals' });
    else out.push({ weight: -5, text: `分组${realGroups.length}个，与所称“${stated.aspects}个方面”不符`, kind: 'totals' });
  }

  // Markers: what a problem item carries in notices of every shape.
  const withMeasures = new Set(nodes.filter((n) => n.kind === 'measure').map((n) => n.parentId));
  let marked = 0;
  let phrased = 0;
  for (const p of problems) {
    const fields = p.progress || p.status || p.deadline || p.rectifyKind || p.leadDepartment;
    if (fields || withMeasures.has(p.id) || MARKED.test(p.text)) marked++;
    if (PROBLEM_PHRASE.test(clipTitle(p.text || p.title))) phrased++;
  }
  const share = marked / problems.length;
  const phrase = phrased / problems.length;
  out.push({ weight: Math.round(20 * share), text: `${Math.round(share * 100)}%的条目带有整改时限、进展、状态或措施`, kind: 'markers' });
  if (share < 0.5) out.push({ weight: -10, text: '多数条目没有整改时限、进展或措施等问题标记', kind: 'markers' });
  out.push({ weight: Math.round(10 * phrase), text: `${Math.round(phrase * 100)}%的条目表述为问题`, kind: 'markers' });

  // Numbering: gaps and repeats among the problems of one parent.
  let irregular = 0;
  const byParent = new Map<string | null, NoticeNode[]>();
  for (const p of problems) byParent.set(p.parentId, [...(byParent.get(p.parentId) ?? []), p]);
  let prevLast: number | null = null;
  for (const list of byParent.values()) {
    const ords = list.map(ordinal);
    // A run may restart at 1 or continue from the previous parent's run.
    if (ords[0] !== 1 && prevLast !== null && ords[0] !== prevLast + 1) irregular++;
    // "项目2.1" after "项目1.4" restarts under a new prefix: a restart at 1 is regular.
    for (let k = 1; k < ords.length; k++) if (ords[k] !== ords[k - 1] + 1 && ords[k] !== 1) irregular++;
    prevLast = ords[ords.length - 1];
  }
  if (irregular > 0) out.push({ weight: -Math.min(20, 4 * irregular), text: `问题编号有${irregular}处不连续或重复`, kind: 'numbering' });
  else if (problems.length >= 2) out.push({ weight: 5, text: '问题编号连续', kind: 'numbering' });
  return out;
}

function ordinal(n: NoticeNode): number {
  const m = /(\d+)(?!.*\d)/.exec(n.label);
  if (m) return Number(m[1]);
  const cn = '一二三四五六七八九十';
  const c = /[一二三四五六七八九十]+/.exec(n.label)?.[0];
  if (!c) return NaN;
  if (c.length === 1) return cn.indexOf(c) + 1;
  if (c[0] === '十') return 10 + cn.indexOf(c[1]) + 1;
  return (cn.indexOf(c[0]) + 1) * 10 + (c[2] ? cn.indexOf(c[2]) + 1 : 0);
}

function descendants(nodes: NoticeNode[], id: string): NoticeNode[] {
  const out: NoticeNode[] = [];
  const ids = new Set([id]);
  for (const n of nodes) {
    if (n.parentId !== null && ids.has(n.parentId)) {
      ids.add(n.id);
      out.push(n);
    }
  }
  return out;
}
