/**
 * 账号与角色, for the two administrators who manage accounts (三员分立):
 * the system administrator creates accounts (with a unit or department role),
 * disables and enables them, sets a password the owner must change, unlocks
 * them, adds units and departments, backs the system up; the security
 * administrator grants and revokes roles and resets a lost second factor.
 * Each sees only their own buttons; the server refuses the rest anyway.
 */
import { useEffect, useState } from 'react';
import { Alert, App as AntdApp, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CloudDownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { formatInstant } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerFieldErrors, zodRule } from '../../../lib/zod-form';
import { orgCreateBody, userBody, userPasswordBody, type Role, type UserBody, type UserSummary } from '../lib/domain';
import {
  useBackup,
  useCreateOrg,
  useCreateUser,
  useGrant,
  useOrgs,
  useResetMfa,
  useRevoke,
  useSetPassword,
  useUnlock,
  useUpdateUser,
  useUsers,
} from '../api/admin';

/** Roles the system administrator may give a new account: unit and department roles. */
const NEW_ACCOUNT_ROLES: Role[] = ['unit_admin', 'leader', 'inspector', 'dept_handler'];
const ALL_ROLES: Role[] = ['office_admin', 'unit_admin', 'leader', 'inspector', 'dept_handler', 'sysadmin', 'secadmin', 'auditor'];

/** The kinds of organisation a role may be held in (the server checks the same). */
function kindsFor(role: Role | undefined): string[] {
  if (!role) return [];
  if (role === 'dept_handler') return ['department'];
  if (role === 'inspector') return ['unit', 'office'];
  if (role === 'unit_admin' || role === 'leader') return ['unit'];
  return ['office'];
}

/**
 * Picks an organisation of the given kinds. The list is paged on the server (a
 * city has some two thousand organisations): it searches as the user types and
 * keeps the label of the one chosen.
 */
