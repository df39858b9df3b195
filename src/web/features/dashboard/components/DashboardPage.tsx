import { useEffect, useMemo } from 'react';
import { Card, Col, Empty, Flex, Form, Row, Statistic, Table, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useLatestInspection } from '../../../api/inspections';
import { useT, type TFunction } from '../../../i18n';
import { DASHBOARD_KINDS, LIGHTS, PROBLEM_STATUSES, type LedgerRow } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { beijingToday, daysFrom } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { InspectionSelect } from '../../../components/InspectionSelect';
import { LIGHT_COLOR } from '../../../components/LightDot';
import { StatusTag } from '../../../components/StatusTag';
import { useDashboard } from '../api/get-dashboard';
import { EChart, type ChartOption } from '../../../components/EChart';

const STATUS_COLOR = {
  pending: '#9e9e9e',
  in_progress: '#1f4e8c',
  closure_requested: '#f9a825',
  closed: '#2e7d32',
  long_term: '#6a1b9a',
} as const;
const KIND_COLOR = { immediate: '#d84315', deadline: '#1f4e8c', long_term: '#00838f', unset: '#9e9e9e' } as const;

function pie(t: TFunction, data: { name: string; value: number; color: string }[]): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0, type: 'plain', itemWidth: 12, itemHeight: 10, itemGap: 8, textStyle: { fontSize: 12 } },
    series: [
      {
        type: 'pie',
        radius: ['36%', '58%'],
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        label: { formatter: '{b}\n{c}', overflow: 'none' },
        data: data.filter((d) => d.value > 0).map((d) => ({ name: d.name, value: d.value, itemStyle: { color: d.color } })),
      },
    ],
  };
}

