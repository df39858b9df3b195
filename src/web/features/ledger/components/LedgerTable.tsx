import { useMemo, useState } from 'react';
import { Table, Tag, Tooltip, Typography, type TableColumnsType, type TableProps } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useT } from '../../../i18n';
import type { LedgerPage, LedgerQuery, LedgerRow } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { StatusTag, KindTag } from '../../../components/StatusTag';
import { LightDot } from '../../../components/LightDot';
import { buildTree, flatRows, type TreeRow } from './tree';

interface Props {
  data: LedgerPage | undefined;
  loading: boolean;
  query: LedgerQuery;
  update: (patch: Partial<LedgerQuery>) => void;
}

const COLUMN_COUNT = 9;

/** The leaf's cell, or nothing on a group header row (which spans the columns). */
function leafCell(render: (r: LedgerRow) => React.ReactNode) {
  return (_: unknown, rec: TreeRow) => (rec.kind === 'leaf' ? render(rec.row) : null);
}
const hideOnGroup = (rec: TreeRow) => (rec.kind === 'group' ? { colSpan: 0 } : {});

export function LedgerTable({ data, loading, query, update }: Props) {
  const t = useT();
  const navigate = useNavigate();
  const grouped = query.sort === 'order';

  const { roots, groupKeys } = useMemo(() => {
    const rows = data?.items ?? [];
    return grouped ? buildTree(rows) : { roots: flatRows(rows), groupKeys: [] as string[] };
  }, [data, grouped]);

  // Groups are open unless the person closed them.
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const expandedRowKeys = groupKeys.filter((k) => !collapsed.has(k));

  const sortOrder = (key: LedgerQuery['sort']) =>
    query.sort === key ? (query.dir === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;

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
              {rec.node.title}
              <Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 8, fontSize: 12 }}>
                {t('ledger.groupCount', { n: rec.leafCount })}
              </Typography.Text>
            </span>
          );
        }
        const r = rec.row;
        return (
          <div style={{ minWidth: 240 }}>
            {!grouped && r.path.length > 0 && (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12, display: 'block' }}
                ellipsis={{ tooltip: r.path.map((p) => `${p.label} ${p.title}`).join(' › ') }}
              >
                {r.path.map((p) => p.label).join(' ')} {r.path[r.path.length - 1].title}
              </Typography.Text>
            )}
            <Link to={paths.problem.getHref(r.id)} onClick={(e) => e.stopPropagation()} style={{ color: 'inherit' }}>
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.title }} style={{ margin: 0 }}>
                {r.title}
              </Typography.Paragraph>
            </Link>
          </div>
        );
      },
    },
    {
      title: t('ledger.col.measures'),
      key: 'measures',
      width: 96,
      onCell: hideOnGroup,
      render: leafCell((r) =>
        r.measureCount > 0 ? t('ledger.measureCount', { n: r.measureCount }) : <Typography.Text type="secondary">{t('ledger.noMeasure')}</Typography.Text>,
      ),
    },
    { title: t('ledger.col.leader'), key: 'leader', width: 96, onCell: hideOnGroup, render: leafCell((r) => r.leader?.name ?? '—') },
    { title: t('ledger.col.leadDept'), key: 'leadDept', width: 130, onCell: hideOnGroup, render: leafCell((r) => r.leadDept?.name ?? '—') },
    {
      title: t('ledger.col.coDepts'),
      key: 'coDepts',
      width: 150,
      onCell: hideOnGroup,
      render: leafCell((r) =>
        r.cooperatingDepts.length ? (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: true }} style={{ margin: 0 }}>
            {r.cooperatingDepts.map((d) => d.name).join('、')}
          </Typography.Paragraph>
        ) : (
          '—'
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
      render: leafCell((r) => (
        <span style={{ whiteSpace: 'nowrap', color: r.overdue ? '#c62828' : undefined }}>
          {r.deadline ?? '—'}
          {r.overdue && (
            <Tag color="error" style={{ marginInlineStart: 4, marginInlineEnd: 0 }}>
              {t('ledger.overdueTag')}
            </Tag>
          )}
        </span>
      )),
    },
    { title: t('ledger.col.kind'), key: 'kind', width: 100, onCell: hideOnGroup, render: leafCell((r) => <KindTag kind={r.rectifyKind} />) },
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

  const onChange: TableProps<TreeRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'paginate') {
      update({ page: pagination.current ?? 1 });
      return;
    }
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      if (!s?.order) update({ sort: 'order', dir: 'asc' });
      else update({ sort: s.columnKey === 'status' ? 'status' : 'deadline', dir: s.order === 'descend' ? 'desc' : 'asc' });
    }
  };

  return (
    <Table<TreeRow>
      size="small"
      bordered
      rowKey="key"
      columns={columns}
      dataSource={roots}
      loading={loading}
      sticky
      scroll={{ x: 1180 }}
      onChange={onChange}
      rowClassName={(rec) => (rec.kind === 'group' ? `zg-row-group zg-row-group-${rec.depth}` : rec.row.overdue ? 'zg-row-leaf zg-row-overdue' : 'zg-row-leaf')}
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
        rec.kind === 'leaf'
          ? { onClick: () => navigate(paths.problem.getHref(rec.row.id)), style: { cursor: 'pointer' } }
          : {}
      }
      locale={{ emptyText: t('ledger.empty') }}
      pagination={{
        current: data?.page ?? query.page,
        pageSize: data?.pageSize ?? query.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: false,
        showQuickJumper: (data?.total ?? 0) > (data?.pageSize ?? query.pageSize) * 5,
        showTotal: (n) => t('common.total', { n }),
        position: ['bottomRight'],
      }}
    />
  );
}
