/**
 * 部门与领导 (issue 7 point 19): a unit's 整改办 keeps its departments — adds,
 * renames, orders and deactivates them (a department with open items is
 * refused, with the reason) — and its responsible leaders: an account that
 * signs in or an entry to name in plans, their 职务 and 分管 areas, disabling
 * one who no longer serves. Accounts of other roles stay with the system and
 * security administrators (三员分立); the server refuses the rest anyway.
 */
import { useState } from 'react';
import { App as AntdApp, Alert, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { isApiError } from '../../../lib/api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { applyServerFieldErrors, zodRule } from '../../../lib/zod-form';
import { departmentCreateBody, leaderCreateBody, type ManagedDepartment, type ManagedLeader } from '../lib/domain';
import {
  useCreateDepartment,
  useCreateLeader,
  useManagedDepartments,
  useManagedLeaders,
  useOrderDepartments,
  useUpdateDepartment,
  useUpdateLeader,
} from '../api/people';

/** The server's Chinese message of a refused change (a 409 says why), shown as a toast. */
function useFailure() {
  const { message } = AntdApp.useApp();
  const t = useT();
  return (e: unknown) => void message.error(isApiError(e) ? e.message : t('people.failed'));
}

function DepartmentForm({
  unitId,
  dept,
  open,
  onClose,
}: {
  unitId: number;
  dept: ManagedDepartment | null;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const create = useCreateDepartment(unitId);
  const update = useUpdateDepartment(unitId);
  const busy = create.isPending || update.isPending;
  // an error of the last attempt does not greet the next opening
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (v: { name: string }) => {
    const done = (text: string) => () => {
      void message.success(text);
      form.resetFields();
      close();
    };
    if (dept) {
      update.mutate(
        { id: dept.id, body: { name: v.name } },
        { onSuccess: done(t('people.dept.renamed', { name: v.name })), onError: (e) => applyServerFieldErrors(form, e) },
      );
    } else {
      create.mutate(
        { name: v.name },
        { onSuccess: done(t('people.dept.created', { name: v.name })), onError: (e) => applyServerFieldErrors(form, e) },
      );
    }
  };
  const error = dept ? update.error : create.error;
  return (
    <Modal
      open={open}
      title={dept ? t('people.dept.renameTitle', { name: dept.name }) : t('people.dept.add')}
      okText={t('people.save')}
      cancelText={t('people.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      {error && !(isApiError(error) && error.code === 'bad_request') && <ErrorAlert error={error} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: dept?.name ?? '' }} preserve={false}>
        <Form.Item name="name" label={t('people.dept.name')} rules={[zodRule(departmentCreateBody.shape.name)]}>
          <Input maxLength={60} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DepartmentsTab({ unitId }: { unitId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const failed = useFailure();
  const list = useManagedDepartments(unitId);
  const update = useUpdateDepartment(unitId);
  const order = useOrderDepartments(unitId);
  const [editing, setEditing] = useState<ManagedDepartment | null>(null);
  const [adding, setAdding] = useState(false);
  if (list.isPending) return <PageSpinner />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const rows = list.data;
  const move = (i: number, by: -1 | 1) => {
    const ids = rows.map((d) => d.id);
    [ids[i], ids[i + by]] = [ids[i + by], ids[i]];
    order.mutate(ids, { onSuccess: () => void message.success(t('people.dept.reordered')), onError: failed });
  };
  const setActive = (d: ManagedDepartment, isActive: boolean) =>
    update.mutate(
      { id: d.id, body: { isActive } },
      {
        onSuccess: () => void message.success(t(isActive ? 'people.dept.activated' : 'people.dept.deactivated', { name: d.name })),
        onError: failed,
      },
    );
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('people.dept.add')}
        </Button>
        <Typography.Text type="secondary">{t('people.dept.hint')}</Typography.Text>
      </Space>
      <Table<ManagedDepartment>
        rowKey="id"
        size="middle"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('people.dept.order'),
            key: 'order',
            width: 96,
            render: (_, d, i) => (
              <Space size={4}>
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  aria-label={t('people.dept.up', { name: d.name })}
                  disabled={i === 0 || order.isPending}
                  onClick={() => move(i, -1)}
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  aria-label={t('people.dept.down', { name: d.name })}
                  disabled={i === rows.length - 1 || order.isPending}
                  onClick={() => move(i, 1)}
                />
              </Space>
            ),
          },
          { title: t('people.dept.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('people.status'),
            key: 'active',
            render: (_, d) => (d.isActive ? <Tag color="green">{t('people.active')}</Tag> : <Tag>{t('people.inactive')}</Tag>),
          },
          { title: t('people.dept.openItems'), dataIndex: 'openItems', key: 'openItems', align: 'right' },
          { title: t('people.dept.handlers'), dataIndex: 'handlers', key: 'handlers', align: 'right' },
          {
            title: t('people.actions'),
            key: 'actions',
            render: (_, d) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(d)}>
                  {t('people.dept.rename')}
                </Button>
                {d.isActive ? (
                  <Popconfirm
                    title={t('people.dept.deactivateConfirm', { name: d.name })}
                    description={d.openItems > 0 ? t('people.dept.deactivateOpen', { n: d.openItems }) : undefined}
                    okText={t('people.dept.deactivate')}
                    cancelText={t('people.cancel')}
                    onConfirm={() => setActive(d, false)}
                  >
                    <Button size="small" danger>
                      {t('people.dept.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" onClick={() => setActive(d, true)}>
                    {t('people.dept.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <DepartmentForm unitId={unitId} dept={null} open={adding} onClose={() => setAdding(false)} />
      <DepartmentForm unitId={unitId} dept={editing} open={editing !== null} onClose={() => setEditing(null)} />
    </>
  );
}

interface LeaderValues {
  displayName: string;
  title?: string;
  areas?: string;
  signIn?: boolean;
  /** Nested as the server names the fields (account.username), so its 400s land on them. */
  account?: { username?: string; password?: string };
}

function LeaderForm({
  unitId,
  leader,
  open,
  onClose,
}: {
  unitId: number;
  leader: ManagedLeader | null;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<LeaderValues>();
  const signIn = Form.useWatch('signIn', form);
  const create = useCreateLeader(unitId);
  const update = useUpdateLeader(unitId);
  const error = leader ? update.error : create.error;
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (v: LeaderValues) => {
    const fields = { displayName: v.displayName, title: v.title ?? '', areas: v.areas ?? '' };
    const onError = (e: unknown) => applyServerFieldErrors(form, e);
    const onSuccess = () => {
      void message.success(t(leader ? 'people.leader.saved' : 'people.leader.created', { name: v.displayName }));
      close();
    };
    if (leader) update.mutate({ id: leader.id, body: fields }, { onSuccess, onError });
    else {
      const account = v.signIn ? { username: v.account?.username ?? '', password: v.account?.password ?? '' } : undefined;
      create.mutate({ ...fields, account }, { onSuccess, onError });
    }
  };
  const accountShape = leaderCreateBody.shape.account.unwrap().shape;
  return (
    <Modal
      open={open}
      title={leader ? t('people.leader.editTitle', { name: leader.displayName }) : t('people.leader.add')}
      okText={t('people.save')}
      cancelText={t('people.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      {error && !(isApiError(error) && error.code === 'bad_request') && <ErrorAlert error={error} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={leader ? { displayName: leader.displayName, title: leader.title, areas: leader.areas } : { signIn: true }}
      >
        <Form.Item name="displayName" label={t('people.leader.name')} rules={[zodRule(leaderCreateBody.shape.displayName)]}>
          <Input maxLength={64} autoFocus />
        </Form.Item>
        <Form.Item name="title" label={t('people.leader.title')} rules={[zodRule(leaderCreateBody.shape.title)]}>
          <Input maxLength={60} placeholder={t('people.leader.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="areas" label={t('people.leader.areas')} rules={[zodRule(leaderCreateBody.shape.areas)]}>
          <Input maxLength={200} placeholder={t('people.leader.areasPlaceholder')} />
        </Form.Item>
        {!leader && (
          <>
            <Form.Item name="signIn" valuePropName="checked" extra={t('people.leader.signInHint')}>
              <Checkbox>{t('people.leader.signIn')}</Checkbox>
            </Form.Item>
            {signIn && (
              <>
                <Form.Item name={['account', 'username']} label={t('people.leader.username')} rules={[zodRule(accountShape.username)]}>
                  <Input maxLength={64} autoComplete="off" />
                </Form.Item>
                <Form.Item
                  name={['account', 'password']}
                  label={t('people.leader.password')}
                  rules={[zodRule(accountShape.password)]}
                  extra={t('people.leader.passwordHint')}
                >
                  <Input.Password maxLength={128} autoComplete="new-password" />
                </Form.Item>
              </>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}

function LeadersTab({ unitId }: { unitId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const failed = useFailure();
  const list = useManagedLeaders(unitId);
  const update = useUpdateLeader(unitId);
  const [editing, setEditing] = useState<ManagedLeader | null>(null);
  const [adding, setAdding] = useState(false);
  if (list.isPending) return <PageSpinner />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const setActive = (l: ManagedLeader, isActive: boolean) =>
    update.mutate(
      { id: l.id, body: { isActive } },
      {
        onSuccess: () => void message.success(t(isActive ? 'people.leader.enabled' : 'people.leader.disabled', { name: l.displayName })),
        onError: failed,
      },
    );
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('people.leader.add')}
        </Button>
        <Typography.Text type="secondary">{t('people.leader.hint')}</Typography.Text>
      </Space>
      <Table<ManagedLeader>
        rowKey="id"
        size="middle"
        dataSource={list.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('people.leader.none') }}
        columns={[
          { title: t('people.leader.name'), dataIndex: 'displayName', key: 'name' },
          { title: t('people.leader.title'), dataIndex: 'title', key: 'title', render: (v: string) => v || '—' },
          { title: t('people.leader.areas'), dataIndex: 'areas', key: 'areas', render: (v: string) => v || '—' },
          {
            title: t('people.leader.account'),
            key: 'account',
            render: (_, l) => (l.signIn ? <Typography.Text code>{l.username}</Typography.Text> : <Tag>{t('people.leader.noSignIn')}</Tag>),
          },
          {
            title: t('people.status'),
            key: 'active',
            render: (_, l) => (l.isActive ? <Tag color="green">{t('people.active')}</Tag> : <Tag>{t('people.inactive')}</Tag>),
          },
          { title: t('people.leader.openItems'), dataIndex: 'openItems', key: 'openItems', align: 'right' },
          {
            title: t('people.actions'),
            key: 'actions',
            render: (_, l) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(l)}>
                  {t('people.leader.edit')}
                </Button>
                {l.isActive ? (
                  <Popconfirm
                    title={t('people.leader.disableConfirm', { name: l.displayName })}
                    description={l.openItems > 0 ? t('people.leader.disableOpen', { n: l.openItems }) : undefined}
                    okText={t('people.leader.disable')}
                    cancelText={t('people.cancel')}
                    onConfirm={() => setActive(l, false)}
                  >
                    <Button size="small" danger>
                      {t('people.leader.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" onClick={() => setActive(l, true)}>
                    {t('people.leader.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <LeaderForm unitId={unitId} leader={null} open={adding} onClose={() => setAdding(false)} />
      <LeaderForm unitId={unitId} leader={editing} open={editing !== null} onClose={() => setEditing(null)} />
    </>
  );
}

export default function PeoplePage() {
  const t = useT();
  const session = useSession();
  const units = (session.data?.user.roles ?? []).filter((r) => r.role === 'unit_admin' && r.orgKind === 'unit');
  const [unitId, setUnitId] = useState<number | undefined>(units[0]?.orgId);
  if (units.length === 0) return <Alert type="info" showIcon message={t('people.notUnitAdmin')} />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('people.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('people.intro')}
      </Typography.Paragraph>
      {units.length > 1 && (
        <Select
          aria-label={t('people.unit')}
          style={{ minWidth: 220, maxWidth: '100%' }}
          value={unitId}
          onChange={setUnitId}
          options={units.map((u) => ({ value: u.orgId, label: u.orgName }))}
        />
      )}
      {unitId !== undefined && (
        <Tabs
          items={[
            { key: 'departments', label: t('people.tab.departments'), children: <DepartmentsTab unitId={unitId} /> },
            { key: 'leaders', label: t('people.tab.leaders'), children: <LeadersTab unitId={unitId} /> },
          ]}
        />
      )}
    </Space>
  );
}
