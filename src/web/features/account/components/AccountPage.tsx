/**
 * 账号安全: one's own password, second factor and sessions — each session with
 * where and when it began and the means to end it.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Popconfirm, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { formatInstant } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerFieldErrors, zodRule } from '../../../lib/zod-form';
import { describeAgent } from '../lib/agent';
import { mfaDisableBody, totpCode, type SessionInfo } from '../lib/domain';
import { useEndMySession, useMfaDisable, useMySessions, useNewRecoveryCodes } from '../api/account';
import { ChangePasswordForm, MfaEnrolForm, RecoveryCodesView } from './forms';

function MfaPanel() {
  const t = useT();
  const session = useSession();
  const disable = useMfaDisable();
  const renew = useNewRecoveryCodes();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [form] = Form.useForm<{ password: string }>();
  const [codeForm] = Form.useForm<{ code: string }>();
  const mfa = session.data?.user.mfa;
  if (!mfa) return null;
  if (codes) return <RecoveryCodesView codes={codes} onContinue={() => setCodes(null)} />;
  if (!mfa.enabled) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert
          type={mfa.required ? 'warning' : 'info'}
          showIcon
          title={mfa.required ? t('account.mfaRequired') : t('account.mfaOptional')}
        />
        <MfaEnrolForm onEnabled={setCodes} />
      </Space>
    );
  }
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 520 }}>
      <Alert type="success" showIcon title={t('account.mfaOn')} description={mfa.required ? t('account.mfaRequired') : undefined} />
      <Card size="small" title={t('account.newRecoveryCodes')}>
        <Form
          form={codeForm}
          layout="inline"
          name="recovery"
          onFinish={(v) =>
            renew.mutate(v.code, { onSuccess: (r) => setCodes(r.recoveryCodes), onError: (e) => applyServerFieldErrors(codeForm, e) })
          }
        >
          <Form.Item name="code" label={t('account.code')} rules={[zodRule(totpCode)]}>
            <Input inputMode="numeric" maxLength={6} style={{ width: 140 }} />
          </Form.Item>
          <Button htmlType="submit" loading={renew.isPending}>
            {t('account.generate')}
          </Button>
        </Form>
      </Card>
      {!mfa.required && (
        <Card size="small" title={t('account.mfaDisable')}>
          <Form
            form={form}
            layout="inline"
            name="mfa-disable"
            onFinish={(v) => disable.mutate(v.password, { onError: (e) => applyServerFieldErrors(form, e) })}
          >
            <Form.Item name="password" label={t('auth.password')} rules={[zodRule(mfaDisableBody.shape.password)]}>
              <Input.Password autoComplete="current-password" style={{ width: 200 }} />
            </Form.Item>
            <Button danger htmlType="submit" loading={disable.isPending}>
              {t('account.mfaDisable')}
            </Button>
          </Form>
          {disable.error && <ErrorAlert error={disable.error} />}
        </Card>
      )}
    </Space>
  );
}

function SessionsPanel() {
  const t = useT();
  const sessions = useMySessions();
  const end = useEndMySession();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {sessions.error && <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {end.error && <ErrorAlert error={end.error} />}
      <Table<SessionInfo>
        size="small"
        rowKey="id"
        loading={sessions.isLoading}
        dataSource={sessions.data ?? []}
        pagination={false}
        columns={[
          { title: t('account.sessionStarted'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
          { title: t('account.sessionLastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => formatInstant(v) },
          { title: t('account.sessionIp'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          {
            title: t('account.sessionBrowser'),
            dataIndex: 'userAgent',
            ellipsis: true,
            // what people recognise; the whole string on hover
            render: (v: string | null) => (v ? <Tooltip title={v}>{describeAgent(v) ?? v}</Tooltip> : '—'),
          },
          {
            title: '',
            key: 'end',
            width: 140,
            render: (_: unknown, s) =>
              s.current ? (
                <Tag color="green">{t('account.thisSession')}</Tag>
              ) : (
                <Popconfirm title={t('account.endSessionConfirm')} onConfirm={() => end.mutate(s.id)}>
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

export default function AccountPage() {
  const t = useT();
  const session = useSession();
  const user = session.data?.user;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('account.title')}
      </Typography.Title>
      {user && (
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('auth.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('account.name')}>{user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('account.renewBy')}>{formatInstant(user.renewBy)}</Descriptions.Item>
        </Descriptions>
      )}
      <Card>
        <Tabs
          items={[
            { key: 'password', label: t('account.tabPassword'), children: <ChangePasswordForm /> },
            { key: 'mfa', label: t('account.tabMfa'), children: <MfaPanel /> },
            { key: 'sessions', label: t('account.tabSessions'), children: <SessionsPanel /> },
          ]}
        />
      </Card>
    </Space>
  );
}
