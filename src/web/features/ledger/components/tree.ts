/**
 * Rows come flat (leaves in tree order, each with its ancestors in `path`);
 * the table shows them under their 方面/类别 headers again — and, when the page
 * holds problems of several units (the inspection office's ledger), under one
 * header per unit first, so two units' （一） never run into each other.
 *
 * A header's count is the whole group's, as the server counted it over all
 * pages (`groups`, `units`), not the rows that happen to be on this page.
 */
import type { LedgerRow, PathNode } from '../../../lib/domain';

export interface GroupNode {
  kind: 'group';
  key: string;
  /** The aspect/theme, or the unit (label empty, title its name). */
  node: PathNode;
  /** A unit header rather than an aspect or theme. */
  unit: boolean;
  depth: number;
  /** Matching leaves in the whole group, all pages. */
  leafCount: number;
  /** Of those, on this page. */
  pageCount: number;
  /** The server stopped counting at its cap: more than `leafCount` match. */
  capped: boolean;
  children: TreeRow[];
}

export interface LeafNode {
  kind: 'leaf';
  key: string;
  row: LedgerRow;
}

export type TreeRow = GroupNode | LeafNode;

export interface Counts {
  groups?: readonly { id: number; count: number; capped?: boolean }[];
  units?: readonly { id: number; name: string; count: number; capped?: boolean }[];
}

export function buildTree(rows: LedgerRow[], counts: Counts = {}, byUnit = false): { roots: TreeRow[]; groupKeys: string[] } {
  const roots: TreeRow[] = [];
  const groups = new Map<string, GroupNode>();
  const whole = new Map((counts.groups ?? []).map((g) => [`g${g.id}`, g]));
  for (const u of counts.units ?? []) whole.set(`u${u.id}`, u);
  for (const row of rows) {
    let siblings = roots;
    const chain: GroupNode[] = [];
    const levels: { key: string; node: PathNode; unit: boolean }[] = [
      ...(byUnit ? [{ key: `u${row.unitId}`, node: { id: row.unitId, label: '', title: row.unitName }, unit: true }] : []),
      ...row.path.map((node) => ({ key: `g${node.id}`, node, unit: false })),
    ];
    levels.forEach(({ key, node, unit }, depth) => {
      let g = groups.get(key);
      if (!g) {
        g = { kind: 'group', key, node, unit, depth, leafCount: 0, pageCount: 0, capped: false, children: [] };
        groups.set(key, g);
        siblings.push(g);
      }
      chain.push(g);
      siblings = g.children;
    });
    for (const g of chain) g.pageCount++;
    siblings.push({ kind: 'leaf', key: `p${row.id}`, row });
  }
  for (const [key, g] of groups) {
    const w = whole.get(key);
    g.leafCount = Math.max(w?.count ?? g.pageCount, g.pageCount);
    g.capped = !!w?.capped;
  }
  return { roots, groupKeys: [...groups.keys()] };
}

export function flatRows(rows: LedgerRow[]): TreeRow[] {
  return rows.map((row) => ({ kind: 'leaf', key: `p${row.id}`, row }));
}
