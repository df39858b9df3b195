/**
 * 轮次管理: the rounds the user reads, a new round for 巡察办 (its units) or
 * 整改办 (its own), and the way into each round's problem tree and plan import.
 */
import { useState } from 'react';
import { App as AntdApp, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useT } from '../../../i18n';
import { useInspections } from '../../../api/inspections';
import { useSession } from '../../../lib/auth';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { INSPECTION_KINDS, inspectionBody, type Inspection, type InspectionBody } from '../../../lib/domain';
import { zodRule } from '../../../lib/zod-form';
import { paths } from '../../../config/paths';
import { useCreateRound } from '../api/rounds';

interface RoundValues {
  unitId?: number;
  kind?: InspectionBody['kind'];
  title?: string;
  body?: string;
  onsite?: [Dayjs | null, Dayjs | null] | null;
  feedbackDate?: Dayjs | null;
  planDue?: Dayjs | null;
  reportDue?: Dayjs | null;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function CreateRoundModal({ onClose }: { onClose: (created?: Inspection) => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const session = useSession();
  const units = session.data?.user.units ?? [];
  const create = useCreateRound();
  const [form] = Form.useForm<RoundValues>();
  const rule = (field: keyof InspectionBody) => zodRule(inspectionBody.shape[field]);
  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      unitId: v.unitId,
      kind: v.kind,
      title: v.title,
      body: v.body,
      onsiteStart: day(v.onsite?.[0]),
      onsiteEnd: day(v.onsite?.[1]),
      feedbackDate: day(v.feedbackDate),
      planDue: day(v.planDue),
      reportDue: day(v.reportDue),
    };
    const parsed = inspectionBody.safeParse(body);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: (String(i.path[0]) === 'onsiteEnd' ? 'onsite' : String(i.path[0])) as keyof RoundValues,
          errors: [i.message],
        })),
      );
      return;
    }
    const created = await create.mutateAsync(parsed.data);
    message.success(t('rounds.created', { title: created.title }));
    onClose(created);
  };
  return (
    <Modal
      open
      title={t('rounds.new')}
      okText={t('rounds.create')}
      cancelText={t('common.cancel')}
      onOk={() => submit().catch(() => undefined)}
      confirmLoading={create.isPending}
      onCancel={() => onClose()}
      width={600}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: '巡察', unitId: units.length === 1 ? units[0].id : undefined }}>
        <Form.Item
          name="unitId"
          label={t('rounds.unit')}
          htmlFor="round-unit"
          rules={[{ required: true, message: t('rounds.unitRequired') }]}
        >
          <Select id="round-unit" options={units.map((u) => ({ value: u.id, label: u.name }))} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="kind" label={t('rounds.kind')} htmlFor="round-kind" rules={[rule('kind')]}>
          <Select id="round-kind" options={INSPECTION_KINDS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Form.Item name="title" label={t('rounds.title')} htmlFor="round-title" rules={[rule('title')]}>
          <Input id="round-title" maxLength={200} placeholder={t('rounds.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="body" label={t('rounds.body')} htmlFor="round-body" rules={[rule('body')]}>
          <Input id="round-body" maxLength={100} placeholder={t('rounds.bodyPlaceholder')} />
        </Form.Item>
        <Form.Item name="onsite" label={t('rounds.onsite')} htmlFor="round-onsite-start">
          <DatePicker.RangePicker
            id={{ start: 'round-onsite-start', end: 'round-onsite-end' }}
            allowEmpty={[true, true]}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="feedbackDate" label={t('rounds.feedbackDate')} htmlFor="round-feedback" style={{ flex: 1, minWidth: 160 }}>
            <DatePicker id="round-feedback" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="planDue" label={t('rounds.planDue')} htmlFor="round-plan-due" style={{ flex: 1, minWidth: 160 }}>
            <DatePicker id="round-plan-due" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reportDue" label={t('rounds.reportDue')} htmlFor="round-report-due" style={{ flex: 1, minWidth: 160 }}>
            <DatePicker id="round-report-due" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
      {create.isError && <ErrorAlert error={create.error} />}
    </Modal>
  );
}

export default function RoundsPage() {
  const t = useT();
  const session = useSession();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const rounds = useInspections({ page, pageSize, q: q || undefined });
  const [creating, setCreating] = useState(false);
  const may = session.data?.user.abilities.createInspection ?? false;
  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={12} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('rounds.pageTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('rounds.subtitle')}</Typography.Text>
        <div style={{ flex: 1 }} />
        {may && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('rounds.new')}
          </Button>
        )}
      </Flex>
      {rounds.isError && <ErrorAlert error={rounds.error} onRetry={() => rounds.refetch()} />}
      <Input.Search
        aria-label={t('rounds.search')}
        placeholder={t('rounds.search')}
        allowClear
        style={{ maxWidth: 320 }}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
      />
      <Card size="small">
        <Table<Inspection>
          size="small"
          rowKey="id"
          loading={rounds.isLoading}
          dataSource={rounds.data?.items ?? []}
          pagination={{
            current: page,
            pageSize,
            total: rounds.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => t('common.total', { n }),
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
          }}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('rounds.empty') }}
          columns={[
            {
              title: t('rounds.title'),
              key: 'title',
              render: (_, r) => <Link to={paths.round.getHref(r.id)}>{r.title}</Link>,
            },
            { title: t('rounds.unit'), dataIndex: 'unitName', width: 160 },
            { title: t('rounds.kind'), dataIndex: 'kind', width: 70 },
            { title: t('rounds.body'), dataIndex: 'body', width: 180 },
            { title: t('rounds.feedbackDate'), dataIndex: 'feedbackDate', width: 110, render: (v: string | null) => v ?? '—' },
            {
              title: t('rounds.problems'),
              key: 'count',
              width: 120,
              render: (_, r) => t('rounds.closedOf', { closed: r.closedCount, n: r.problemCount }),
            },
          ]}
        />
      </Card>
      {creating && <CreateRoundModal onClose={() => setCreating(false)} />}
    </Flex>
  );
}
