import { useEffect, useState } from 'react';
import { App as AntdApp, Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import { useT, type MessageKey } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { formatInstant } from '../../../lib/format';
import { applyServerFieldErrors, parseForm } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { lightRulesBody, type LightRules } from '../../../lib/domain';
import { useLightRules, useSaveLightRules } from '../api/light-rules';

type Rules = LightRules['current'];
type Version = LightRules['versions'][number];

const NUMBERS = [
  { name: 'yellowDays', min: 0, max: 90, nullable: false },
  { name: 'stalledDays', min: 1, max: 365, nullable: true },
  { name: 'escalateRedDays', min: 1, max: 365, nullable: true },
  { name: 'orderRemindDays', min: 0, max: 30, nullable: false },
] as const;
const SWITCHES = ['orderYellow', 'orderOverdueRed', 'remindYellow', 'remindRed', 'remindStalled'] as const;

/** What changed from the version before, as "label: old → new" (the history's second column). */
function changes(v: Version, before: Version | undefined, label: (k: MessageKey) => string): string {
  if (!before) return label('lightrules.first');
  const out: string[] = [];
  for (const { name } of NUMBERS) {
    if (v[name] !== before[name])
      out.push(`${label(`lightrules.${name}`)}：${before[name] ?? label('lightrules.off')} → ${v[name] ?? label('lightrules.off')}`);
  }
  for (const name of SWITCHES) {
    if (v[name] !== before[name]) out.push(`${label(`lightrules.${name}`)}：${v[name] ? label('lightrules.on') : label('lightrules.off')}`);
  }
  return out.join('；') || label('lightrules.noChange');
}

function RulesForm({ officeId, rules }: { officeId: number; rules: LightRules }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm();
  const save = useSaveLightRules(officeId);
  const [error, setError] = useState<unknown>(null);
  const editable = rules.abilities.edit;

  useEffect(() => {
    const c: Rules = rules.current;
    form.setFieldsValue({ ...c, stalledOn: c.stalledDays !== null, escalateOn: c.escalateRedDays !== null, note: '' });
  }, [form, rules]);

  const onFinish = (v: Record<string, unknown>) => {
    setError(null);
    const body = parseForm(form, lightRulesBody, {
      ...v,
      stalledDays: v.stalledOn ? v.stalledDays : null,
      escalateRedDays: v.escalateOn ? v.escalateRedDays : null,
      note: v.note ?? '',
    });
    if (!body) return;
    save.mutate(body, {
      onSuccess: (r) => message.success(t('lightrules.saved', { n: r.current.version })),
      onError: (e) => {
        if (!applyServerFieldErrors(form, e)) setError(e);
      },
    });
  };

  const stalledOn = Form.useWatch('stalledOn', form);
  const escalateOn = Form.useWatch('escalateOn', form);
  return (
    <Form form={form} layout="vertical" onFinish={onFinish} disabled={!editable || save.isPending} name="light-rules">
      {error ? <ErrorAlert error={error} title={t('lightrules.failed')} /> : null}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend style={{ fontSize: 15, fontWeight: 600, marginBottom: 8 }}>{t('lightrules.lights')}</legend>
            <Form.Item name="yellowDays" label={t('lightrules.yellowDays')} extra={t('lightrules.yellowDaysHint')}>
              <InputNumber min={0} max={90} addonAfter={t('lightrules.days')} />
            </Form.Item>
            <Form.Item name="stalledOn" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t('lightrules.stalledOn')}</Checkbox>
            </Form.Item>
            <Form.Item name="stalledDays" label={t('lightrules.stalledDays')} hidden={!stalledOn}>
              <InputNumber min={1} max={365} addonAfter={t('lightrules.days')} />
            </Form.Item>
            <Form.Item name="orderYellow" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t('lightrules.orderYellow')}</Checkbox>
            </Form.Item>
            <Form.Item name="orderOverdueRed" valuePropName="checked">
              <Checkbox>{t('lightrules.orderOverdueRed')}</Checkbox>
            </Form.Item>
            <Typography.Paragraph type="secondary">{t('lightrules.fixed')}</Typography.Paragraph>
          </fieldset>
        </Col>
        <Col xs={24} md={12}>
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend style={{ fontSize: 15, fontWeight: 600, marginBottom: 8 }}>{t('lightrules.reminders')}</legend>
            <Form.Item name="remindYellow" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t('lightrules.remindYellow')}</Checkbox>
            </Form.Item>
            <Form.Item name="remindRed" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t('lightrules.remindRed')}</Checkbox>
            </Form.Item>
            <Form.Item name="remindStalled" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t('lightrules.remindStalled')}</Checkbox>
            </Form.Item>
            <Form.Item name="escalateOn" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t('lightrules.escalateOn')}</Checkbox>
            </Form.Item>
            <Form.Item name="escalateRedDays" label={t('lightrules.escalateRedDays')} hidden={!escalateOn}>
              <InputNumber min={1} max={365} addonAfter={t('lightrules.days')} />
            </Form.Item>
            <Form.Item name="orderRemindDays" label={t('lightrules.orderRemindDays')}>
              <InputNumber min={0} max={30} addonAfter={t('lightrules.days')} />
            </Form.Item>
          </fieldset>
        </Col>
      </Row>
      <Form.Item name="note" label={t('lightrules.note')}>
        <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('lightrules.notePlaceholder')} />
      </Form.Item>
      {editable ? (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('lightrules.save')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('lightrules.readOnly')}</Typography.Text>
      )}
    </Form>
  );
}

