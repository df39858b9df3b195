/**
 * The hand-corrected notice tree: a flat node list (as the parser gives it and
 * as the commit takes it) and pure edits on it. Sibling order is array order
 * among nodes of the same parent, exactly as the server's planImport reads it.
 */
import { countKinds, type NodeCounts, type NodeKind, type NoticeNode } from './schemas';

/** A node of the tree being corrected: the parser's node without its derived facts. */
export type EditNode = Pick<
  NoticeNode,
  | 'id'
  | 'parentId'
  | 'kind'
  | 'label'
  | 'title'
  | 'progress'
  | 'status'
  | 'deadline'
  | 'rectifyKind'
  | 'leader'
  | 'leadDepartment'
  | 'cooperatingDepartments'
> & {
  text: string;
  /** Source lines (1-based, inclusive) for highlighting; kept through edits. */
  line: number;
  endLine: number;
};

export const KINDS: readonly NodeKind[] = ['group', 'theme', 'problem', 'measure'];

export function fromNotice(nodes: NoticeNode[]): EditNode[] {
  return nodes.map((n) => ({
    id: n.id,
    parentId: n.parentId,
    kind: n.kind,
    label: n.label,
    title: n.title,
    text: n.text ?? '',
    line: n.line,
    endLine: Math.max(n.line, n.endLine),
    progress: n.progress,
    status: n.status,
    deadline: n.deadline,
    rectifyKind: n.rectifyKind,
    leader: n.leader,
    leadDepartment: n.leadDepartment,
    cooperatingDepartments: n.cooperatingDepartments,
  }));
}

export function childrenMap(nodes: EditNode[]): Map<string | null, EditNode[]> {
  const m = new Map<string | null, EditNode[]>();
  for (const n of nodes) {
    const list = m.get(n.parentId) ?? [];
    list.push(n);
    m.set(n.parentId, list);
  }
  return m;
}

export function siblingsOf(nodes: EditNode[], id: string): EditNode[] {
  const n = nodes.find((x) => x.id === id);
  return n ? nodes.filter((x) => x.parentId === n.parentId) : [];
}

/** The node and all its descendants' ids. */
export function subtreeIds(nodes: EditNode[], id: string): Set<string> {
  const kids = childrenMap(nodes);
  const out = new Set<string>();
  const walk = (x: string) => {
    out.add(x);
    for (const c of kids.get(x) ?? []) walk(c.id);
  };
  walk(id);
  return out;
}

export type Counts = NodeCounts;

export { countKinds };

/** Items the ledger will list as leaf problems: headed nodes with no headed node beneath. */
export function leafCount(nodes: EditNode[]): number {
  const headedParents = new Set(nodes.filter((n) => n.kind !== 'measure' && n.parentId).map((n) => n.parentId));
  return nodes.filter((n) => n.kind !== 'measure' && !headedParents.has(n.id)).length;
}

/** Per node: problems and measures beneath it (for the tree's small counts). */
export function descendantCounts(nodes: EditNode[]): Map<string, { problems: number; measures: number }> {
  const kids = childrenMap(nodes);
  const out = new Map<string, { problems: number; measures: number }>();
  const walk = (n: EditNode): { problems: number; measures: number } => {
    const acc = { problems: 0, measures: 0 };
    for (const c of kids.get(n.id) ?? []) {
      const sub = walk(c);
      acc.problems += sub.problems + (c.kind === 'problem' ? 1 : 0);
      acc.measures += sub.measures + (c.kind === 'measure' ? 1 : 0);
    }
    out.set(n.id, acc);
    return acc;
  };
  for (const r of kids.get(null) ?? []) walk(r);
  return out;
}

/** The node whose own text holds a source line (the last one starting at or before it). */
export function nodeAtLine(nodes: EditNode[], line: number): EditNode | undefined {
  let best: EditNode | undefined;
  for (const n of nodes) {
    if (n.line <= line && line <= n.endLine && (!best || n.line >= best.line)) best = n;
  }
  return best;
}

function newId(nodes: EditNode[]): string {
  const ids = new Set(nodes.map((n) => n.id));
  let i = nodes.length + 1;
  while (ids.has(`e${i}`)) i++;
  return `e${i}`;
}

const patchNode = (nodes: EditNode[], id: string, patch: Partial<EditNode>) => nodes.map((n) => (n.id === id ? { ...n, ...patch } : n));

export function updateNode(nodes: EditNode[], id: string, patch: Partial<Pick<EditNode, 'label' | 'title' | 'kind' | 'text'>>): EditNode[] {
  return patchNode(nodes, id, patch);
}

/** Swaps the node with its previous (-1) or next (+1) sibling. */
export function moveNode(nodes: EditNode[], id: string, dir: -1 | 1): EditNode[] {
  const sibs = siblingsOf(nodes, id);
  const i = sibs.findIndex((s) => s.id === id);
  const other = sibs[i + dir];
  if (!other) return nodes;
  const a = nodes.findIndex((n) => n.id === id);
  const b = nodes.findIndex((n) => n.id === other.id);
  const out = nodes.slice();
  [out[a], out[b]] = [out[b], out[a]];
  return out;
}

