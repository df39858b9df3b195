/**
 * What a session must do right after signing in, before the app opens: give
 * its second factor, change an initial or expired password, or bind the
 * authenticator the security policy requires. Stands alone (no menus: nothing
 * else answers until the step is done); the app shell sends people here.
 */
import { useState } from 'react';
import { Button, Card, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { Navigate, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useT } from '../../../i18n';
import { clearSession, meQueryKey, useSession } from '../../../lib/auth';
import { api } from '../../../lib/api';
import { paths } from '../../../config/paths';
import { PageSpinner } from '../../../components/PageSpinner';
import { ChangePasswordForm, MfaEnrolForm, MfaVerifyForm, RecoveryCodesView } from './forms';

export default function StepPage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  if (session.isPending) return <PageSpinner />;
  if (!session.data) return <Navigate to={paths.login.getHref()} replace />;
  const step = session.data.user.step;
  if (!step && !codes) return <Navigate to={paths.home.getHref()} replace />;

  const logout = async () => {
    await api.post('/auth/logout').catch(() => undefined);
    clearSession(qc);
    navigate(paths.login.getHref(), { replace: true });
  };
  const title = codes
    ? t('account.recoveryTitle')
    : step === 'mfa'
      ? t('account.stepMfa')
      : step === 'password'
        ? t('account.stepPassword')
        : t('account.stepEnrol');
  const hint = codes
    ? ''
    : step === 'mfa'
      ? t('account.stepMfaHint')
      : step === 'password'
        ? t('account.stepPasswordHint')
        : t('account.stepEnrolHint');

  return (
    <div
      style={{ minHeight: '100vh', background: 'linear-gradient(180deg, #a31515 0, #8e1212 170px, #f0f2f5 170px)', padding: '48px 16px' }}
    >
      <main style={{ maxWidth: 520, margin: '0 auto' }}>
        <Typography.Title level={1} style={{ color: '#fff', fontSize: 24, textAlign: 'center', marginBottom: 24 }}>
          {t('app.name')}
        </Typography.Title>
        <Card
          title={<h2 style={{ margin: 0, fontSize: 16 }}>{title}</h2>}
          extra={
            <Button type="link" size="small" icon={<LogoutOutlined />} onClick={() => void logout()}>
              {t('app.logout')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">
            {session.data.user.displayName}（{session.data.user.username}）{hint ? `：${hint}` : ''}
          </Typography.Paragraph>
          {codes ? (
            <RecoveryCodesView
              codes={codes}
              onContinue={() => {
                setCodes(null);
                void qc.invalidateQueries({ queryKey: meQueryKey });
              }}
            />
          ) : step === 'mfa' ? (
            <MfaVerifyForm />
          ) : step === 'password' ? (
            <ChangePasswordForm />
          ) : (
            <MfaEnrolForm onEnabled={setCodes} />
          )}
        </Card>
      </main>
    </div>
  );
}
