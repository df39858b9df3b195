/**
 * 屡查屡犯 of a round: each problem found before, with the earlier problem, its round,
 * its outcome and the score; a row opens both side by side.
 */
import { useState, type ReactNode } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Modal, Row, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import type { Recurrence } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { useRecheck, useRecurrences } from '../api/office';

function Side({ title, p, extra }: { title: string; p: Recurrence['problem']; extra?: ReactNode }) {
  const t = useT();
  return (
    <Card size="small" title={title} extra={<Link to={paths.problem.getHref(p.id)}>{t('office.rec.open')}</Link>}>
      <Typography.Paragraph strong>
        {p.path} {p.title}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.description || t('office.rec.noDescription')}</Typography.Paragraph>
      {extra}
    </Card>
  );
}

export default function RecurrencePage() {
  const t = useT();
  const { message } = App.useApp();
  const inspectionId = Number(useParams().id);
  const q = useRecurrences(inspectionId);
  const recheck = useRecheck(inspectionId);
  const [pair, setPair] = useState<Recurrence | null>(null);
  const columns: ColumnsType<Recurrence> = [
    {
      title: t('office.rec.problem'),
      key: 'p',
      render: (_, r) => <Link to={paths.problem.getHref(r.problem.id)}>{`${r.problem.path} ${r.problem.title}`}</Link>,
    },
    {
      title: t('office.rec.earlier'),
      key: 'e',
      render: (_, r) => (
        <>
          <Tag color={r.sameUnit ? 'volcano' : 'gold'}>{r.sameUnit ? t('office.rec.sameUnit') : t('office.rec.otherUnit')}</Tag>
          {r.message}
        </>
      ),
    },
    { title: t('office.rec.score'), dataIndex: 'score', width: 80, render: (s: number) => s.toFixed(2) },
    {
      title: '',
      key: 'cmp',
      width: 100,
      render: (_, r) => (
        <Button size="small" onClick={() => setPair(r)}>
          {t('office.rec.compare')}
        </Button>
      ),
    },
  ];
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('office.rec.title')}
        </Typography.Title>
        <Button
          loading={recheck.isPending}
          onClick={() =>
            recheck.mutate(undefined, {
              onSuccess: (r) => void message.success(t('office.rec.checked', { n: r.checked, f: r.flagged })),
              onError: (e) => void message.error(e.message),
            })
          }
        >
          {t('office.rec.recheck')}
        </Button>
      </Flex>
      {q.isPending ? (
        <PageSpinner />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Typography.Text type="secondary">{t('office.rec.method', { m: q.data.method })}</Typography.Text>
          <Card size="small">
            <Table<Recurrence>
              rowKey={(r) => `${r.problem.id}-${r.earlier.id}`}
              size="small"
              columns={columns}
              dataSource={q.data.items}
              pagination={false}
              locale={{ emptyText: <Empty description={t('office.rec.none')} /> }}
            />
          </Card>
        </>
      )}
      <Modal open={!!pair} onCancel={() => setPair(null)} footer={null} width={960} title={t('office.rec.compareTitle')}>
        {pair && (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Side title={t('office.rec.thisRound')} p={pair.problem} />
            </Col>
            <Col xs={24} md={12}>
              <Side
                title={t('office.rec.earlierRound')}
                p={pair.earlier}
                extra={
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label={t('office.rec.unit')}>{pair.earlier.unit.name}</Descriptions.Item>
                    <Descriptions.Item label={t('office.rec.round')}>{pair.earlier.inspection.name}</Descriptions.Item>
                    <Descriptions.Item label={t('office.rec.outcome')}>
                      {pair.earlier.closedOn ? t('office.rec.closedOn', { d: pair.earlier.closedOn }) : t(`status.${pair.earlier.status}`)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('office.rec.score')}>{pair.score.toFixed(2)}</Descriptions.Item>
                  </Descriptions>
                }
              />
            </Col>
          </Row>
        )}
      </Modal>
    </Flex>
  );
}
