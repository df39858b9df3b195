import { Button, Card, Col, Descriptions, Grid, Empty, List, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PaperClipOutlined, PrinterOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { paths } from '../../../config/paths';
import { formatInstant, formatSize } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { LightDot } from '../../../components/LightDot';
import { StatusTag } from '../../../components/StatusTag';
import type { Order } from '../../../lib/domain';
import { orderDocxHref, orderEvidenceHref, useOrder } from '../api/orders';
import { OrderReplyForm } from './OrderReplyForm';
import { OrderReviewForm } from './OrderReviewForm';
import { LevelTag, StatusTagOrder } from './tags';

/** One 督办单: what it demands of whom by when, its problems, the replies, the steps; reply or review here. */
export default function OrderPage() {
  const t = useT();
  const id = Number(useParams().id);
  const order = useOrder(id);
  // a phone: the print button goes under the title and the fields stack, so neither is squeezed to a column of characters
  const narrow = !Grid.useBreakpoint().sm;
  if (order.isPending) return <PageSpinner />;
  if (order.isError) return <ErrorAlert error={order.error} onRetry={() => order.refetch()} />;
  const o: Order = order.data;
  const printButton = (
    <Button icon={<PrinterOutlined />} href={orderDocxHref(o.id)} download>
      {t('orders.print')}
    </Button>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ margin: 0, fontSize: 18, whiteSpace: 'normal' }}>{t('orders.orderTitle', { number: o.number })}</h1>}
        extra={narrow ? undefined : printButton}
      >
        {narrow ? <div style={{ marginBottom: 12 }}>{printButton}</div> : null}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered={!narrow} layout={narrow ? 'vertical' : 'horizontal'}>
          <Descriptions.Item label={t('orders.status')}>
            <StatusTagOrder status={o.status} />
            {o.overdue && <Tag color="red">{t('orders.overdue')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.level')}>
            <LevelTag level={o.level} />
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.replyDue')}>{o.replyDue}</Descriptions.Item>
          <Descriptions.Item label={t('orders.issuer')}>{o.issuer.name}</Descriptions.Item>
          <Descriptions.Item label={t('orders.dept')}>{o.dept.name}</Descriptions.Item>
          <Descriptions.Item label={t('orders.leader')}>{o.leader?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('orders.issuedAt')}>
            {formatInstant(o.issuedAt)}
            {o.issuedBy.name ? `（${o.issuedBy.name}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.demands')} span={{ xs: 1, sm: 2, lg: 3 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{o.demands}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('orders.problems')}</h2>}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={o.problems}
          scroll={{ x: 560 }}
          columns={[
            { title: t('orders.light'), key: 'light', width: 64, render: (_, p) => <LightDot light={p.light} /> },
            {
              title: t('orders.problem'),
              key: 'title',
              render: (_, p) => (
                <Link to={paths.problem.getHref(p.id)}>
                  {p.label} {p.title}
                </Link>
              ),
            },
            { title: t('orders.deadline'), key: 'deadline', width: 120, render: (_, p) => p.deadline ?? '—' },
            { title: t('orders.status'), key: 'status', width: 120, render: (_, p) => <StatusTag status={p.status} /> },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('orders.replies')}</h2>}>
            <List
              dataSource={o.replies}
              locale={{ emptyText: <Empty description={t('orders.noReplies')} /> }}
              renderItem={(r) => (
                <List.Item key={r.id} style={{ display: 'block' }}>
                  <Typography.Text type="secondary">
                    {r.author.name ?? t('orders.system')} · {formatInstant(r.createdAt)}
                  </Typography.Text>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{r.text}</Typography.Paragraph>
                  {r.formalism.map((w) => (
                    <Typography.Paragraph key={w.message} type="warning" style={{ margin: '0 0 4px' }}>
                      <WarningOutlined /> {w.message}
                    </Typography.Paragraph>
                  ))}
                  {r.evidence.map((e) => (
                    <div key={e.id}>
                      <a href={orderEvidenceHref(e.id)} download>
                        <PaperClipOutlined /> {e.filename}（{formatSize(e.size)}）
                      </a>
                    </div>
                  ))}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {o.abilities.reply && <OrderReplyForm orderId={o.id} />}
            {o.abilities.review && <OrderReviewForm orderId={o.id} />}
            <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('orders.history')}</h2>}>
              <Timeline
                items={o.history.map((h, i) => ({
                  key: i,
                  children: (
                    <>
                      <Typography.Text strong>{h.actionZh}</Typography.Text>
                      <Typography.Text type="secondary">
                        {' '}
                        · {h.actor.name ?? t('orders.system')} · {formatInstant(h.createdAt)}
                      </Typography.Text>
                      {h.reason ? (
                        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{h.reason}</Typography.Paragraph>
                      ) : null}
                    </>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
