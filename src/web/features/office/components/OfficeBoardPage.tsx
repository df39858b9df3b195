/**
 * 巡察办看板: every unit of the office in one sortable table with its ranking,
 * filters by round kind and year kept in the URL, and the charts people would
 * rather look at — completion and overdue by unit, and the weekly trend.
 */
import { useMemo } from 'react';
import { Button, Card, Col, Empty, Flex, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { INSPECTION_KINDS, type BoardUnit } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { useBoard, useTrend, type BoardFilters } from '../api/office';
import { EChart, type ChartOption } from '../../../components/EChart';

type Kind = (typeof INSPECTION_KINDS)[number];

function filtersOf(sp: URLSearchParams): BoardFilters {
  const kind = sp.get('kind');
  const year = Number(sp.get('year'));
  return {
    kind: (INSPECTION_KINDS as readonly string[]).includes(kind ?? '') ? (kind as Kind) : undefined,
    year: Number.isInteger(year) && year >= 1949 && year <= 2100 ? year : undefined,
  };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export default function OfficeBoardPage() {
  const t = useT();
  const [sp, setSp] = useSearchParams();
  const filters = filtersOf(sp);
  const board = useBoard(filters);
  const trend = useTrend(filters);
  const b = board.data;

  const set = (k: 'kind' | 'year', v: string | number | undefined) => {
    const next = new URLSearchParams(sp);
    if (v == null || v === '') next.delete(k);
    else next.set(k, String(v));
    setSp(next, { replace: true });
  };

  const charts = useMemo(() => {
    if (!b) return null;
    const byRank = [...b.units].sort((x, y) => x.rank - y.rank);
    const names = byRank.map((u) => u.unit.name);
    const zoom = byRank.length > 15 ? [{ type: 'slider' as const, start: 0, end: Math.round((15 / byRank.length) * 100) }] : [];
    const completion: ChartOption = {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
      grid: { left: 8, right: 16, top: 16, bottom: zoom.length ? 48 : 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: names,
        axisLabel: { interval: 0, rotate: names.length > 5 ? 30 : 0, width: 100, overflow: 'truncate' },
      },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      dataZoom: zoom,
      series: [
        {
          type: 'bar',
          name: t('office.col.completion'),
          data: byRank.map((u) => Math.round(u.completion * 1000) / 10),
          itemStyle: { color: '#2e7d32' },
          barMaxWidth: 28,
        },
      ],
    };
    const worst = [...b.units].sort((x, y) => y.red - x.red || x.rank - y.rank);
    const overdue: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: zoom.length ? 48 : 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: worst.map((u) => u.unit.name),
        axisLabel: { interval: 0, rotate: names.length > 5 ? 30 : 0, width: 100, overflow: 'truncate' },
      },
      yAxis: { type: 'value', minInterval: 1 },
      dataZoom: zoom,
      series: [
        {
          type: 'bar',
          name: t('office.col.red'),
          stack: 'x',
          data: worst.map((u) => u.red),
          itemStyle: { color: '#c62828' },
          barMaxWidth: 28,
        },
        {
          type: 'bar',
          name: t('office.col.yellow'),
          stack: 'x',
          data: worst.map((u) => u.yellow),
          itemStyle: { color: '#f9a825' },
          barMaxWidth: 28,
        },
        { type: 'bar', name: t('office.col.stalled'), data: worst.map((u) => u.stalled), itemStyle: { color: '#6d4c41' }, barMaxWidth: 28 },
      ],
    };
    return { completion, overdue };
  }, [b, t]);

  const trendOption = useMemo((): ChartOption | null => {
    const d = trend.data;
    if (!d || !d.weeks.length) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : `${v}%`) },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: d.weeks.map((w) => w.slice(5)) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: d.series.map((s) => ({
        type: 'line' as const,
        name: s.unit.name,
        connectNulls: true,
        data: s.completion.map((c) => (c == null ? null : Math.round(c * 1000) / 10)),
      })),
    };
  }, [trend.data]);

  const columns: ColumnsType<BoardUnit> = [
    { title: t('office.col.rank'), dataIndex: 'rank', width: 64, sorter: (x, y) => x.rank - y.rank, defaultSortOrder: 'ascend' },
    {
      title: t('office.col.unit'),
      key: 'unit',
      sorter: (x, y) => x.unit.name.localeCompare(y.unit.name, 'zh'),
      render: (_, u) => <Link to={paths.officeUnit.getHref(u.unit.id)}>{u.unit.name}</Link>,
    },
    { title: t('office.col.rounds'), key: 'rounds', width: 90, render: (_, u) => `${u.roundsOpen} / ${u.rounds}` },
    { title: t('office.col.problems'), dataIndex: 'problems', width: 80, sorter: (x, y) => x.problems - y.problems },
    { title: t('office.col.closed'), dataIndex: 'closed', width: 80, sorter: (x, y) => x.closed - y.closed },
    {
      title: t('office.col.completion'),
      key: 'completion',
      width: 150,
      sorter: (x, y) => x.completion - y.completion,
      render: (_, u) => <Progress percent={Math.round(u.completion * 1000) / 10} size="small" format={() => pct(u.completion)} />,
    },
    { title: t('office.col.onTime'), key: 'onTime', width: 110, render: (_, u) => `${u.closedOnTime} / ${u.closedLate}` },
    {
      title: t('office.col.red'),
      dataIndex: 'red',
      width: 70,
      sorter: (x, y) => x.red - y.red,
      render: (v: number) => (v ? <Tag color="error">{v}</Tag> : 0),
    },
    { title: t('office.col.yellow'), dataIndex: 'yellow', width: 70, sorter: (x, y) => x.yellow - y.yellow },
    { title: t('office.col.stalled'), dataIndex: 'stalled', width: 70, sorter: (x, y) => x.stalled - y.stalled },
    { title: t('office.col.orders'), dataIndex: 'openOrders', width: 80, sorter: (x, y) => x.openOrders - y.openOrders },
    {
      title: t('office.col.idle'),
      dataIndex: 'daysSinceProgress',
      width: 100,
      sorter: (x, y) => (x.daysSinceProgress ?? 1e9) - (y.daysSinceProgress ?? 1e9),
      render: (v: number | null) => (v == null ? '—' : t('office.days', { n: v })),
    },
    { title: t('office.col.feedback'), dataIndex: 'feedbackOpen', width: 80, sorter: (x, y) => x.feedbackOpen - y.feedbackOpen },
    {
      title: t('office.col.recurring'),
      dataIndex: 'recurring',
      width: 90,
      sorter: (x, y) => x.recurring - y.recurring,
      render: (v: number) => (v ? <Tag color="volcano">{v}</Tag> : 0),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('office.title')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('office.filter.kind')}
            allowClear
            placeholder={t('office.filter.kind')}
            style={{ width: 140 }}
            value={filters.kind}
            onChange={(v?: string) => set('kind', v)}
            options={INSPECTION_KINDS.map((k) => ({ value: k, label: t(`office.kind.${k}`) }))}
          />
          <Select
            aria-label={t('office.filter.year')}
            allowClear
            placeholder={t('office.filter.year')}
            style={{ width: 120 }}
            value={filters.year}
            onChange={(v?: number) => set('year', v)}
            options={(b?.years ?? []).map((y) => ({ value: y, label: t('office.year', { y }) }))}
          />
          <Button
            icon={<DownloadOutlined />}
            href={paths.evaluationsXlsx.getHref(filters.year ?? Number(b?.today.slice(0, 4) ?? new Date().getFullYear()))}
          >
            {t('office.exportYear', { y: filters.year ?? b?.today.slice(0, 4) ?? '' })}
          </Button>
          <Link to={paths.lookbacks.getHref()}>{t('office.lookbacks')}</Link>
        </Space>
      </Flex>
      {board.isPending ? (
        <PageSpinner />
      ) : board.isError ? (
        <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />
      ) : b ? (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic title={t('office.stat.units')} value={b.totals.units} />
              </Card>
            </Col>
            <Col xs={12} md={5}>
              <Card size="small">
                <Statistic title={t('office.stat.problems')} value={b.totals.problems} />
              </Card>
            </Col>
            <Col xs={12} md={5}>
              <Card size="small">
                <Statistic title={t('office.stat.completion')} value={b.totals.problems ? pct(b.totals.closed / b.totals.problems) : '—'} />
              </Card>
            </Col>
            <Col xs={12} md={5}>
              <Card size="small">
                <Statistic title={t('office.stat.red')} value={b.totals.red} valueStyle={{ color: '#c62828' }} />
              </Card>
            </Col>
            <Col xs={12} md={5}>
              <Card size="small">
                <Statistic title={t('office.stat.recurring')} value={b.totals.recurring} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('office.table')}>
            <Table<BoardUnit>
              rowKey={(u) => u.unit.id}
              size="small"
              columns={columns}
              dataSource={b.units}
              pagination={b.units.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: 1300 }}
              locale={{ emptyText: <Empty description={t('office.empty')} /> }}
            />
          </Card>
          {charts && (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('office.chart.completion')}>
                  <EChart option={charts.completion} label={t('office.chart.completion')} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('office.chart.overdue')}>
                  <EChart option={charts.overdue} label={t('office.chart.overdue')} />
                </Card>
              </Col>
            </Row>
          )}
          <Card size="small" title={t('office.chart.trend')}>
            {trendOption ? (
              <EChart option={trendOption} height={320} label={t('office.chart.trend')} />
            ) : (
              <Empty description={t('office.trendEmpty')} />
            )}
          </Card>
          <Typography.Text type="secondary">{t('office.asOf', { d: b.today })}</Typography.Text>
        </>
      ) : null}
    </Flex>
  );
}