function OrgSelect({
  id,
  kinds,
  value,
  onChange,
}: {
  /** From Form.Item: the id its label points at (without it the field has no accessible name). */
  id?: string;
  kinds: string[];
  value?: number;
  onChange?: (v: number) => void;
}) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(h);
  }, [text]);
  const orgs = useOrgs({ q, kinds });
  const [chosen, setChosen] = useState<{ value: number; label: string } | null>(null);
  const options = (orgs.data?.items ?? []).map((o) => ({
    value: o.id,
    label: o.parentName && o.kind === 'department' ? `${o.parentName}·${o.name}` : o.name,
  }));
  if (chosen && chosen.value === value && !options.some((o) => o.value === value)) options.unshift(chosen);
  return (
    <Select
      id={id}
      value={value}
      loading={orgs.isFetching}
      onChange={(v: number, option) => {
        if (option && !Array.isArray(option)) setChosen({ value: v, label: String(option.label) });
        onChange?.(v);
      }}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      onOpenChange={(open) => !open && setText('')}
      options={kinds.length ? options : []}
    />
  );
}

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<UserBody>();
  const create = useCreateUser();
  const role = Form.useWatch('role', form);
  return (
    <Modal
      open={open}
      title={t('admin.createUser')}
      onCancel={onClose}
      okText={t('common.submit')}
      confirmLoading={create.isPending}
      onOk={() =>
        form.validateFields().then((v) =>
          create.mutate(v, {
            onSuccess: () => {
              message.success(t('admin.msg.userCreated', { name: v.displayName }));
              form.resetFields();
              onClose();
            },
            onError: (e) => applyServerFieldErrors(form, e),
          }),
        )
      }
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('admin.createUserHint')} style={{ marginBottom: 12 }} />
      {create.error && <ErrorAlert error={create.error} />}
      <Form form={form} layout="vertical" name="create-user">
        <Form.Item name="username" label={t('auth.username')} rules={[zodRule(userBody.shape.username)]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="displayName" label={t('account.name')} rules={[zodRule(userBody.shape.displayName)]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="password" label={t('admin.initialPassword')} rules={[zodRule(userBody.shape.password)]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="role" label={t('admin.role')} rules={[{ required: true, message: t('admin.roleRequired') }]}>
          <Select options={NEW_ACCOUNT_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="orgId" label={t('admin.org')} rules={[{ required: true, message: t('admin.orgRequired') }]}>
          <OrgSelect kinds={kindsFor(role)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GrantModal({ user, onClose }: { user: UserSummary | null; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<{ role: Role; orgId: number }>();
  const grant = useGrant();
  const role = Form.useWatch('role', form);
  return (
    <Modal
      open={!!user}
      title={t('admin.grantTitle', { user: user ? `${user.displayName}（${user.username}）` : '' })}
      onCancel={onClose}
      okText={t('admin.grant')}
      confirmLoading={grant.isPending}
      onOk={() =>
        form.validateFields().then(
          (v) =>
            user &&
            grant.mutate(
              { id: user.id, grant: v },
              {
                onSuccess: () => {
                  message.success(t('admin.msg.granted', { name: user.displayName }));
                  form.resetFields();
                  onClose();
                },
              },
            ),
        )
      }
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('admin.grantHint')} style={{ marginBottom: 12 }} />
      {grant.error && <ErrorAlert error={grant.error} />}
      <Form form={form} layout="vertical" name="grant">
        <Form.Item name="role" label={t('admin.role')} rules={[{ required: true, message: t('admin.roleRequired') }]}>
          <Select options={ALL_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="orgId" label={t('admin.org')} rules={[{ required: true, message: t('admin.orgRequired') }]}>
          <OrgSelect kinds={kindsFor(role)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PasswordModal({ user, onClose }: { user: UserSummary | null; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const set = useSetPassword();
  return (
    <Modal
      open={!!user}
      title={t('admin.resetPasswordTitle', { user: user?.username ?? '' })}
      onCancel={onClose}
      confirmLoading={set.isPending}
      onOk={() =>
        form.validateFields().then(
          (v) =>
            user &&
            set.mutate(
              { id: user.id, password: v.password },
              {
                onSuccess: () => {
                  message.success(t('admin.msg.passwordSet', { name: user.displayName }));
                  form.resetFields();
                  onClose();
                },
                onError: (e) => applyServerFieldErrors(form, e),
              },
            ),
        )
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('admin.resetPasswordHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="set-password">
        <Form.Item name="password" label={t('admin.initialPassword')} rules={[zodRule(userPasswordBody.shape.password)]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OrgModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<{ kind: 'unit' | 'department'; parentId: number; name: string }>();
  const create = useCreateOrg();
  const kind = Form.useWatch('kind', form);
  return (
    <Modal
      open={open}
      title={t('admin.createOrg')}
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() =>
        form.validateFields().then((v) =>
          create.mutate(v, {
            onSuccess: () => {
              message.success(t('admin.msg.orgCreated', { name: v.name }));
              form.resetFields();
              onClose();
            },
            onError: (e) => applyServerFieldErrors(form, e),
          }),
        )
      }
      destroyOnHidden
    >
      {create.error && <ErrorAlert error={create.error} />}
      <Form form={form} layout="vertical" name="create-org" initialValues={{ kind: 'department' }}>
        <Form.Item name="kind" label={t('admin.orgKind')}>
          <Select
            options={[
              { value: 'unit', label: t('admin.kindUnit') },
              { value: 'department', label: t('admin.kindDepartment') },
            ]}
          />
        </Form.Item>
        <Form.Item name="parentId" label={t('admin.parentOrg')} rules={[{ required: true, message: t('admin.orgRequired') }]}>
          <OrgSelect kinds={[kind === 'unit' ? 'office' : 'unit']} />
        </Form.Item>
        <Form.Item name="name" label={t('admin.orgName')} rules={[zodRule(orgCreateBody.shape.name)]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const session = useSession();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const users = useUsers({ page, pageSize, q });
  const update = useUpdateUser();
  const unlock = useUnlock();
  const revoke = useRevoke();
  const resetMfa = useResetMfa();
  const backup = useBackup();
  const [creating, setCreating] = useState(false);
  const [orgOpen, setOrgOpen] = useState(false);
  const [granting, setGranting] = useState<UserSummary | null>(null);
  const [resetting, setResetting] = useState<UserSummary | null>(null);
  const me = session.data?.user;
  const sys = !!me?.abilities.manageUsers;
  const sec = !!me?.abilities.manageRoles;
  const actionError = update.error ?? unlock.error ?? revoke.error ?? resetMfa.error ?? backup.error;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('admin.usersTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{sys ? t('admin.usersSubtitleSys') : t('admin.usersSubtitleSec')}</Typography.Text>
        <div style={{ flex: 1 }} />
        {sys && (
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('admin.createUser')}
            </Button>
            <Button onClick={() => setOrgOpen(true)}>{t('admin.createOrg')}</Button>
            <Button
              icon={<CloudDownloadOutlined />}
              loading={backup.isPending}
              onClick={() =>
                backup.mutate(undefined, {
                  onSuccess: (r) => message.success(t('admin.backupDone', { file: r.file, sm3: r.sm3.slice(0, 16) })),
                })
              }
            >
              {t('admin.backup')}
            </Button>
          </>
        )}
      </div>
      {users.error && <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      {actionError && <ErrorAlert error={actionError} />}
      <Input.Search
        aria-label={t('admin.searchUsers')}
        placeholder={t('admin.searchUsers')}
        allowClear
        style={{ maxWidth: 320 }}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
      />
      <Table<UserSummary>
        size="small"
        rowKey="id"
        loading={users.isLoading}
        dataSource={users.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: users.data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t('auth.username'), dataIndex: 'username', width: 140 },
          { title: t('account.name'), dataIndex: 'displayName', width: 110 },
          {
            title: t('admin.roles'),
            key: 'roles',
            render: (_: unknown, u) => (
              <Space size={[4, 4]} wrap>
                {u.roles.map((r) => {
                  const label = `${t(`role.${r.role}`)}·${r.orgName}`;
                  return sec && u.id !== me?.id ? (
                    <Popconfirm
                      key={`${r.role}-${r.orgId}`}
                      title={t('admin.revokeConfirm', { role: label })}
                      onConfirm={() =>
                        revoke.mutate(
                          { id: u.id, grant: { role: r.role, orgId: r.orgId } },
                          { onSuccess: () => message.success(t('admin.msg.revoked', { name: u.displayName })) },
                        )
                      }
                    >
                      <Tag
                        color={u.isAdmin ? 'volcano' : 'blue'}
                        style={{ cursor: 'pointer' }}
                        closable
                        onClose={(e) => e.preventDefault()}
                      >
                        {label}
                      </Tag>
                    </Popconfirm>
                  ) : (
                    <Tag key={`${r.role}-${r.orgId}`} color={u.isAdmin ? 'volcano' : 'blue'}>
                      {label}
                    </Tag>
                  );
                })}
              </Space>
            ),
          },
          {
            title: t('admin.state'),
            key: 'state',
            width: 230,
            render: (_: unknown, u) => (
              <Space size={[4, 4]} wrap>
                {u.isActive ? <Tag color="green">{t('admin.active')}</Tag> : <Tag>{t('admin.disabled')}</Tag>}
                {u.lockedUntil && Date.parse(u.lockedUntil) > Date.now() && (
                  <Tooltip title={formatInstant(u.lockedUntil)}>
                    <Tag color="red">{t('admin.locked')}</Tag>
                  </Tooltip>
                )}
                {u.mustChangePassword && <Tag color="orange">{t('admin.mustChange')}</Tag>}
                {u.mfaEnabled && <Tag color="purple">{t('admin.mfa')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 300,
            render: (_: unknown, u) => {
              const own = u.id === me?.id;
              return (
                <Space size={4} wrap>
                  {sys && !u.isAdmin && !own && (
                    <>
                      <Button
                        size="small"
                        onClick={() =>
                          update.mutate(
                            { id: u.id, body: { isActive: !u.isActive } },
                            {
                              onSuccess: () =>
                                message.success(t(u.isActive ? 'admin.msg.disabled' : 'admin.msg.enabled', { name: u.displayName })),
                            },
                          )
                        }
                      >
                        {u.isActive ? t('admin.disable') : t('admin.enable')}
                      </Button>
                      <Button size="small" onClick={() => setResetting(u)}>
                        {t('admin.resetPassword')}
                      </Button>
                      {u.lockedUntil && (
                        <Button
                          size="small"
                          onClick={() =>
                            unlock.mutate(u.id, { onSuccess: () => message.success(t('admin.msg.unlocked', { name: u.displayName })) })
                          }
                        >
                          {t('admin.unlock')}
                        </Button>
                      )}
                    </>
                  )}
                  {sec && !own && (
                    <>
                      <Button size="small" onClick={() => setGranting(u)}>
                        {t('admin.grant')}
                      </Button>
                      {u.mfaEnabled && (
                        <Popconfirm
                          title={t('admin.resetMfaConfirm')}
                          onConfirm={() =>
                            resetMfa.mutate(u.id, { onSuccess: () => message.success(t('admin.msg.mfaReset', { name: u.displayName })) })
                          }
                        >
                          <Button size="small">{t('admin.resetMfa')}</Button>
                        </Popconfirm>
                      )}
                    </>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      <OrgModal open={orgOpen} onClose={() => setOrgOpen(false)} />
      <GrantModal user={granting} onClose={() => setGranting(null)} />
      <PasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Space>
  );
}
