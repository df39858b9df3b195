/**
 * The account's forms, used on the step page after sign-in and on the account
 * page: change the password, bind an authenticator (QR code, first code,
 * recovery codes shown once), give a code or a recovery code.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Radio, Space, Typography } from 'antd';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerFieldErrors, zodRule } from '../../../lib/zod-form';
import { isApiError } from '../../../lib/api';
import { passwordChangeBody, totpCode } from '../lib/domain';
import { useChangePassword, useMfaEnable, useMfaSetup, useMfaVerify, usePasswordRules } from '../api/account';

/** The rules of the security policy, as one sentence. */
export function PasswordRulesHint() {
  const t = useT();
  const rules = usePasswordRules();
  if (!rules.data) return null;
  return (
    <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
      {t('account.rules', {
        min: rules.data.minLength,
        classes: rules.data.minClasses,
        history: rules.data.history,
        days: rules.data.maxAgeDays,
      })}
    </Typography.Paragraph>
  );
}

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const t = useT();
  const [form] = Form.useForm<PasswordValues>();
  const change = useChangePassword();
  const [done, setDone] = useState(false);
  const onFinish = (v: PasswordValues) => {
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          setDone(true);
          onDone?.();
        },
        onError: (e) => applyServerFieldErrors(form, e),
      },
    );
  };
  return (
    <Form<PasswordValues>
      form={form}
      layout="vertical"
      name="password"
      onFinish={onFinish}
      requiredMark={false}
      style={{ maxWidth: 420 }}
      disabled={change.isPending}
    >
      <PasswordRulesHint />
      {done && <Alert type="success" showIcon title={t('account.passwordChanged')} style={{ marginBottom: 12 }} />}
      {change.error && !onFields(change.error) && <ErrorAlert error={change.error} />}
      <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[zodRule(passwordChangeBody.shape.currentPassword)]}>
        <Input.Password autoComplete="current-password" maxLength={256} />
      </Form.Item>
      <Form.Item name="newPassword" label={t('account.newPassword')} rules={[zodRule(passwordChangeBody.shape.newPassword)]}>
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('account.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_r, v: unknown) => {
              if (v !== getFieldValue('newPassword')) throw new Error(t('account.confirmMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('account.changePassword')}
      </Button>
    </Form>
  );
}

/** Field errors are shown on the fields; the alert only for the rest. */
function onFields(e: unknown): boolean {
  return isApiError(e) && e.fieldIssues.length > 0;
}

/** Ten recovery codes, shown once. */
export function RecoveryCodesView({ codes, onContinue }: { codes: string[]; onContinue?: () => void }) {
  const t = useT();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="warning" showIcon title={t('account.recoveryTitle')} description={t('account.recoveryHint')} />
      <pre
        aria-label={t('account.recoveryTitle')}
        style={{ background: '#f6f7f9', padding: 12, borderRadius: 4, columns: 2, fontSize: 15, margin: 0 }}
      >
        {codes.join('\n')}
      </pre>
      {onContinue && (
        <Button type="primary" onClick={onContinue}>
          {t('account.recoverySaved')}
        </Button>
      )}
    </Space>
  );
}

/** Binding an authenticator app: the QR code (and the secret to type), then the first code. */
export function MfaEnrolForm({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const t = useT();
  const setup = useMfaSetup();
  const enable = useMfaEnable();
  const [form] = Form.useForm<{ code: string }>();
  if (!setup.data) {
    return (
      <Space direction="vertical">
        <Typography.Paragraph style={{ margin: 0 }}>{t('account.mfaIntro')}</Typography.Paragraph>
        {setup.error && <ErrorAlert error={setup.error} />}
        <Button type="primary" loading={setup.isPending} onClick={() => setup.mutate()}>
          {t('account.mfaStart')}
        </Button>
      </Space>
    );
  }
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('account.mfaScan')}</Typography.Paragraph>
      <img
        src={setup.data.qr}
        alt={t('account.mfaQrAlt')}
        width={200}
        height={200}
        style={{ border: '1px solid #e5e8ed', borderRadius: 4 }}
      />
      <Typography.Text type="secondary">
        {t('account.mfaSecret')}{' '}
        <Typography.Text code copyable>
          {setup.data.secret}
        </Typography.Text>
      </Typography.Text>
      <Form
        form={form}
        layout="inline"
        name="mfa-enable"
        onFinish={(v) =>
          enable.mutate(v.code, {
            onSuccess: (r) => onEnabled(r.recoveryCodes),
            onError: (e) => applyServerFieldErrors(form, e),
          })
        }
      >
        <Form.Item name="code" label={t('account.code')} rules={[zodRule(totpCode)]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 140 }} autoFocus />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={enable.isPending}>
          {t('account.mfaEnable')}
        </Button>
      </Form>
      {enable.error && !onFields(enable.error) && <ErrorAlert error={enable.error} />}
    </Space>
  );
}

/** The second step of a sign-in: the app's code, or a recovery code. */
export function MfaVerifyForm() {
  const t = useT();
  const verify = useMfaVerify();
  const [mode, setMode] = useState<'code' | 'recoveryCode'>('code');
  const [form] = Form.useForm<{ code?: string; recoveryCode?: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      name="mfa-verify"
      requiredMark={false}
      onFinish={(v) =>
        verify.mutate(mode === 'code' ? { code: v.code } : { recoveryCode: v.recoveryCode }, {
          onError: (e) => applyServerFieldErrors(form, e),
        })
      }
    >
      <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'code' | 'recoveryCode')} style={{ marginBottom: 12 }}>
        <Radio.Button value="code">{t('account.useCode')}</Radio.Button>
        <Radio.Button value="recoveryCode">{t('account.useRecovery')}</Radio.Button>
      </Radio.Group>
      {mode === 'code' ? (
        <Form.Item name="code" label={t('account.code')} rules={[zodRule(totpCode)]} extra={t('account.codeHint')}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus size="large" />
        </Form.Item>
      ) : (
        <Form.Item
          name="recoveryCode"
          label={t('account.recoveryCode')}
          rules={[{ required: true, message: t('account.recoveryRequired') }]}
        >
          <Input maxLength={11} autoFocus size="large" placeholder="XXXXX-XXXXX" />
        </Form.Item>
      )}
      {verify.error && !onFields(verify.error) && <ErrorAlert error={verify.error} />}
      <Button type="primary" htmlType="submit" block size="large" loading={verify.isPending} style={{ marginTop: 8 }}>
        {t('account.verify')}
      </Button>
    </Form>
  );
}
