/**
 * 安全策略, the security administrator's page: password rules, lockout,
 * address throttling, session limits, the roles that must use a second
 * factor, the address ranges sign-ins may come from; and every session in
 * force, with the means to end any of them.
 */
import { useEffect } from 'react';
import { Alert, Button, Card, Col, Form, InputNumber, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useT } from '../../../i18n';
import { formatInstant } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerFieldErrors } from '../../../lib/zod-form';
import { ROLES, type SecurityPolicyBody, type SessionInfo } from '../lib/domain';
import { useAllSessions, useEndSession, useSavePolicy, useSecurityPolicy } from '../api/admin';

const NUMBERS: { name: keyof SecurityPolicyBody; min: number; max: number }[] = [
  { name: 'passwordMinLength', min: 8, max: 64 },
  { name: 'passwordMinClasses', min: 3, max: 4 },
  { name: 'passwordHistory', min: 0, max: 24 },
  { name: 'passwordMaxAgeDays', min: 1, max: 3650 },
  { name: 'lockMaxFailures', min: 3, max: 20 },
  { name: 'lockMinutes', min: 1, max: 1440 },
  { name: 'addressMaxFailures', min: 5, max: 10000 },
  { name: 'addressWindowMinutes', min: 1, max: 1440 },
  { name: 'maxSessions', min: 1, max: 100 },
];

function PolicyForm() {
  const t = useT();
  const policy = useSecurityPolicy();
  const save = useSavePolicy();
  const [form] = Form.useForm<SecurityPolicyBody>();
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);
  if (policy.error) return <ErrorAlert error={policy.error} onRetry={() => void policy.refetch()} />;
  return (
    <Form<SecurityPolicyBody>
      form={form}
      layout="vertical"
      name="security-policy"
      disabled={!policy.data || save.isPending}
      onFinish={(v) => save.mutate(v, { onError: (e) => applyServerFieldErrors(form, e) })}
    >
      {policy.data && (
        <Alert
          type={policy.data.source === 'saved' ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            policy.data.source === 'saved'
              ? t('admin.policySaved', { at: formatInstant(policy.data.updatedAt), by: policy.data.updatedBy ?? '—' })
              : t('admin.policyDefault')
          }
        />
      )}
      {save.isSuccess && <Alert type="success" showIcon title={t('admin.policySavedNow')} style={{ marginBottom: 12 }} />}
      {save.error && <ErrorAlert error={save.error} />}
      <Row gutter={16}>
        {NUMBERS.map((n) => (
          <Col key={n.name} xs={24} sm={12} lg={8}>
            <Form.Item name={n.name} label={t(`admin.policy.${n.name}`)} rules={[{ required: true, message: t('admin.required') }]}>
              <InputNumber min={n.min} max={n.max} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item name="mfaRoles" label={t('admin.policy.mfaRoles')} extra={t('admin.policy.mfaRolesHint')}>
        <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form.Item>
      <Form.Item name="allowedRanges" label={t('admin.policy.allowedRanges')} extra={t('admin.policy.rangesHint')}>
        <Select mode="tags" tokenSeparators={[',', ' ']} open={false} placeholder="10.1.0.0/16" />
      </Form.Item>
      <Form.Item name="adminRanges" label={t('admin.policy.adminRanges')} extra={t('admin.policy.adminRangesHint')}>
        <Select mode="tags" tokenSeparators={[',', ' ']} open={false} placeholder="127.0.0.1/32" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('admin.savePolicy')}
      </Button>
    </Form>
  );
}

function AllSessions() {
  const t = useT();
  const sessions = useAllSessions();
  const end = useEndSession();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {sessions.error && <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {end.error && <ErrorAlert error={end.error} />}
      <Table<SessionInfo>
        size="small"
        rowKey="id"
        loading={sessions.isLoading}
        dataSource={sessions.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('auth.username'), key: 'user', render: (_: unknown, s) => `${s.user.displayName}（${s.user.username}）` },
          { title: t('account.sessionStarted'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
          { title: t('account.sessionLastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => formatInstant(v) },
          { title: t('account.sessionIp'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          {
            title: t('admin.mfa'),
            dataIndex: 'mfaPassed',
            width: 90,
            render: (v: boolean) => (v ? <Tag color="purple">{t('admin.mfaGiven')}</Tag> : '—'),
          },
          {
            title: '',
            key: 'end',
            width: 130,
            render: (_: unknown, s) =>
              s.current ? (
                <Tag color="green">{t('account.thisSession')}</Tag>
              ) : (
                <Popconfirm title={t('admin.endSessionConfirm', { user: s.user.username })} onConfirm={() => end.mutate(s.id)}>
                  <Button size="small" danger>
                    {t('account.endSession')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Space>
  );
}

export default function SecurityPage() {
  const t = useT();
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0, display: 'inline-block', marginRight: 12 }}>
          {t('admin.securityTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('admin.securitySubtitle')}</Typography.Text>
      </div>
      <Card title={t('admin.policyTitle')}>
        <PolicyForm />
      </Card>
      <Card title={t('admin.sessionsTitle')}>
        <AllSessions />
      </Card>
    </Space>
  );
}
