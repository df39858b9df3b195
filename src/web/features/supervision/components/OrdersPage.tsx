import { useMemo, useState } from 'react';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import { formatInstant } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ORDER_STATUSES, type OrderStatus, type OrderSummary, type Ref } from '../../../lib/domain';
import { useOrders } from '../api/orders';
import { IssueOrderModal } from './IssueOrderModal';
import { LevelTag, StatusTagOrder } from './tags';

/** 督办单: those waiting for a reply first; 整改办 and 巡察办 issue new ones here or from a problem's page. */
export default function OrdersPage() {
  const t = useT();
  const session = useSession();
  const user = session.data?.user;
  const [sp, setSp] = useSearchParams();
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<OrderStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useOrders({ unitId, status, page, pageSize });

  // who may issue: the 整改办 of a unit (that unit), the 巡察办 (the units it reads)
  const issuerUnits = useMemo<Ref[]>(() => {
    if (!user) return [];
    const admin = new Set(user.roles.filter((r) => r.role === 'unit_admin' && r.orgKind === 'unit').map((r) => r.orgId));
    const office = user.roles.some((r) => r.role === 'office_admin');
    return user.units.filter((u) => office || admin.has(u.id));
  }, [user]);
  const issueParam = sp.get('issue');
  const initial = useMemo(() => {
    const u = Number(sp.get('unitId'));
    const ids = (issueParam ?? '')
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    return issueParam && u > 0 ? { unitId: u, problemIds: ids } : undefined;
  }, [sp, issueParam]);
  const [modalOpen, setModalOpen] = useState(false);
  const showModal = modalOpen || !!initial;
  const closeModal = () => {
    setModalOpen(false);
    if (initial) setSp({}, { replace: true });
  };

  return (
    <Card
      title={<h1 style={{ margin: 0, fontSize: 18 }}>{t('orders.title')}</h1>}
      extra={
        issuerUnits.length > 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModalOpen(true)}>
            {t('orders.issue')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {(user?.units.length ?? 0) > 1 && (
          <Select
            allowClear
            aria-label={t('orders.unit')}
            placeholder={t('orders.allUnits')}
            style={{ minWidth: 200 }}
            value={unitId}
            onChange={(v: number | undefined) => {
              setUnitId(v);
              setPage(1);
            }}
            options={(user?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        )}
        <Select
          allowClear
          aria-label={t('orders.status')}
          placeholder={t('orders.allStatuses')}
          style={{ minWidth: 160 }}
          value={status}
          onChange={(v: OrderStatus | undefined) => {
            setStatus(v);
            setPage(1);
          }}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orderStatus.${s}`) }))}
        />
      </Space>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      <Table<OrderSummary>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('orders.number'),
            key: 'number',
            render: (_, o) => <Link to={paths.order.getHref(o.id)}>{o.number}</Link>,
          },
          { title: t('orders.unit'), key: 'unit', render: (_, o) => o.unit.name },
          {
            title: t('orders.dept'),
            key: 'dept',
            render: (_, o) => (
              <>
                {o.dept.name}
                {o.leader ? <Typography.Text type="secondary">（{o.leader.name}）</Typography.Text> : null}
              </>
            ),
          },
          { title: t('orders.level'), key: 'level', render: (_, o) => <LevelTag level={o.level} /> },
          { title: t('orders.problemCount'), dataIndex: 'problemCount', align: 'right' },
          {
            title: t('orders.replyDue'),
            key: 'replyDue',
            render: (_, o) => (
              <Space size={4}>
                {o.replyDue}
                {o.overdue && <Tag color="red">{t('orders.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('orders.status'), key: 'status', render: (_, o) => <StatusTagOrder status={o.status} /> },
          { title: t('orders.issuedAt'), key: 'issuedAt', render: (_, o) => formatInstant(o.issuedAt) },
        ]}
      />
      <IssueOrderModal open={showModal} onClose={closeModal} units={issuerUnits} initial={initial} />
    </Card>
  );
}
