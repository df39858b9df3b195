/**
 * 整改评估 of a round: the score, the grade and every component with its numerator,
 * denominator, rate, weight and deduction, so the arithmetic can be checked by hand;
 * 巡察办 may set the grade with a reason (and return to the computed one).
 */
import { useState } from 'react';
import { App, Alert, Button, Card, Descriptions, Flex, Form, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { GRADES, type EvaluationView, type Grade } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { formatInstant } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { useEvaluation, useOverride } from '../api/evaluation';

type Component = EvaluationView['components'][number];
const COLOR: Record<Grade, string> = { good: 'success', fairly_good: 'processing', average: 'warning', poor: 'error' };

function OverrideForm({ e, inspectionId }: { e: EvaluationView; inspectionId: number }) {
  const t = useT();
  const { message } = App.useApp();
  const override = useOverride(inspectionId);
  const [grade, setGrade] = useState<Grade | 'computed'>(e.override?.grade ?? 'computed');
  const [reason, setReason] = useState('');
  return (
    <Card size="small" title={t('eval.override.title')}>
      <Form
        layout="vertical"
        onFinish={() =>
          override.mutate(
            { grade: grade === 'computed' ? null : grade, reason },
            {
              onSuccess: () => {
                setReason('');
                void message.success(t('eval.override.done'));
              },
            },
          )
        }
      >
        <Form.Item label={t('eval.override.grade')}>
          <Radio.Group value={grade} onChange={(ev) => setGrade(ev.target.value as Grade | 'computed')}>
            <Radio.Button value="computed">{t('eval.override.computed', { g: t(`grade.${e.computedGrade}`) })}</Radio.Button>
            {GRADES.map((g) => (
              <Radio.Button key={g} value={g}>
                {t(`grade.${g}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('eval.override.reason')} required>
          <Input.TextArea
            aria-label={t('eval.override.reason')}
            rows={2}
            value={reason}
            onChange={(ev) => setReason(ev.target.value)}
            maxLength={2000}
          />
        </Form.Item>
        {override.isError && <ErrorAlert error={override.error} />}
        <Button type="primary" htmlType="submit" loading={override.isPending} disabled={!reason.trim()}>
          {t('eval.override.submit')}
        </Button>
      </Form>
    </Card>
  );
}

export default function EvaluationPage() {
  const t = useT();
  const inspectionId = Number(useParams().id);
  const q = useEvaluation(inspectionId);
  if (q.isPending) return <PageSpinner />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const e = q.data;
  const columns: ColumnsType<Component> = [
    { title: t('eval.col.component'), dataIndex: 'name', render: (_: string, c) => t(`eval.component.${c.key}`) },
    { title: t('eval.col.numerator'), key: 'num', render: (_, c) => `${c.numerator}（${t(`eval.num.${c.key}`)}）` },
    { title: t('eval.col.denominator'), key: 'den', render: (_, c) => `${c.denominator}（${t(`eval.den.${c.key}`)}）` },
    { title: t('eval.col.rate'), dataIndex: 'rate', width: 90, render: (r: number) => `${Math.round(r * 1000) / 10}%` },
    { title: t('eval.col.weight'), dataIndex: 'weight', width: 70 },
    {
      title: t('eval.col.deduction'),
      dataIndex: 'deduction',
      width: 80,
      render: (d: number) => (d ? <Typography.Text type="danger">−{d}</Typography.Text> : 0),
    },
  ];
  const total = Math.round(e.components.reduce((s, c) => s + c.deduction, 0) * 10) / 10;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('eval.title', { unit: e.unit.name, round: e.inspection.name })}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={paths.evaluationDocx.getHref(inspectionId)}>
          {t('eval.docx')}
        </Button>
      </Flex>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 4 }}>
          <Descriptions.Item label={t('eval.score')}>
            <Typography.Text strong data-testid="evaluation-score">
              {e.score}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('eval.computedGrade')}>
            <Tag color={COLOR[e.computedGrade]}>{t(`grade.${e.computedGrade}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('eval.grade')}>
            <Tag color={COLOR[e.grade]} data-testid="evaluation-grade" data-grade={e.grade}>
              {t(`grade.${e.grade}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('eval.asOf')}>{e.asOf}</Descriptions.Item>
        </Descriptions>
        {e.override?.grade && (
          <Alert
            type="info"
            showIcon
            title={t('eval.overridden', { g: t(`grade.${e.override.grade}`), by: e.override.by.name, at: formatInstant(e.override.at) })}
            description={e.override.reason}
          />
        )}
      </Card>
      <Card size="small" title={t('eval.components')}>
        <Table<Component> rowKey="key" size="small" columns={columns} dataSource={e.components} pagination={false} />
        <Typography.Paragraph style={{ marginTop: 12 }}>{t('eval.formula', { total, score: e.score })}</Typography.Paragraph>
        <Space size="small" wrap>
          <Typography.Text type="secondary">
            {t('eval.thresholds', {
              good: e.config.thresholds.good,
              fair: e.config.thresholds.fairly_good,
              avg: e.config.thresholds.average,
            })}
          </Typography.Text>
        </Space>
      </Card>
      {e.abilities.override && <OverrideForm e={e} inspectionId={inspectionId} />}
    </Flex>
  );
}