export default function DashboardPage() {
  const t = useT();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const inspections = useLatestInspection();
  const raw = Number(sp.get('inspectionId'));
  const inspectionId = Number.isInteger(raw) && raw > 0 ? raw : undefined;

  // Default to the most recent round the person can see.
  useEffect(() => {
    if (!inspectionId && inspections.latest) {
      setSp({ inspectionId: String(inspections.latest.id) }, { replace: true });
    }
  }, [inspectionId, inspections.latest, setSp]);

  // Asked only once the round is known: asking for every round while the latest was still loading showed their sum
  // for a moment, then the latest round's (and a test reading the count in between read either).
  const settled = inspectionId != null || inspections.latest === null || inspections.isError;
  const dash = useDashboard(inspectionId, settled);
  const d = dash.data;

  const charts = useMemo(() => {
    if (!d) return null;
    const depts = [...d.byDepartment].sort((a, b) => b.total - a.total);
    const bar: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: depts.map((x) => x.name),
        axisLabel: { interval: 0, rotate: depts.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('dash.series.total'), data: depts.map((x) => x.total), itemStyle: { color: '#1f4e8c' }, barMaxWidth: 22 },
        { type: 'bar', name: t('dash.series.closed'), data: depts.map((x) => x.closed), itemStyle: { color: '#2e7d32' }, barMaxWidth: 22 },
        {
          type: 'bar',
          name: t('dash.series.overdue'),
          data: depts.map((x) => x.overdue),
          itemStyle: { color: '#c62828' },
          barMaxWidth: 22,
        },
      ],
    };
    return {
      status: pie(
        t,
        PROBLEM_STATUSES.map((s) => ({ name: t(`status.${s}`), value: d.byStatus[s], color: STATUS_COLOR[s] })),
      ),
      light: pie(
        t,
        LIGHTS.map((l) => ({ name: t(`light.${l}`), value: d.byLight[l], color: LIGHT_COLOR[l] })),
      ),
      kind: pie(
        t,
        DASHBOARD_KINDS.map((k) => ({ name: t(`kind.${k}`), value: d.byKind[k], color: KIND_COLOR[k] })),
      ),
      bar,
      deptCount: depts.length,
    };
  }, [d, t]);

  const today = d?.today ?? beijingToday();
  const cardTitle = (s: string) => <h2 style={{ margin: 0, fontSize: 15 }}>{s}</h2>;

  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={16} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('dash.title')}
        </Typography.Title>
        <Form layout="inline" component="div">
          <Form.Item label={t('dash.inspection')} htmlFor="dash-inspection" style={{ marginBottom: 0 }}>
            <InspectionSelect
              id="dash-inspection"
              value={inspectionId}
              onChange={(v) => setSp(v ? { inspectionId: String(v) } : {})}
              style={{ minWidth: 320 }}
            />
          </Form.Item>
        </Form>
      </Flex>

      {inspections.isError && <ErrorAlert error={inspections.error} onRetry={() => inspections.refetch()} />}
      {dash.isError && <ErrorAlert error={dash.error} onRetry={() => dash.refetch()} />}

      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Card size="small" loading={dash.isPending}>
            <Statistic title={t('dash.total')} value={d?.total ?? 0} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" loading={dash.isPending}>
            <Statistic
              title={t('dash.closed')}
              value={d?.closed ?? 0}
              formatter={(v) => <span data-testid="closed-count">{v}</span>}
              styles={{ content: { color: '#2e7d32' } }}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" loading={dash.isPending}>
            <Statistic title={t('dash.rate')} value={d?.completionRate ?? 0} precision={1} suffix="%" />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" loading={dash.isPending}>
            <Statistic
              title={t('dash.overdue')}
              value={d?.overdueCount ?? 0}
              styles={{ content: { color: d && d.overdueCount > 0 ? '#c62828' : undefined } }}
            />
          </Card>
        </Col>
      </Row>

      {d && charts && (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={8}>
            <Card size="small" title={cardTitle(t('dash.byStatus'))}>
              {d.total ? <EChart option={charts.status} label={t('dash.byStatus')} /> : <Empty description={t('dash.noData')} />}
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card size="small" title={cardTitle(t('dash.byLight'))}>
              {d.total ? <EChart option={charts.light} label={t('dash.byLight')} /> : <Empty description={t('dash.noData')} />}
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card size="small" title={cardTitle(t('dash.byKind'))}>
              {d.total ? <EChart option={charts.kind} label={t('dash.byKind')} /> : <Empty description={t('dash.noData')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title={cardTitle(t('dash.byDept'))}>
              {charts.deptCount ? (
                <EChart option={charts.bar} label={t('dash.byDept')} height={Math.max(280, Math.min(420, 200 + charts.deptCount * 8))} />
              ) : (
                <Empty description={t('dash.noData')} />
              )}
            </Card>
          </Col>
        </Row>
      )}

      {d && (
        <Card size="small" title={cardTitle(`${t('dash.overdueList')}（${d.overdue.length}）`)}>
          <Table<LedgerRow>
            size="small"
            rowKey="id"
            dataSource={d.overdue}
            pagination={d.overdue.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{ emptyText: t('dash.noOverdue') }}
            onRow={(r) => ({ onClick: () => navigate(paths.problem.getHref(r.id)), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('ledger.col.label'), dataIndex: 'label', width: 90 },
              {
                title: t('ledger.col.problem'),
                key: 'title',
                render: (_, r) => (
                  <Link to={paths.problem.getHref(r.id)} onClick={(e) => e.stopPropagation()}>
                    {r.title}
                  </Link>
                ),
              },
              { title: t('ledger.col.leadDept'), key: 'dept', width: 140, render: (_, r) => r.leadDept?.name ?? '—' },
              { title: t('ledger.col.leader'), key: 'leader', width: 100, render: (_, r) => r.leader?.name ?? '—' },
              { title: t('ledger.col.deadline'), dataIndex: 'deadline', width: 110 },
              {
                title: t('dash.overdueDays'),
                key: 'days',
                width: 96,
                render: (_, r) =>
                  r.deadline ? <span style={{ color: '#c62828' }}>{t('common.days', { n: daysFrom(r.deadline, today) })}</span> : '—',
              },
              { title: t('ledger.col.status'), key: 'status', width: 100, render: (_, r) => <StatusTag status={r.status} /> },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
