/**
 * The signed-in shell: red header band with the system name, language switch
 * and user menu; side menu; the lazy page in the content area. Nobody signed in
 * → login page, remembering where the person wanted to go.
 */
import { Suspense, useState } from 'react';
import { Button, Dropdown, Grid, Layout, Menu, Space, Tooltip, Typography, App as AntdApp } from 'antd';
import {
  ApartmentOutlined,
  FundProjectionScreenOutlined,
  HistoryOutlined,
  DashboardOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  SettingOutlined,
  DownOutlined,
  ImportOutlined,
  SolutionOutlined,
  FileTextOutlined,
  GlobalOutlined,
  MessageOutlined,
  LogoutOutlined,
  TableOutlined,
  TranslationOutlined,
  UserOutlined,
  SafetyOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  AlertOutlined,
  BulbOutlined,
  NotificationOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useSession } from '../../lib/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpinner } from '../../components/PageSpinner';
import { useLogout } from '../../features/auth/api/logout';
import { TodoMenuIcon, TodoMenuLabel } from '../../features/todo/components/TodoBadge';
import { InboxBell } from '../../features/inbox/components/InboxBell';
import type { CurrentUser } from '../../lib/domain';
import { paths } from '../../config/paths';

const { Header, Sider, Content } = Layout;

function menuKey(pathname: string): string {
  if (pathname.startsWith('/todo')) return 'todo';
  if (pathname.startsWith('/settings/unit')) return 'unitSettings';
  if (pathname.startsWith('/settings/people')) return 'people';
  if (pathname.startsWith('/supervision')) return 'orders';
  if (pathname.startsWith('/settings/light-rules')) return 'lightRules';
  if (pathname.startsWith('/settings/channels')) return 'channels';
  if (pathname.startsWith('/dispatch')) return 'dispatch';
  if (pathname.startsWith('/inbox')) return 'inbox';
  if (pathname.startsWith('/dashboard')) return 'dashboard';
  if (pathname.startsWith('/import')) return 'import';
  if (pathname.startsWith('/audit')) return 'audit';
  if (pathname.startsWith('/admin/users')) return 'adminUsers';
  if (pathname.startsWith('/account')) return 'account';
  if (pathname.startsWith('/admin/security')) return 'adminSecurity';
  if (pathname.startsWith('/registers')) return 'registers';
  if (pathname.startsWith('/notices')) return 'notices';
  if (pathname.startsWith('/publications')) return 'publications';
  if (pathname.startsWith('/feedback')) return 'feedback';
  if (pathname.startsWith('/rounds')) return 'rounds';
  if (pathname.startsWith('/office') || pathname.startsWith('/evaluation')) return 'office';
  if (pathname.startsWith('/lookbacks')) return 'lookbacks';
  return 'ledger';
}

function RolesText({ user }: { user: CurrentUser }) {
  const { t } = useI18n();
  if (!user.roles.length) return <>{t('app.noRoles')}</>;
  const labels = [...new Set(user.roles.map((r) => `${t(`role.${r.role}`)}${r.orgName ? `·${r.orgName}` : ''}`))];
  return <>{labels.join('，')}</>;
}

