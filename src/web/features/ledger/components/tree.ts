/**
 * Rows come flat (leaves in tree order, each with its ancestors in `path`);
 * the table shows them under their 方面/类别 headers again.
 */
import type { LedgerRow, PathNode } from '../../../lib/domain';

export interface GroupNode {
  kind: 'group';
  key: string;
  node: PathNode;
  depth: number;
  leafCount: number;
  children: TreeRow[];
}

export interface LeafNode {
  kind: 'leaf';
  key: string;
  row: LedgerRow;
}

export type TreeRow = GroupNode | LeafNode;

export function buildTree(rows: LedgerRow[]): { roots: TreeRow[]; groupKeys: string[] } {
  const roots: TreeRow[] = [];
  const groups = new Map<string, GroupNode>();
  for (const row of rows) {
    let siblings = roots;
    const chain: GroupNode[] = [];
    row.path.forEach((node, depth) => {
      const key = `g${node.id}`;
      let g = groups.get(key);
      if (!g) {
        g = { kind: 'group', key, node, depth, leafCount: 0, children: [] };
        groups.set(key, g);
        siblings.push(g);
      }
      chain.push(g);
      siblings = g.children;
    });
    for (const g of chain) g.leafCount++;
    siblings.push({ kind: 'leaf', key: `p${row.id}`, row });
  }
  return { roots, groupKeys: [...groups.keys()] };
}

export function flatRows(rows: LedgerRow[]): TreeRow[] {
  return rows.map((row) => ({ kind: 'leaf', key: `p${row.id}`, row }));
}
