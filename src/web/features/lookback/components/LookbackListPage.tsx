/**
 * 回头看 list: the office's look-backs (of one round when ?inspectionId= is given,
 * with the form that opens a new one), and the unit's re-verification tasks.
 */
import { useState } from 'react';
import { Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, Modal, Radio, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { beijingToday, formatInstant } from '../../../lib/format';
import type { LookbackSummary } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { useLookbacks, useOpenLookback } from '../api/lookback';

function OpenLookback({ inspectionId }: { inspectionId: number }) {
  const t = useT();
  const navigate = useNavigate();
  const open = useOpenLookback(inspectionId);
  const [shown, setShown] = useState(false);
  const [method, setMethod] = useState<'random' | 'risk'>('random');
  const [size, setSize] = useState<number | null>(3);
  const [seed, setSeed] = useState('');
  const [due, setDue] = useState<Dayjs | null>(dayjs(beijingToday()).add(14, 'day'));
  const [note, setNote] = useState('');
  return (
    <>
      <Button type="primary" onClick={() => setShown(true)}>
        {t('lookback.open')}
      </Button>
      <Modal
        open={shown}
        title={t('lookback.open')}
        okText={t('lookback.draw')}
        confirmLoading={open.isPending}
        onCancel={() => setShown(false)}
        onOk={() =>
          open.mutate(
            { method, size: size ?? 1, seed: seed.trim() || undefined, answerDue: due?.format('YYYY-MM-DD') ?? '', note },
            { onSuccess: (d) => navigate(paths.lookback.getHref(d.id)) },
          )
        }
      >
        <Form layout="vertical">
          <Form.Item label={t('lookback.method')}>
            <Radio.Group value={method} onChange={(e) => setMethod(e.target.value as 'random' | 'risk')}>
              <Radio value="random">{t('lookback.method.random')}</Radio>
              <Radio value="risk">{t('lookback.method.risk')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('lookback.size')}>
            <InputNumber aria-label={t('lookback.size')} min={1} max={500} value={size} onChange={setSize} />
          </Form.Item>
          <Form.Item label={t('lookback.seed')} extra={t('lookback.seedHint')}>
            <Input aria-label={t('lookback.seed')} value={seed} onChange={(e) => setSeed(e.target.value)} maxLength={64} />
          </Form.Item>
          <Form.Item label={t('lookback.answerDue')}>
            <DatePicker aria-label={t('lookback.answerDue')} value={due} onChange={setDue} />
          </Form.Item>
          <Form.Item label={t('lookback.note')}>
            <Input.TextArea aria-label={t('lookback.note')} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
        {open.isError && <ErrorAlert error={open.error} />}
      </Modal>
    </>
  );
}

export default function LookbackListPage() {
  const t = useT();
  const [sp] = useSearchParams();
  const raw = Number(sp.get('inspectionId'));
  const inspectionId = Number.isInteger(raw) && raw > 0 ? raw : undefined;
  const me = useSession();
  const isOffice = !!me.data?.user.roles.some((r) => r.role === 'office_admin' && r.orgKind === 'office');
  const q = useLookbacks({ inspectionId });
  const columns: ColumnsType<LookbackSummary> = [
    { title: t('lookback.col.id'), dataIndex: 'id', width: 70, render: (id: number) => <Link to={paths.lookback.getHref(id)}>#{id}</Link> },
    { title: t('lookback.col.unit'), key: 'unit', render: (_, l) => l.unit.name },
    { title: t('lookback.col.round'), key: 'round', render: (_, l) => <Link to={paths.lookback.getHref(l.id)}>{l.inspection.name}</Link> },
    {
      title: t('lookback.method'),
      dataIndex: 'method',
      width: 100,
      render: (m: string) => t(`lookback.method.${m}` as 'lookback.method.random'),
    },
    { title: t('lookback.col.sample'), key: 'sample', width: 110, render: (_, l) => `${l.sampleSize} / ${l.population}` },
    {
      title: t('lookback.col.progress'),
      key: 'progress',
      render: (_, l) => t('lookback.counts', { r: l.counts.requested, a: l.counts.answered, c: l.counts.confirmed, o: l.counts.reopened }),
    },
    { title: t('lookback.answerDue'), dataIndex: 'answerDue', width: 110 },
    {
      title: t('lookback.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => (
        <Tag color={s === 'open' ? 'processing' : 'default'}>{t(`lookback.status.${s}` as 'lookback.status.open')}</Tag>
      ),
    },
    { title: t('lookback.col.opened'), key: 'opened', width: 150, render: (_, l) => formatInstant(l.openedAt) },
  ];
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('lookback.title')}
        </Typography.Title>
        {inspectionId && isOffice && <OpenLookback inspectionId={inspectionId} />}
      </Flex>
      {q.isPending ? (
        <PageSpinner />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Card size="small">
          <Table<LookbackSummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={q.data.items}
            pagination={false}
            locale={{ emptyText: <Empty description={t('lookback.none')} /> }}
          />
        </Card>
      )}
    </Flex>
  );
}
