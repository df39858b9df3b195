import { Button, Card, DatePicker, Empty, Flex, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { StatusTag } from '../../../components/StatusTag';
import { type Digest, type DigestKind } from '../../../lib/domain';
import { digestDocxHref, useDigest } from '../api/digest';

type Item = Digest['dueSoon'][number];
type DeptRow = Digest['byDept'][number];
const SECTIONS = ['keyProblems', 'overdue', 'dueSoon', 'stalled', 'closureRequests', 'extensionRequests'] as const;

function ItemTable({ items }: { items: Item[] }) {
  const t = useT();
  return (
    <Table<Item>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 640 }}
      dataSource={items}
      columns={[
        {
          title: t('digest.problem'),
          key: 'title',
          render: (_, p) => (
            <>
              <Link to={paths.problem.getHref(p.id)}>
                {p.label} {p.title}
              </Link>
              {p.isKey ? (
                <Tag color="red" style={{ marginInlineStart: 6 }}>
                  {t('digest.key')}
                  {p.keyLeader ? `·${p.keyLeader}` : ''}
                </Tag>
              ) : null}
            </>
          ),
        },
        { title: t('digest.dept'), key: 'dept', width: 160, render: (_, p) => p.dept ?? '—' },
        { title: t('digest.deadline'), key: 'deadline', width: 110, render: (_, p) => p.deadline ?? '—' },
        { title: t('digest.status'), key: 'status', width: 130, render: (_, p) => <StatusTag status={p.status} /> },
      ]}
    />
  );
}

/** 周督促 / 月调度 preview: what the unit's digest lists as of a date, with the table by department. */
export default function DispatchPage() {
  const t = useT();
  const session = useSession();
  const units = session.data?.user.units ?? [];
  const [sp, setSp] = useSearchParams();
  const unitId = Number(sp.get('unitId')) || units[0]?.id;
  const kind: DigestKind = sp.get('kind') === 'monthly' ? 'monthly' : 'weekly';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(sp.get('date') ?? '') ? (sp.get('date') as string) : undefined;
  const digest = useDigest(unitId, kind, date);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSp(next, { replace: true });
  };
  const d = digest.data;

  if (!units.length) return <Empty description={t('digest.noUnit')} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ margin: 0, fontSize: 18, whiteSpace: 'normal' }}>
            {d ? `${d.unit.name} ${d.kindZh}（${d.period}）` : t('digest.title')}
          </h1>
        }
      >
        <Flex gap={12} wrap align="center">
          {units.length > 1 && (
            <Select
              aria-label={t('digest.unit')}
              value={unitId}
              onChange={(v: number) => set({ unitId: String(v) })}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
              style={{ minWidth: 200 }}
            />
          )}
          <Segmented
            aria-label={t('digest.kind')}
            value={kind}
            onChange={(v) => set({ kind: String(v) })}
            options={[
              { value: 'weekly', label: t('digest.weekly') },
              { value: 'monthly', label: t('digest.monthly') },
            ]}
          />
          <DatePicker
            aria-label={t('digest.asOf')}
            allowClear
            value={date ? dayjs(date) : null}
            onChange={(v) => set({ date: v ? v.format('YYYY-MM-DD') : undefined })}
            placeholder={t('digest.today')}
          />
          {d && unitId !== undefined ? (
            <Button icon={<FileWordOutlined />} href={digestDocxHref(unitId, kind, d.asOf)} download>
              {t('digest.docx')}
            </Button>
          ) : null}
        </Flex>
        {d ? (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('digest.asOfText', { date: d.asOf })}
          </Typography.Paragraph>
        ) : null}
      </Card>
      {digest.isPending ? <PageSpinner /> : null}
      {digest.isError ? <ErrorAlert error={digest.error} onRetry={() => digest.refetch()} /> : null}
      {d ? (
        <>
          <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('digest.byDept')}</h2>}>
            <Table<DeptRow>
              rowKey={(r) => r.deptId ?? 0}
              size="small"
              pagination={false}
              scroll={{ x: 640 }}
              dataSource={d.byDept}
              columns={[
                { title: t('digest.dept'), dataIndex: 'dept' },
                { title: t('digest.problems'), dataIndex: 'problems', align: 'right' },
                { title: t('digest.closed'), dataIndex: 'closed', align: 'right' },
                {
                  title: t('digest.overdue'),
                  dataIndex: 'overdue',
                  align: 'right',
                  render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
                },
                { title: t('digest.stalled'), dataIndex: 'stalled', align: 'right' },
                { title: t('digest.rate'), dataIndex: 'rate', align: 'right', render: (n: number) => `${n.toFixed(1)}%` },
                { title: t('digest.formalism'), dataIndex: 'formalism', align: 'right' },
              ]}
            />
          </Card>
          {SECTIONS.map((s) =>
            d[s].length ? (
              <Card
                key={s}
                size="small"
                data-testid={`digest-${s}`}
                title={<h2 style={{ margin: 0, fontSize: 15 }}>{t(`digest.section.${s}`, { n: d[s].length })}</h2>}
              >
                <ItemTable items={d[s]} />
              </Card>
            ) : null,
          )}
          <Card
            size="small"
            data-testid="digest-openOrders"
            title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('digest.section.openOrders', { n: d.openOrders.length })}</h2>}
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.openOrders}
              locale={{ emptyText: t('digest.noOrders') }}
              columns={[
                { title: t('digest.number'), key: 'number', render: (_, o) => <Link to={paths.order.getHref(o.id)}>{o.number}</Link> },
                { title: t('digest.dept'), dataIndex: 'dept' },
                { title: t('digest.level'), key: 'level', render: (_, o) => t(`orderLevel.${o.level}`) },
                {
                  title: t('digest.replyDue'),
                  key: 'replyDue',
                  render: (_, o) => (
                    <>
                      {o.replyDue}
                      {o.overdue ? (
                        <Tag color="red" style={{ marginInlineStart: 6 }}>
                          {t('digest.overdueTag')}
                        </Tag>
                      ) : null}
                    </>
                  ),
                },
              ]}
            />
          </Card>
          {SECTIONS.every((s) => !d[s].length) ? <Empty description={t('digest.nothing')} /> : null}
        </>
      ) : null}
    </Space>
  );
}
