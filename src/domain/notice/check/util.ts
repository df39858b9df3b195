/** Helpers shared by the checker rules. */
import type { LabelFamily, NoticeNode, ParsedNotice } from '../types.js';
import { intToCn } from '../parse/text.js';

/** The same label family with another number: ("（三）", 4) → "（四）". */
export function relabel(family: LabelFamily, label: string, n: number): string {
  switch (family) {
    case 'cn-dun':
      return `${intToCn(n)}、`;
    case 'cn-paren':
      return `（${intToCn(n)}）`;
    case 'arabic-paren':
      return `（${n}）`;
    case 'arabic-dot':
      return `${n}.`;
    case 'arabic-dun':
      return `${n}、`;
    case 'circled':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'ordinal':
      return `${intToCn(n)}是`;
    case 'project':
      return label.replace(/\d+$/, String(n));
    default:
      return String(n);
  }
}

export function byId(p: ParsedNotice): Map<string, NoticeNode> {
  return new Map(p.nodes.map((n) => [n.id, n]));
}

/** The nearest ancestor-or-self of the given kind. */
export function ancestorOfKind(node: NoticeNode, kind: NoticeNode['kind'], ids: Map<string, NoticeNode>): NoticeNode | null {
  for (let n: NoticeNode | undefined = node; n; n = n.parentId ? ids.get(n.parentId) : undefined) {
    if (n.kind === kind) return n;
  }
  return null;
}

/** The innermost node whose own lines contain `line`. */
export function nodeAtLine(p: ParsedNotice, line: number): NoticeNode | undefined {
  let best: NoticeNode | undefined;
  for (const n of p.nodes) if (n.line <= line && line <= n.endLine) best = n;
  return best;
}

export const quote = (s: string, max = 24): string => `“${s.length > max ? `${s.slice(0, max)}…` : s}”`;
