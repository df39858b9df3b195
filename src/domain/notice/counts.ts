import type { NodeKind, ParsedNotice } from './types.js';

export type NodeCounts = ParsedNotice['counts'];

/** Counts a flat tree by kind: the parser's nodes, or the import page's edited copy. */
export function countKinds(nodes: readonly { kind: NodeKind }[]): NodeCounts {
  const c: NodeCounts = { groups: 0, themes: 0, problems: 0, measures: 0 };
  for (const n of nodes) {
    if (n.kind === 'group') c.groups++;
    else if (n.kind === 'theme') c.themes++;
    else if (n.kind === 'problem') c.problems++;
    else c.measures++;
  }
  return c;
}