/** Moves the node (with its subtree) to be the last child of `parentId`. */
function placeAsLastChild(nodes: EditNode[], id: string, parentId: string | null): EditNode[] {
  const node = nodes.find((n) => n.id === id);
  if (!node) return nodes;
  const rest = nodes.filter((n) => n.id !== id);
  let at = -1;
  rest.forEach((n, i) => {
    if (n.parentId === parentId) at = i;
  });
  if (at < 0 && parentId !== null) at = rest.findIndex((n) => n.id === parentId);
  const out = rest.slice();
  out.splice(at + 1, 0, { ...node, parentId });
  return out;
}

export function canIndent(nodes: EditNode[], id: string): boolean {
  const sibs = siblingsOf(nodes, id);
  return sibs.findIndex((s) => s.id === id) > 0;
}

export function canOutdent(nodes: EditNode[], id: string): boolean {
  return !!nodes.find((n) => n.id === id)?.parentId;
}

/** Becomes the last child of its previous sibling. */
export function indentNode(nodes: EditNode[], id: string): EditNode[] {
  const sibs = siblingsOf(nodes, id);
  const i = sibs.findIndex((s) => s.id === id);
  if (i <= 0) return nodes;
  return placeAsLastChild(nodes, id, sibs[i - 1].id);
}

/** Becomes the sibling right after its parent. */
export function outdentNode(nodes: EditNode[], id: string): EditNode[] {
  const node = nodes.find((n) => n.id === id);
  const parent = node?.parentId ? nodes.find((n) => n.id === node.parentId) : undefined;
  if (!node || !parent) return nodes;
  const rest = nodes.filter((n) => n.id !== id);
  const uncles = rest.filter((n) => n.parentId === parent.parentId);
  const next = uncles[uncles.findIndex((u) => u.id === parent.id) + 1];
  const out = rest.slice();
  const at = next ? out.findIndex((n) => n.id === next.id) : out.length;
  out.splice(at, 0, { ...node, parentId: parent.parentId });
  return out;
}

export function nextSibling(nodes: EditNode[], id: string): EditNode | undefined {
  const sibs = siblingsOf(nodes, id);
  return sibs[sibs.findIndex((s) => s.id === id) + 1];
}

const joinText = (a: string | undefined, b: string | undefined) => [a, b].filter((x) => x && x.trim()).join('\n');

/** Merges the next sibling into the node: texts joined, its children moved under the node. */
export function mergeWithNext(nodes: EditNode[], id: string): EditNode[] {
  const node = nodes.find((n) => n.id === id);
  const next = nextSibling(nodes, id);
  if (!node || !next) return nodes;
  const nextText = next.text && next.text.trim() ? next.text : next.title;
  const merged: EditNode = {
    ...node,
    text: joinText(node.text || node.title, `${next.label}${nextText}`),
    progress: joinText(node.progress, next.progress) || undefined,
    line: Math.min(node.line, next.line),
    endLine: Math.max(node.endLine, next.endLine),
  };
  return nodes.filter((n) => n.id !== next.id).map((n) => (n.id === id ? merged : n.parentId === next.id ? { ...n, parentId: id } : n));
}

/** A title for split-off text: its first clause, at most 60 characters. */
export function firstClause(text: string): string {
  const t = text.trim();
  const m = /^[^。；;！？!?\n]{1,60}/.exec(t);
  return (m ? m[0] : t.slice(0, 60)).replace(/[，,：:]$/, '').trim();
}

/**
 * Splits the node's text at `at`: the text before stays, the text after becomes
 * a new sibling right after it (title given, or the first clause of that text).
 * `lines` (the notice's source lines) lets the new node point at its own line.
 */
export function splitNode(
  nodes: EditNode[],
  id: string,
  opts: { at: number; title?: string; label?: string },
  lines?: string[],
): { nodes: EditNode[]; newId: string | null } {
  const node = nodes.find((n) => n.id === id);
  if (!node) return { nodes, newId: null };
  const full = node.text || node.title;
  const at = Math.max(0, Math.min(opts.at, full.length));
  const before = full.slice(0, at).trim();
  const after = full.slice(at).trim();
  const title = (opts.title ?? '').trim() || firstClause(after);
  if (!title) return { nodes, newId: null };
  // where the split-off text starts in the source, when it can be found
  let line = node.endLine;
  const probe = after.slice(0, 12);
  if (lines && probe) {
    for (let l = node.line; l <= node.endLine; l++) {
      if ((lines[l - 1] ?? '').includes(probe)) {
        line = l;
        break;
      }
    }
  }
  const id2 = newId(nodes);
  const created: EditNode = {
    id: id2,
    parentId: node.parentId,
    kind: node.kind,
    label: (opts.label ?? '').trim(),
    title,
    text: after || title,
    line,
    endLine: node.endLine,
  };
  const out: EditNode[] = [];
  for (const n of nodes) {
    if (n.id === id) {
      out.push({ ...n, text: before || n.title, endLine: Math.max(n.line, line > n.line ? line - 1 : n.endLine) }, created);
    } else out.push(n);
  }
  return { nodes: out, newId: id2 };
}

/** Deletes the node and everything beneath it. */
export function deleteNode(nodes: EditNode[], id: string): EditNode[] {
  const gone = subtreeIds(nodes, id);
  return nodes.filter((n) => !gone.has(n.id));
}
