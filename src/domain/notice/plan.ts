import { closeStatement, problemDescription, problemTitle } from './parse/statement.js';
import type { NoticeNode } from './types.js';

/**
 * Turns a notice tree (as parsed, or as corrected by hand in the import page)
 * into the ledger's problem tree: at most three levels of problems, each with
 * its measures. Pure: the server writes the plan in one transaction.
 *
 * The ledger keeps what the notice itself counts as items: groups → themes →
 * problems where the notice has them; where it has none (measures straight under
 * themes, as in notices that report only aspects and tasks), the deepest
 * headed level becomes the actionable item. Anything nested deeper than three
 * levels is folded into its level-3 ancestor's description, never dropped.
 */

/** A node to import: the parser's node, or the import page's edited copy of it. */
export type PlanInputNode = Pick<NoticeNode, 'id' | 'parentId' | 'kind' | 'label' | 'title'> &
  Partial<
    Pick<NoticeNode, 'text' | 'progress' | 'status' | 'deadline' | 'rectifyKind' | 'leader' | 'leadDepartment' | 'cooperatingDepartments'>
  >;

export interface PlannedProblem {
  key: string;
  parentKey: string | null;
  level: 1 | 2 | 3;
  label: string;
  title: string;
  description: string;
  progress: string | null;
  deadline: string | null;
  rectifyKind: 'immediate' | 'deadline' | 'long_term' | null;
  leader: string | null;
  leadDepartment: string | null;
  cooperatingDepartments: string[];
  measures: string[];
}

const KIND: Record<string, PlannedProblem['rectifyKind']> = { 立行立改: 'immediate', 限期整改: 'deadline', 长期坚持: 'long_term' };

/** "2024-06" → "2024-06-30": a month deadline means its last day. */
export function deadlineDate(d: string | undefined): string | null {
  if (!d) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
  const m = /^(\d{4})-(\d{2})$/.exec(d);
  if (!m) return null;
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}`;
}

/**
 * Title and description of a planned item. For a problem, the description is the notice's
 * statement of it and the title the problem it names: "针对“X”的问题，" is the lead-in of the
 * paragraph that reports the rectification, so the connective is dropped and X kept, and a
 * description never ends in the "，", "：" or "、" of a cut-off lead-in. A problem the notice
 * states only in its heading is described by that heading's statement, so no imported problem
 * has an empty 问题描述. The parser splits measures and progress off the paragraph
 * (parse/statement.ts); this runs again on what the import page sends, edited or not.
 */
function statementOf(n: PlanInputNode): { title: string; description: string } {
  if (n.kind !== 'problem')
    return { title: n.title.slice(0, 500), description: n.text && n.text !== n.title ? closeStatement(n.text) : '' };
  const title = problemTitle(n.title) || n.title.trim();
  return { title: title.slice(0, 500), description: problemDescription(n.text ?? '', n.title) || title };
}

export class PlanError extends Error {
  constructor(
    readonly userMessage: string,
    message: string,
  ) {
    super(message);
  }
}

export function planImport(nodes: PlanInputNode[]): PlannedProblem[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  if (byId.size !== nodes.length) throw new PlanError('节点编号重复', 'duplicate node ids');
  for (const n of nodes) {
    if (n.parentId != null && !byId.has(n.parentId)) throw new PlanError(`节点“${n.title}”的上级不存在`, `parent ${n.parentId} missing`);
  }
  // cycles would make the walk below loop: refuse them
  for (const n of nodes) {
    const seen = new Set<string>();
    for (let c: PlanInputNode | undefined = n; c; c = c.parentId ? byId.get(c.parentId) : undefined) {
      if (seen.has(c.id)) throw new PlanError('节点层级存在循环', `cycle at ${c.id}`);
      seen.add(c.id);
    }
  }
  const children = new Map<string | null, PlanInputNode[]>();
  for (const n of nodes) {
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  const out: PlannedProblem[] = [];
  const planned = new Map<string, PlannedProblem>();

  const walk = (n: PlanInputNode, parent: PlannedProblem | null, depth: number) => {
    if (n.kind === 'measure') {
      const owner = parent;
      if (owner) owner.measures.push([n.label, n.text || n.title].filter(Boolean).join(' ').trim());
      return;
    }
    if (depth > 3 && parent) {
      // fold: too deep for the ledger, keep its words in the ancestor
      parent.description = [parent.description, `${n.label}${n.title}${n.text && n.text !== n.title ? `：${n.text}` : ''}`]
        .filter(Boolean)
        .join('\n');
      for (const c of children.get(n.id) ?? []) walk(c, parent, depth + 1);
      return;
    }
    const p: PlannedProblem = {
      key: n.id,
      parentKey: parent?.key ?? null,
      level: Math.min(depth, 3) as 1 | 2 | 3,
      label: n.label || '—',
      ...statementOf(n),
      progress: n.progress?.trim() || null,
      deadline: deadlineDate(n.deadline),
      rectifyKind: n.rectifyKind ? KIND[n.rectifyKind] : null,
      leader: n.leader?.trim() || null,
      leadDepartment: n.leadDepartment?.trim() || null,
      cooperatingDepartments: (n.cooperatingDepartments ?? []).map((d) => d.trim()).filter(Boolean),
      measures: [],
    };
    out.push(p);
    planned.set(p.key, p);
    for (const c of children.get(n.id) ?? []) walk(c, p, depth + 1);
  };
  for (const root of children.get(null) ?? []) {
    if (root.kind === 'measure') {
      // measures with no heading at all: give them one item to live under
      let holder = planned.get('__loose__');
      if (!holder) {
        holder = {
          key: '__loose__',
          parentKey: null,
          level: 1,
          label: '—',
          title: '未归类的整改措施',
          description: '',
          progress: null,
          deadline: null,
          rectifyKind: null,
          leader: null,
          leadDepartment: null,
          cooperatingDepartments: [],
          measures: [],
        };
        out.push(holder);
        planned.set(holder.key, holder);
      }
      walk(root, holder, 2);
    } else {
      walk(root, null, 1);
    }
  }
  return out;
}
