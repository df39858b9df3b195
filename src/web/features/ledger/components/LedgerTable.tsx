import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Table, Tag, Tooltip, Typography, type TableColumnsType, type TableProps } from 'antd';
import { ledgerSortOf } from '../../../../domain/schemas/index.js';
import { Link, useNavigate } from 'react-router-dom';
import { useT } from '../../../i18n';
import type { LedgerPage, LedgerQuery, LedgerRow } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { StatusTag, KindTag } from '../../../components/StatusTag';
import { LightDot } from '../../../components/LightDot';
import { buildTree, flatRows, type TreeRow } from './tree';
import { PlanCell, type CellChange, type PlanField } from './PlanCell';
import { Highlight, searchWords } from '../lib/highlight';
import { LedgerPager } from './LedgerPager';

interface Props {
  data: LedgerPage | undefined;
  loading: boolean;
  query: LedgerQuery;
  update: (patch: Partial<LedgerQuery>) => void;
  /** Rows of several units: a unit column and a header per unit. */
  byUnit: boolean;
  /** Selected rows (kept across pages), for the bulk edit. */
  selected: Map<number, LedgerRow>;
  onSelect: (next: Map<number, LedgerRow>) => void;
  /** An inline cell edit; undefined: cells are read-only. */
  onCellChange?: (c: CellChange) => void;
  busy: boolean;
  /** Rows can be ticked for the bulk edit (some row of the page may be planned by this person). */
  selectable: boolean;
}

/** The height of the app's top bar: the table's sticky header stops below it, not over it. */
export const TOP_BAR_HEIGHT = 56;

/** The leaf's cell, or nothing on a group header row (which spans the columns). */
function leafCell(render: (r: LedgerRow) => React.ReactNode) {
  return (_: unknown, rec: TreeRow) => (rec.kind === 'leaf' ? render(rec.row) : null);
}
const hideOnGroup = (rec: TreeRow) => (rec.kind === 'group' ? { colSpan: 0 } : {});