export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  // a phone (under 576 px): the header keeps the logo, the language icon and the name, so nothing runs off the screen
  const narrow = !Grid.useBreakpoint().sm;
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = AntdApp.useApp();
  // a person who signs out leaves no page behind for whoever signs in next (a lapsed session does)
  const [signingOut, setSigningOut] = useState(false);

  if (session.isPending) return <PageSpinner />;
  if (session.isError) {
    return (
      <div style={{ maxWidth: 640, margin: '80px auto' }}>
        <ErrorAlert error={session.error} onRetry={() => session.refetch()} />
      </div>
    );
  }
  if (!session.data) {
    return <Navigate to={paths.login.getHref(signingOut ? null : location.pathname + location.search)} replace />;
  }
  const { user } = session.data;
  // a session that still owes its second factor or a password change does that first (issue 13)
  if (user.step) return <Navigate to={paths.accountStep.getHref()} replace />;
  // the 三员 read no ledger: the audit administrator starts on the audit trail
  if (!user.abilities.viewLedger && user.abilities.viewAudit && (location.pathname === '/' || location.pathname.startsWith('/ledger'))) {
    return <Navigate to={paths.audit.getHref()} replace />;
  }
  // …the system and security administrators on their own pages
  const landing =
    !user.abilities.viewLedger && (location.pathname === '/' || ['/ledger', '/todo'].some((p) => location.pathname.startsWith(p)));
  if (landing && user.abilities.manageUsers) return <Navigate to={paths.adminUsers.getHref()} replace />;
  if (landing && user.abilities.manageSecurity) return <Navigate to={paths.adminSecurity.getHref()} replace />;

  const onLogout = () => {
    setSigningOut(true);
    logout.mutate(undefined, {
      onSettled: () => {
        message.success(t('app.loggedOut'));
        navigate(paths.login.getHref(), { replace: true });
      },
    });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: narrow ? 8 : 16,
          color: '#fff',
          position: 'sticky',
          top: 0,
          zIndex: 10,
          ...(narrow ? { paddingInline: 12 } : {}),
        }}
      >
        <Link to={paths.ledger.getHref()} style={{ color: '#fff', display: 'flex', alignItems: 'center', gap: 10 }}>
          <span
            aria-hidden
            style={{
              width: 30,
              height: 30,
              borderRadius: 4,
              background: '#fff',
              color: '#a31515',
              fontWeight: 700,
              display: 'inline-flex',
              alignItems: 'center',
              justifyContent: 'center',
              fontSize: 18,
            }}
          >
            改
          </span>
          {narrow ? (
            <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{t('app.name')}</span>
          ) : (
            <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: lang === 'zh' ? 2 : 0 }}>{t('app.name')}</span>
          )}
        </Link>
        <div style={{ flex: 1 }} />
        {/* the inbox: everyone who works on the ledger gets reminders */}
        {(user.abilities.viewLedger || user.abilities.viewTodo) && <InboxBell />}
        <Tooltip title={t('app.switchLanguage')}>
          <Button
            type="text"
            icon={<TranslationOutlined />}
            style={{ color: '#fff' }}
            // the accessible name starts with the visible text (WCAG 2.5.3), then says what the button does
            aria-label={`${lang === 'zh' ? t('app.switchToEnglish') : t('app.switchToChinese')}（${t('app.switchLanguage')}）`}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {narrow ? null : lang === 'zh' ? t('app.switchToEnglish') : t('app.switchToChinese')}
          </Button>
        </Tooltip>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              {
                key: 'who',
                disabled: true,
                label: (
                  <div style={{ maxWidth: 280, whiteSpace: 'normal', color: '#555' }}>
                    {user.username}
                    <br />
                    <RolesText user={user} />
                  </div>
                ),
              },
              { type: 'divider' },
              { key: 'account', icon: <SafetyOutlined />, label: <Link to={paths.account.getHref()}>{t('nav.account')}</Link> },
              { key: 'logout', icon: <LogoutOutlined />, label: t('app.logout'), danger: true, onClick: onLogout },
            ],
          }}
        >
          <Button type="text" title={t('app.userMenu')} style={{ color: '#fff', height: 48 }}>
            <Space size={8} align="center">
              <UserOutlined />
              <span style={{ display: 'inline-flex', flexDirection: 'column', lineHeight: 1.25, textAlign: 'left' }}>
                <span style={{ fontWeight: 600 }}>{user.displayName}</span>
                {!narrow && (
                  <span
                    style={{
                      fontSize: 12,
                      opacity: 0.85,
                      maxWidth: 260,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap',
                    }}
                  >
                    <RolesText user={user} />
                  </span>
                )}
              </span>
              <DownOutlined style={{ fontSize: 10 }} />
            </Space>
          </Button>
        </Dropdown>
      </Header>
      <Layout>
        <Sider width={184} breakpoint="lg" collapsedWidth={56} theme="light" style={{ borderRight: '1px solid #e5e8ed' }}>
          <nav aria-label={t('nav.main')}>
            <Menu
              mode="inline"
              selectedKeys={[menuKey(location.pathname)]}
              style={{ borderInlineEnd: 'none', paddingTop: 8 }}
              items={[
                // 待办 first, with the count of what waits (the handler's and the leader's home page)
                ...(user.abilities.viewTodo
                  ? [
                      {
                        key: 'todo',
                        icon: <TodoMenuIcon enabled icon={<CheckSquareOutlined />} />,
                        label: (
                          <Link to={paths.todo.getHref()}>
                            <TodoMenuLabel enabled />
                          </Link>
                        ),
                      },
                    ]
                  : []),
                ...(user.abilities.viewLedger
                  ? [
                      { key: 'ledger', icon: <TableOutlined />, label: <Link to={paths.ledger.getHref()}>{t('nav.ledger')}</Link> },
                      {
                        key: 'dashboard',
                        icon: <DashboardOutlined />,
                        label: <Link to={paths.dashboard.getHref()}>{t('nav.dashboard')}</Link>,
                      },
                      // the registers are read by whoever reads the ledger; names only by those the server allows
                      {
                        key: 'registers',
                        icon: <SolutionOutlined />,
                        label: <Link to={paths.registers.getHref()}>{t('nav.registers')}</Link>,
                      },
                      { key: 'notices', icon: <FileTextOutlined />, label: <Link to={paths.notices.getHref()}>{t('nav.notices')}</Link> },
                      {
                        key: 'publications',
                        icon: <GlobalOutlined />,
                        label: <Link to={paths.publications.getHref()}>{t('nav.publications')}</Link>,
                      },
                      { key: 'feedback', icon: <MessageOutlined />, label: <Link to={paths.feedback.getHref()}>{t('nav.feedback')}</Link> },
                    ]
                  : []),
                // rounds and their problem trees: whoever reads the ledger sees them, 巡察办 and 整改办 edit them
                // the inspection office's board (issue 10); look-backs for the office and for the units that answer them
                ...(user.roles.some((r) => (r.role === 'office_admin' || r.role === 'inspector') && r.orgKind === 'office')
                  ? [
                      {
                        key: 'office',
                        icon: <FundProjectionScreenOutlined />,
                        label: <Link to={paths.office.getHref()}>{t('nav.office')}</Link>,
                      },
                    ]
                  : []),
                ...(user.roles.some((r) => r.role === 'office_admin' || r.role === 'unit_admin')
                  ? [
                      {
                        key: 'lookbacks',
                        icon: <HistoryOutlined />,
                        label: <Link to={paths.lookbacks.getHref()}>{t('nav.lookbacks')}</Link>,
                      },
                    ]
                  : []),
                ...(user.abilities.viewLedger
                  ? [{ key: 'rounds', icon: <ApartmentOutlined />, label: <Link to={paths.rounds.getHref()}>{t('nav.rounds')}</Link> }]
                  : []),
                // only those who may import see the entry (the page itself also says so)
                ...(user.abilities.importNotice
                  ? [{ key: 'import', icon: <ImportOutlined />, label: <Link to={paths.import.getHref()}>{t('nav.import')}</Link> }]
                  : []),
                // supervision (issue 9): orders for whoever works on the ledger; the digest for those who read a unit's whole
                // ledger (not a department's handler); light rules for 巡察办; channels for 整改办
                ...(user.abilities.viewLedger || user.abilities.viewTodo
                  ? [
                      {
                        key: 'orders',
                        icon: <AlertOutlined />,
                        label: <Link to={paths.orders.getHref()}>{t('nav.orders')}</Link>,
                      },
                    ]
                  : []),
                ...(user.roles.some((r) => r.role === 'unit_admin' || r.role === 'office_admin' || r.role === 'leader')
                  ? [
                      {
                        key: 'dispatch',
                        icon: <ScheduleOutlined />,
                        label: <Link to={paths.dispatch.getHref()}>{t('nav.dispatch')}</Link>,
                      },
                    ]
                  : []),
                ...(user.roles.some((r) => r.role === 'office_admin' && r.orgKind === 'office')
                  ? [
                      {
                        key: 'lightRules',
                        icon: <BulbOutlined />,
                        label: <Link to={paths.lightRules.getHref()}>{t('nav.lightRules')}</Link>,
                      },
                    ]
                  : []),
                ...(user.roles.some((r) => r.role === 'unit_admin' && r.orgKind === 'unit')
                  ? [
                      {
                        key: 'channels',
                        icon: <NotificationOutlined />,
                        label: <Link to={paths.channels.getHref()}>{t('nav.channels')}</Link>,
                      },
                    ]
                  : []),
                ...(user.abilities.manageUnitSettings
                  ? [
                      {
                        key: 'unitSettings',
                        icon: <SettingOutlined />,
                        label: <Link to={paths.unitSettings.getHref()}>{t('nav.unitSettings')}</Link>,
                      },
                    ]
                  : []),
                // the unit's departments and leaders: its 整改办 (the same as who keeps the unit's settings)
                ...(user.abilities.manageUnitSettings
                  ? [
                      {
                        key: 'people',
                        icon: <TeamOutlined />,
                        label: <Link to={paths.people.getHref()}>{t('nav.people')}</Link>,
                      },
                    ]
                  : []),
                ...(user.abilities.viewAudit
                  ? [{ key: 'audit', icon: <AuditOutlined />, label: <Link to={paths.audit.getHref()}>{t('nav.audit')}</Link> }]
                  : []),
                // the three administrators' pages (issue 13): accounts for the system and security administrators,
                // the policy for the latter
                ...(user.abilities.manageUsers || user.abilities.manageRoles
                  ? [
                      {
                        key: 'adminUsers',
                        icon: <TeamOutlined />,
                        label: <Link to={paths.adminUsers.getHref()}>{t('nav.adminUsers')}</Link>,
                      },
                    ]
                  : []),
                ...(user.abilities.manageSecurity
                  ? [
                      {
                        key: 'adminSecurity',
                        icon: <SafetyCertificateOutlined />,
                        label: <Link to={paths.adminSecurity.getHref()}>{t('nav.adminSecurity')}</Link>,
                      },
                    ]
                  : []),
              ]}
            />
          </nav>
        </Sider>
        <Content style={{ padding: 16, minWidth: 0 }}>
          <main>
            <Suspense fallback={<PageSpinner />}>
              <Outlet />
            </Suspense>
          </main>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 12, margin: '16px 0 0' }}>
            Zhenggai · {t('app.name')}
          </Typography.Paragraph>
        </Content>
      </Layout>
    </Layout>
  );
}
