import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { loginBody, type LoginBody } from '../../../lib/domain';
import { isApiError } from '../../../lib/api';
import { applyServerFieldErrors, parseForm, zodRule } from '../../../lib/zod-form';
import { paths } from '../../../config/paths';
import { useLogin } from '../api/login';

/** Only same-site paths: `redirectTo` comes from the URL and must not leave the app. */
function safeRedirect(to: string | null): string {
  // without a destination, home: it sends each person to their start page (a handler's and a leader's is their 待办)
  return to && to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/login') ? to : paths.home.getHref();
}

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const [form] = Form.useForm<LoginBody>();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const loginMutation = useLogin();
  const redirectTo = safeRedirect(search.get('redirectTo'));

  if (session.data) return <Navigate to={redirectTo} replace />;

  const onFinish = (values: LoginBody) => {
    const body = parseForm(form, loginBody, values);
    if (!body) return;
    loginMutation.mutate(body, {
      onSuccess: () => navigate(redirectTo, { replace: true }),
      onError: (e) => applyServerFieldErrors(form, e),
    });
  };

  const error = loginMutation.error;
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'flex-start',
        background: 'linear-gradient(180deg, #a31515 0, #8e1212 calc(10vh + 150px), #f0f2f5 calc(10vh + 150px))',
        padding: 'calc(10vh + 24px) 16px 24px',
      }}
    >
      <main style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ textAlign: 'center', color: '#fff', marginBottom: 24 }}>
          <Typography.Title level={1} style={{ color: '#fff', fontSize: 26, margin: 0, letterSpacing: lang === 'zh' ? 3 : 0 }}>
            {t('app.name')}
          </Typography.Title>
          <div style={{ opacity: 0.9, marginTop: 6 }}>{t('auth.subtitle')}</div>
        </div>
        <Card
          title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('auth.title')}</h2>}
          extra={
            <Button
              type="link"
              size="small"
              icon={<TranslationOutlined />}
              aria-label={`${lang === 'zh' ? t('app.switchToEnglish') : t('app.switchToChinese')}（${t('app.switchLanguage')}）`}
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            >
              {lang === 'zh' ? t('app.switchToEnglish') : t('app.switchToChinese')}
            </Button>
          }
          style={{ boxShadow: '0 4px 16px rgba(0,0,0,0.08)' }}
        >
          <Form<LoginBody>
            form={form}
            layout="vertical"
            name="login"
            onFinish={onFinish}
            requiredMark={false}
            disabled={loginMutation.isPending}
          >
            {error && !(isApiError(error) && error.code === 'bad_request' && error.fieldIssues.length) && (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={error.message}
                description={isApiError(error) && error.code !== 'unauthorized' ? `${t('common.code')}: ${error.code}` : undefined}
                style={{ marginBottom: 16 }}
              />
            )}
            <Form.Item name="username" label={t('auth.username')} rules={[zodRule(loginBody.shape.username)]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[zodRule(loginBody.shape.password)]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} />
            </Form.Item>
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" block size="large" loading={loginMutation.isPending}>
                {t('auth.submit')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
            {t('auth.footer')}
          </Typography.Paragraph>
        </Card>
      </main>
    </div>
  );
}