export function LedgerTable({ data, loading, query, update, byUnit, selected, onSelect, onCellChange, busy, selectable }: Props) {
  const t = useT();
  const navigate = useNavigate();
  // the page says which sort it is in (relevance while searching, unless another was chosen)
  const grouped = (data?.sort ?? ledgerSortOf(query)) === 'order';
  const matches = useMemo(() => new Map((data?.matches ?? []).map((m) => [m.id, m])), [data]);
  const words = searchWords(query.q);
  const COLUMN_COUNT = byUnit ? 10 : 9;

  const { roots, groupKeys } = useMemo(() => {
    const rows = data?.items ?? [];
    return grouped
      ? buildTree(rows, { groups: data?.groups, units: data?.units }, byUnit)
      : { roots: flatRows(rows), groupKeys: [] as string[] };
  }, [data, grouped, byUnit]);

  /** A plan cell: editable in place when the row's abilities allow it. */
  const cell = (r: LedgerRow, field: PlanField, content: ReactNode, editable = r.abilities.edit) => (
    <PlanCell row={r} field={field} editable={!!onCellChange && editable} busy={busy} onChange={(c) => onCellChange?.(c)}>
      {content}
    </PlanCell>
  );

  // The table scrolls sideways on narrow screens: a keyboard user must be able to reach that region (WCAG 2.1.1).
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const body = wrap.current?.querySelector('.ant-table-body, .ant-table-content');
    if (body && !body.hasAttribute('tabindex')) {
      body.setAttribute('tabindex', '0');
      body.setAttribute('aria-label', t('ledger.table'));
    }
    // antd's hidden measuring row repeats the header cells (the select-all box among them): keep it out of the tab order
    wrap.current?.querySelectorAll('.ant-table-measure-row').forEach((r) => r.setAttribute('inert', ''));
  });

  // Groups are open unless the person closed them.
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const expandedRowKeys = groupKeys.filter((k) => !collapsed.has(k));

  const sortOrder = (key: LedgerQuery['sort']) =>
    (data?.sort ?? ledgerSortOf(query)) === key ? (query.dir === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;

  const unitColumn: TableColumnsType<TreeRow> = byUnit
    ? [{ title: t('ledgerux.col.unit'), key: 'unit', width: 120, onCell: hideOnGroup, render: leafCell((r) => r.unitName) }]
    : [];

  const columns: TableColumnsType<TreeRow> = [
    {
      title: t('ledger.col.label'),
      key: 'label',
      width: 128,
      // The tree indent and the expand icon share this cell: keep them on one line.
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, rec) =>
        rec.kind === 'group' ? (
          <span style={{ fontWeight: 600 }}>{rec.node.label}</span>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>{rec.row.label}</span>
        ),
    },
    {
      title: t('ledger.col.problem'),
      key: 'problem',
      onCell: (rec) => (rec.kind === 'group' ? { colSpan: COLUMN_COUNT - 1 } : {}),
      render: (_, rec) => {
        if (rec.kind === 'group') {
          return (
            <span style={{ fontWeight: 600, color: rec.depth === 0 ? '#1f1f1f' : '#333' }}>
              {rec.unit ? t('ledgerux.unitGroup', { name: rec.node.title }) : <Highlight text={rec.node.title} words={words} />}
              <Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 8, fontSize: 12 }}>
                {rec.capped
                  ? t('ledger.groupCountMore', { n: rec.leafCount.toLocaleString() })
                  : rec.pageCount < rec.leafCount
                    ? t('ledgerux.groupCountSplit', { n: rec.leafCount, page: rec.pageCount })
                    : t('ledger.groupCount', { n: rec.leafCount })}
              </Typography.Text>
            </span>
          );
        }
        const r = rec.row;
        // the search matched elsewhere than the title (description, a group, a measure, a progress entry): show where
        const m = matches.get(r.id);
        const where = m && m.where !== 'title' ? m : null;
        return (
          <div style={{ minWidth: 240 }}>
            {!grouped && r.path.length > 0 && (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12, display: 'block' }}
                ellipsis={{ tooltip: r.path.map((p) => `${p.label} ${p.title}`).join(' › ') }}
              >
                {r.path.map((p) => p.label).join(' ')} <Highlight text={r.path[r.path.length - 1].title} words={words} />
              </Typography.Text>
            )}
            <Link to={paths.problem.getHref(r.id)} onClick={(e) => e.stopPropagation()} style={{ color: 'inherit' }}>
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.title }} style={{ margin: 0 }}>
                <Highlight text={r.title} words={words} />
              </Typography.Paragraph>
            </Link>
            {where && (
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-match={where.where}>
                {t('ledger.match.prefix', { where: t(`ledger.match.${where.where}`) })}
                <Highlight text={where.text} words={words} />
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    ...unitColumn,
    {
      title: t('ledger.col.measures'),
      key: 'measures',
      width: 96,
      onCell: hideOnGroup,
      render: leafCell((r) =>
        r.measureCount > 0 ? (
          t('ledger.measureCount', { n: r.measureCount })
        ) : (
          <Typography.Text type="secondary">{t('ledger.noMeasure')}</Typography.Text>
        ),
      ),
    },
    {
      title: t('ledger.col.leader'),
      key: 'leader',
      width: 110,
      onCell: hideOnGroup,
      render: leafCell((r) => cell(r, 'leader', r.leader?.name ?? '—')),
    },
    {
      title: t('ledger.col.leadDept'),
      key: 'leadDept',
      width: 130,
      onCell: hideOnGroup,
      render: leafCell((r) => cell(r, 'leadDept', r.leadDept?.name ?? '—')),
    },
    {
      title: t('ledger.col.coDepts'),
      key: 'coDepts',
      width: 150,
      onCell: hideOnGroup,
      render: leafCell((r) =>
        cell(
          r,
          'coDepts',
          r.cooperatingDepts.length ? (
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: true }} style={{ margin: 0 }}>
              {r.cooperatingDepts.map((d) => d.name).join('、')}
            </Typography.Paragraph>
          ) : (
            '—'
          ),
        ),
      ),
    },
    {
      title: t('ledger.col.deadline'),
      key: 'deadline',
      width: 140,
      sorter: true,
      sortOrder: sortOrder('deadline'),
      onCell: hideOnGroup,
      render: leafCell((r) =>
        cell(
          r,
          'deadline',
          <span style={{ whiteSpace: 'nowrap', color: r.overdue ? '#b71c1c' : undefined }}>
            {r.deadline ?? '—'}
            {r.overdue && (
              <Tag color="error" style={{ marginInlineStart: 4, marginInlineEnd: 0 }}>
                {t('ledger.overdueTag')}
              </Tag>
            )}
          </span>,
          // a deadline is set once; afterwards it moves only by an approved extension
          r.abilities.edit && r.deadline == null && r.rectifyKind !== 'long_term',
        ),
      ),
    },
    {
      title: t('ledger.col.kind'),
      key: 'kind',
      width: 100,
      onCell: hideOnGroup,
      render: leafCell((r) => cell(r, 'kind', <KindTag kind={r.rectifyKind} />)),
    },
    {
      title: t('ledger.col.status'),
      key: 'status',
      width: 150,
      sorter: true,
      sortOrder: sortOrder('status'),
      onCell: hideOnGroup,
      render: leafCell((r) => (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
          <LightDot light={r.light} />
          <StatusTag status={r.status} />
          {r.stageDone && (
            <Tooltip title={t('ledger.stageDone')}>
              <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
                ✓
              </Tag>
            </Tooltip>
          )}
        </span>
      )),
    },
  ];

  const onChange: TableProps<TreeRow>['onChange'] = (_pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      // back to the default: tree order, or relevance while searching
      if (!s?.order) update({ sort: undefined, dir: 'asc' });
      else update({ sort: s.columnKey === 'status' ? 'status' : 'deadline', dir: s.order === 'descend' ? 'desc' : 'asc' });
    }
  };

  return (
    <div ref={wrap}>
      <Table<TreeRow>
        size="small"
        bordered
        rowKey="key"
        columns={columns}
        dataSource={roots}
        loading={loading}
        sticky={{ offsetHeader: TOP_BAR_HEIGHT }}
        scroll={{ x: byUnit ? 1520 : 1400 }}
        rowSelection={
          !selectable
            ? undefined
            : {
                columnWidth: 40,
                preserveSelectedRowKeys: true,
                selectedRowKeys: [...selected.keys()].map((id) => `p${id}`),
                // group rows have no box; a leaf only when its plan may be edited
                getCheckboxProps: (rec) => ({
                  disabled: rec.kind === 'group' || !rec.row.abilities.edit,
                  style: rec.kind === 'group' ? { display: 'none' } : undefined,
                  'aria-label': rec.kind === 'leaf' ? t('ledgerux.selectRow', { problem: `${rec.row.label} ${rec.row.title}` }) : undefined,
                }),
                checkStrictly: true,
                onChange: (_keys, rows) => {
                  const next = new Map<number, LedgerRow>();
                  const onPage = new Set((data?.items ?? []).map((r) => r.id));
                  // rows chosen on other pages stay chosen
                  for (const [id, r] of selected) if (!onPage.has(id)) next.set(id, r);
                  for (const rec of rows) if (rec?.kind === 'leaf') next.set(rec.row.id, rec.row);
                  onSelect(next);
                },
              }
        }
        onChange={onChange}
        rowClassName={(rec) =>
          rec.kind === 'group' ? `zg-row-group zg-row-group-${rec.depth}` : rec.row.overdue ? 'zg-row-leaf zg-row-overdue' : 'zg-row-leaf'
        }
        expandable={{
          expandedRowKeys,
          indentSize: 16,
          onExpand: (open, rec) =>
            setCollapsed((prev) => {
              const next = new Set(prev);
              if (open) next.delete(rec.key);
              else next.add(rec.key);
              return next;
            }),
        }}
        onRow={(rec) =>
          rec.kind === 'leaf' ? { onClick: () => navigate(paths.problem.getHref(rec.row.id)), style: { cursor: 'pointer' } } : {}
        }
        locale={{ emptyText: t('ledger.empty') }}
        pagination={false}
      />
      <LedgerPager data={data} query={query} update={update} loading={loading} />
    </div>
  );
}
