import { useEffect, useState } from 'react';
import { App as AntdApp, Button, Card, Empty, Form, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { formatInstant } from '../../../lib/format';
import { applyServerFieldErrors, parseForm } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { digestScheduleBody, type Channel, type Channels, type Delivery } from '../../../lib/domain';
import { useChannels, useDeleteChannel, useSaveSchedule, useTestChannel } from '../api/channels';
import { ChannelModal } from './ChannelModal';

const DELIVERY_COLOR: Record<Delivery['status'], string> = { pending: 'gold', sending: 'processing', sent: 'success', failed: 'error' };

function Schedule({ data }: { data: Channels }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm();
  const save = useSaveSchedule(data.unit.id);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => form.setFieldsValue(data.schedule), [form, data.schedule]);
  const onFinish = (v: unknown) => {
    setError(null);
    const body = parseForm(form, digestScheduleBody, v);
    if (!body) return;
    save.mutate(body, {
      onSuccess: () => message.success(t('channels.scheduleSaved')),
      onError: (e) => (applyServerFieldErrors(form, e) ? undefined : setError(e)),
    });
  };
  return (
    <Form form={form} layout="inline" onFinish={onFinish} disabled={!data.abilities.edit} name="digest-schedule">
      {error ? <ErrorAlert error={error} /> : null}
      <Form.Item name="weeklyWeekday" label={t('channels.weekly')}>
        <Select
          style={{ width: 120 }}
          options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`weekday.${d as 1 | 2 | 3 | 4 | 5 | 6 | 7}`) }))}
        />
      </Form.Item>
      <Form.Item name="monthlyDay" label={t('channels.monthly')}>
        <InputNumber min={1} max={28} addonAfter={t('channels.dayOfMonth')} />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending}>
        {t('channels.save')}
      </Button>
    </Form>
  );
}

