import { useEffect, useMemo, useRef, useState } from 'react';
import { Tag, Tree, Typography, type GetRef, type TreeDataNode } from 'antd';
import { useT } from '../../../i18n';
import { childrenMap, descendantCounts, type EditNode } from '../lib/tree';
import type { NodeKind } from '../lib/schemas';

export const KIND_COLOR: Record<NodeKind, string> = { group: 'geekblue', theme: 'purple', problem: 'volcano', measure: 'green' };

/** The (edited) notice tree; selecting a node shows its source lines. */
export function NodeTree({
  nodes,
  selectedId,
  onSelect,
  height = 520,
}: {
  nodes: EditNode[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  height?: number;
}) {
  const t = useT();
  const tree = useRef<GetRef<typeof Tree>>(null);
  // problems start folded: the structure reads at a glance, measures are one click away
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set(nodes.filter((n) => n.kind === 'problem').map((n) => n.id)));

  const { data, parents } = useMemo(() => {
    const kids = childrenMap(nodes);
    const counts = descendantCounts(nodes);
    const parents: string[] = [];
    const build = (n: EditNode): TreeDataNode => {
      const c = counts.get(n.id);
      const children = (kids.get(n.id) ?? []).map(build);
      if (children.length) parents.push(n.id);
      const summary =
        n.kind === 'measure' || !c
          ? ''
          : n.kind === 'problem'
            ? c.measures
              ? t('import.nodeMeasures', { m: c.measures })
              : ''
            : t('import.nodeCounts', { p: c.problems, m: c.measures });
      return {
        key: n.id,
        title: (
          <span data-node-id={n.id}>
            <Tag color={KIND_COLOR[n.kind]} style={{ marginInlineEnd: 6 }}>
              {t(`import.kind.${n.kind}`)}
            </Tag>
            {n.label && <strong style={{ marginInlineEnd: 4 }}>{n.label}</strong>}
            <span>{n.title}</span>
            {summary && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {summary}
              </Typography.Text>
            )}
          </span>
        ),
        children,
      };
    };
    return { data: (kids.get(null) ?? []).map(build), parents };
  }, [nodes, t]);

  const expandedKeys = useMemo(() => parents.filter((k) => !collapsed.has(k)), [parents, collapsed]);

  // a node picked elsewhere (a finding, a split) is scrolled into the tree's view
  useEffect(() => {
    if (!selectedId) return;
    // expand its ancestors
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const up: string[] = [];
    for (let p = byId.get(selectedId)?.parentId; p; p = byId.get(p)?.parentId ?? null) up.push(p);
    if (up.some((k) => collapsed.has(k))) {
      setCollapsed((prev) => {
        const next = new Set(prev);
        for (const k of up) next.delete(k);
        return next;
      });
    }
    const id = requestAnimationFrame(() => tree.current?.scrollTo({ key: selectedId, align: 'auto' }));
    return () => cancelAnimationFrame(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);

  return (
    <div role="region" aria-label={t('import.tree')} data-testid="import-tree">
      <Tree
        ref={tree}
        blockNode
        showLine
        height={height}
        treeData={data}
        expandedKeys={expandedKeys}
        selectedKeys={selectedId ? [selectedId] : []}
        onExpand={(keys) => {
          const open = new Set(keys.map(String));
          setCollapsed(new Set(parents.filter((k) => !open.has(k))));
        }}
        onSelect={(keys) => onSelect(keys.length ? String(keys[0]) : null)}
      />
    </div>
  );
}
