/**
 * The board's drill-down: one unit's rounds with their counts, score and grade;
 * from here to the round's ledger (read-only for the office), its evaluation, its
 * look-backs and its problems found before.
 */
import { Breadcrumb, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import type { UnitDetail } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { useUnitDetail } from '../api/office';
import { GradeTag } from './GradeTag';

type RoundRow = UnitDetail['rounds'][number];

export default function OfficeUnitPage() {
  const t = useT();
  const unitId = Number(useParams().id);
  const q = useUnitDetail(unitId);
  const columns: ColumnsType<RoundRow> = [
    {
      title: t('office.unit.round'),
      key: 'round',
      render: (_, r) => <Link to={paths.ledger.getHref(`inspectionId=${r.inspection.id}`)}>{r.inspection.name}</Link>,
    },
    { title: t('office.unit.kind'), dataIndex: 'kind', width: 70, render: (k: string) => t(`office.kind.${k}` as 'office.kind.巡察') },
    { title: t('office.unit.feedback'), dataIndex: 'feedbackDate', width: 110, render: (d: string | null) => d ?? '—' },
    { title: t('office.col.problems'), dataIndex: 'problems', width: 70 },
    { title: t('office.col.closed'), dataIndex: 'closed', width: 70 },
    { title: t('office.col.red'), dataIndex: 'red', width: 60, render: (v: number) => (v ? <Tag color="error">{v}</Tag> : 0) },
    { title: t('office.col.stalled'), dataIndex: 'stalled', width: 60 },
    {
      title: t('office.col.recurring'),
      dataIndex: 'recurring',
      width: 90,
      render: (v: number, r) =>
        v ? (
          <Link to={paths.recurrences.getHref(r.inspection.id)}>
            <Tag color="volcano">{t('office.recurringN', { n: v })}</Tag>
          </Link>
        ) : (
          0
        ),
    },
    { title: t('office.unit.score'), dataIndex: 'score', width: 70, render: (v: number) => <span data-score={v}>{v}</span> },
    { title: t('office.unit.grade'), key: 'grade', width: 110, render: (_, r) => <GradeTag grade={r.grade} overridden={r.overridden} /> },
    {
      title: t('office.unit.actions'),
      key: 'actions',
      width: 230,
      render: (_, r) => (
        <Space size="small" wrap>
          <Link to={paths.evaluation.getHref(r.inspection.id)}>{t('office.unit.evaluation')}</Link>
          <Link to={paths.lookbacks.getHref(r.inspection.id)}>
            {t('office.unit.lookback')}
            {r.lookbacksOpen ? `（${r.lookbacksOpen}）` : ''}
          </Link>
          <Link to={paths.recurrences.getHref(r.inspection.id)}>{t('office.unit.recurrences')}</Link>
        </Space>
      ),
    },
  ];
  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ title: <Link to={paths.office.getHref()}>{t('office.title')}</Link> }, { title: q.data?.unit.name ?? '…' }]} />
      {q.isPending ? (
        <PageSpinner />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {q.data.unit.name}
          </Typography.Title>
          <Card size="small" title={t('office.unit.rounds')}>
            <Table<RoundRow>
              rowKey={(r) => r.inspection.id}
              size="small"
              columns={columns}
              dataSource={q.data.rounds}
              pagination={false}
              scroll={{ x: 1100 }}
            />
          </Card>
          <Typography.Text type="secondary">{t('office.unit.readOnly')}</Typography.Text>
        </>
      )}
    </Flex>
  );
}