function ChannelsCard({ data }: { data: Channels }) {
  const t = useT();
  const { message, modal } = AntdApp.useApp();
  const [editing, setEditing] = useState<Channel | null | undefined>(undefined);
  const del = useDeleteChannel(data.unit.id);
  const test = useTestChannel(data.unit.id);
  const editable = data.abilities.edit;

  const runTest = (c: Channel) =>
    test.mutate(c.id, {
      onSuccess: (r) =>
        r.ok
          ? message.success(t('channels.testOk', { name: c.name }))
          : modal.error({ title: t('channels.testFailed', { name: c.name }), content: r.error ?? '' }),
      onError: (e) => message.error(e.message),
    });

  return (
    <Card
      size="small"
      title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('channels.list')}</h2>}
      extra={
        editable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('channels.add')}
          </Button>
        )
      }
    >
      <Table<Channel>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 720 }}
        dataSource={data.channels}
        locale={{ emptyText: <Empty description={t('channels.none')} /> }}
        columns={[
          { title: t('channels.name'), dataIndex: 'name' },
          { title: t('channels.kind'), key: 'kind', render: (_, c) => t(`channelKind.${c.kind}`) },
          {
            title: t('channels.target'),
            key: 'target',
            render: (_, c) => (
              <Typography.Text style={{ wordBreak: 'break-all' }}>
                {c.kind === 'email' ? c.emailTo.join('，') : c.url}
                {c.hasSecret ? <Tag style={{ marginInlineStart: 8 }}>{t('channels.signed')}</Tag> : null}
              </Typography.Text>
            ),
          },
          {
            title: t('channels.enabled'),
            key: 'enabled',
            render: (_, c) => (c.enabled ? <Tag color="success">{t('channels.on')}</Tag> : <Tag>{t('channels.off')}</Tag>),
          },
          {
            title: t('channels.failedCount'),
            key: 'failed',
            align: 'right',
            render: (_, c) => (c.failed ? <Tag color="error">{c.failed}</Tag> : 0),
          },
          {
            title: t('channels.actions'),
            key: 'actions',
            render: (_, c) => (
              <Space size={4} wrap>
                <Button size="small" icon={<SendOutlined />} loading={test.isPending && test.variables === c.id} onClick={() => runTest(c)}>
                  {t('channels.test')}
                </Button>
                {editable && (
                  <>
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      aria-label={t('channels.editNamed', { name: c.name })}
                      onClick={() => setEditing(c)}
                    />
                    <Popconfirm title={t('channels.deleteConfirm', { name: c.name })} onConfirm={() => del.mutate(c.id)}>
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('channels.deleteNamed', { name: c.name })} />
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ChannelModal unitId={data.unit.id} channel={editing ?? null} open={editing !== undefined} onClose={() => setEditing(undefined)} />
    </Card>
  );
}

/** 通知渠道 of a unit (整改办): robots and mailboxes, the digest days, and every delivery with its failures. */
export default function ChannelsPage() {
  const t = useT();
  const session = useSession();
  const units = (session.data?.user.roles ?? []).filter((r) => r.role === 'unit_admin' && r.orgKind === 'unit');
  const [unitId, setUnitId] = useState<number | undefined>(units[0]?.orgId);
  const channels = useChannels(unitId);
  if (!units.length) return <Empty description={t('channels.noUnit')} />;
  const data = channels.data;
  const failed = data?.deliveries.filter((d) => d.status === 'failed').length ?? 0;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ margin: 0, fontSize: 18 }}>{t('channels.title')}</h1>}
        extra={
          units.length > 1 && (
            <Select
              aria-label={t('channels.unit')}
              value={unitId}
              onChange={setUnitId}
              options={units.map((u) => ({ value: u.orgId, label: u.orgName }))}
              style={{ minWidth: 200 }}
            />
          )
        }
      >
        {channels.isPending ? <PageSpinner /> : null}
        {channels.isError ? <ErrorAlert error={channels.error} onRetry={() => channels.refetch()} /> : null}
        {data ? (
          <>
            <Typography.Paragraph type="secondary">{t('channels.scheduleHelp')}</Typography.Paragraph>
            <Schedule data={data} />
          </>
        ) : null}
      </Card>
      {data ? <ChannelsCard data={data} /> : null}
      {data ? (
        <Card
          size="small"
          title={
            <h2 style={{ margin: 0, fontSize: 15 }}>
              {t('channels.deliveries')}
              {failed ? (
                <Tag color="error" style={{ marginInlineStart: 8 }}>
                  {t('channels.failedN', { n: failed })}
                </Tag>
              ) : null}
            </h2>
          }
        >
          <Table<Delivery>
            rowKey="id"
            size="small"
            scroll={{ x: 820 }}
            dataSource={data.deliveries}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: t('channels.noDeliveries') }}
            columns={[
              { title: t('channels.createdAt'), key: 'createdAt', width: 160, render: (_, d) => formatInstant(d.createdAt) },
              { title: t('channels.channel'), key: 'channel', render: (_, d) => d.channel.name },
              { title: t('channels.message'), dataIndex: 'title' },
              {
                title: t('channels.status'),
                key: 'status',
                render: (_, d) => <Tag color={DELIVERY_COLOR[d.status]}>{t(`deliveryStatus.${d.status}`)}</Tag>,
              },
              { title: t('channels.attempts'), dataIndex: 'attempts', align: 'right', width: 80 },
              {
                title: t('channels.detail'),
                key: 'detail',
                render: (_, d) =>
                  d.status === 'sent' ? (
                    formatInstant(d.sentAt)
                  ) : d.lastError ? (
                    <Typography.Text type="danger" style={{ wordBreak: 'break-all' }}>
                      {d.lastError}
                      {d.status === 'pending' && d.nextAttemptAt
                        ? `（${t('channels.nextAttempt', { at: formatInstant(d.nextAttemptAt) })}）`
                        : ''}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