/** 指示灯与提醒规则 of an inspection office (巡察办), with who changed what and when. */
export default function LightRulesPage() {
  const t = useT();
  const session = useSession();
  const offices = (session.data?.user.roles ?? []).filter((r) => r.role === 'office_admin' && r.orgKind === 'office');
  const [officeId, setOfficeId] = useState<number | undefined>(offices[0]?.orgId);
  const rules = useLightRules(officeId);
  const label = (k: MessageKey) => t(k);

  if (!offices.length) return <Empty description={t('lightrules.noOffice')} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ margin: 0, fontSize: 18 }}>{t('lightrules.title')}</h1>}
        extra={
          offices.length > 1 && (
            <Select
              aria-label={t('lightrules.office')}
              value={officeId}
              onChange={setOfficeId}
              options={offices.map((o) => ({ value: o.orgId, label: o.orgName }))}
              style={{ minWidth: 200 }}
            />
          )
        }
      >
        {rules.isPending ? <PageSpinner /> : null}
        {rules.isError ? <ErrorAlert error={rules.error} onRetry={() => rules.refetch()} /> : null}
        {rules.data && officeId !== undefined ? (
          <>
            <Typography.Paragraph type="secondary">
              {rules.data.current.version ? t('lightrules.inForce', { n: rules.data.current.version }) : t('lightrules.defaults')}
            </Typography.Paragraph>
            <RulesForm officeId={officeId} rules={rules.data} />
          </>
        ) : null}
      </Card>
      {rules.data ? (
        <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('lightrules.versions')}</h2>}>
          <Table<Version>
            rowKey="version"
            size="small"
            pagination={false}
            scroll={{ x: 640 }}
            dataSource={rules.data.versions}
            locale={{ emptyText: t('lightrules.noVersions') }}
            columns={[
              { title: t('lightrules.version'), dataIndex: 'version', width: 72 },
              {
                title: t('lightrules.changes'),
                key: 'changes',
                render: (_, v, i) => changes(v, rules.data.versions[i + 1], label),
              },
              { title: t('lightrules.note'), dataIndex: 'note' },
              { title: t('lightrules.by'), key: 'by', width: 120, render: (_, v) => v.by.name ?? '—' },
              { title: t('lightrules.at'), key: 'at', width: 170, render: (_, v) => formatInstant(v.at) },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
