/**
 * One look-back: the drawn items with their risk signs; the unit answers each with
 * evidence, the office confirms it or reopens it (back to 整改中 with a new deadline).
 */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Flex, Input, List, Modal, Space, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { beijingToday, formatInstant } from '../../../lib/format';
import type { LookbackItem } from '../../../lib/domain';
import { paths } from '../../../config/paths';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { StatusTag } from '../../../components/StatusTag';
import { useAnswer, useCloseLookback, useDecide, useLookback } from '../api/lookback';

const ITEM_COLOR = { requested: 'default', answered: 'processing', confirmed: 'success', reopened: 'error' } as const;

function AnswerForm({ item }: { item: LookbackItem }) {
  const t = useT();
  const answer = useAnswer();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        aria-label={t('lookback.answer.text')}
        placeholder={t('lookback.answer.text')}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <Upload multiple beforeUpload={() => false} fileList={files} onChange={(i) => setFiles(i.fileList)}>
        <Button icon={<UploadOutlined />}>{t('lookback.answer.files')}</Button>
      </Upload>
      {answer.isError && <ErrorAlert error={answer.error} />}
      <Button
        type="primary"
        disabled={!text.trim()}
        loading={answer.isPending}
        onClick={() => answer.mutate({ itemId: item.id, text, files: files.flatMap((f) => (f.originFileObj ? [f.originFileObj] : [])) })}
      >
        {t('lookback.answer.submit')}
      </Button>
    </Space>
  );
}

function DecideButtons({ item }: { item: LookbackItem }) {
  const t = useT();
  const { message } = App.useApp();
  const decide = useDecide();
  const [mode, setMode] = useState<'confirm' | 'reopen' | null>(null);
  const [reason, setReason] = useState('');
  const [deadline, setDeadline] = useState<Dayjs | null>(dayjs(beijingToday()).add(30, 'day'));
  return (
    <>
      <Space>
        <Button onClick={() => setMode('confirm')}>{t('lookback.decide.confirm')}</Button>
        <Button danger onClick={() => setMode('reopen')}>
          {t('lookback.decide.reopen')}
        </Button>
      </Space>
      <Modal
        open={mode != null}
        title={mode === 'reopen' ? t('lookback.decide.reopenTitle') : t('lookback.decide.confirmTitle')}
        okText={mode === 'reopen' ? t('lookback.decide.reopen') : t('lookback.decide.confirm')}
        okButtonProps={{ danger: mode === 'reopen', disabled: !reason.trim() }}
        confirmLoading={decide.isPending}
        onCancel={() => setMode(null)}
        onOk={() =>
          decide.mutate(
            {
              itemId: item.id,
              body: { decision: mode ?? 'confirm', reason, deadline: mode === 'reopen' ? deadline?.format('YYYY-MM-DD') : undefined },
            },
            {
              onSuccess: () => {
                setMode(null);
                setReason('');
                void message.success(t('lookback.decide.done'));
              },
            },
          )
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{`${item.problem.path} ${item.problem.title}`}</Typography.Text>
          <Input.TextArea
            aria-label={t('lookback.decide.reason')}
            placeholder={t('lookback.decide.reason')}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          {mode === 'reopen' && (
            <label>
              {t('lookback.decide.deadline')}{' '}
              <DatePicker aria-label={t('lookback.decide.deadline')} value={deadline} onChange={setDeadline} />
            </label>
          )}
          {decide.isError && <ErrorAlert error={decide.error} />}
        </Space>
      </Modal>
    </>
  );
}

export default function LookbackPage() {
  const t = useT();
  const id = Number(useParams().id);
  const q = useLookback(id);
  const close = useCloseLookback(id);
  if (q.isPending) return <PageSpinner />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const l = q.data;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('lookback.detailTitle', { unit: l.unit.name, round: l.inspection.name })}
        </Typography.Title>
        {l.abilities.close && (
          <Button loading={close.isPending} onClick={() => close.mutate()}>
            {t('lookback.close')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('lookback.method')}>{t(`lookback.method.${l.method}`)}</Descriptions.Item>
          <Descriptions.Item label={t('lookback.seed')}>
            <Typography.Text code copyable>
              {l.seed}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('lookback.col.sample')}>{`${l.sampleSize} / ${l.population}`}</Descriptions.Item>
          <Descriptions.Item label={t('lookback.answerDue')}>{l.answerDue}</Descriptions.Item>
          <Descriptions.Item label={t('lookback.col.status')}>{t(`lookback.status.${l.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('lookback.col.opened')}>{`${l.openedBy.name} ${formatInstant(l.openedAt)}`}</Descriptions.Item>
        </Descriptions>
        {l.note && <Typography.Paragraph>{l.note}</Typography.Paragraph>}
        {close.isError && <ErrorAlert error={close.error} />}
      </Card>
      <List
        dataSource={l.items}
        renderItem={(item) => (
          <Card size="small" style={{ marginBottom: 12 }} data-testid={`lookback-item-${item.id}`}>
            <Flex vertical gap={8}>
              <Flex justify="space-between" wrap gap={8}>
                <Space wrap>
                  <Link to={paths.problem.getHref(item.problem.id)}>{`${item.problem.path} ${item.problem.title}`}</Link>
                  <StatusTag status={item.problem.status} />
                  <Tag color={ITEM_COLOR[item.status]}>{t(`lookback.item.${item.status}`)}</Tag>
                </Space>
                {item.abilities.decide && <DecideButtons item={item} />}
              </Flex>
              {item.risks.length > 0 && (
                <Space wrap size={4}>
                  {item.risks.map((r) => (
                    <Tag key={r.code} color="orange">
                      {t(`lookback.risk.${r.code}`)}
                    </Tag>
                  ))}
                </Space>
              )}
              {item.answer && (
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  <Typography.Text type="secondary">
                    {t('lookback.answered', { by: item.answeredBy?.name ?? '', at: formatInstant(item.answeredAt) })}
                  </Typography.Text>
                  {item.answer}
                  {item.evidence.map((e) => (
                    <a key={e.id} href={paths.lookbackEvidence.getHref(e.id)} style={{ marginInlineStart: 8 }}>
                      {e.filename}
                    </a>
                  ))}
                </Typography.Paragraph>
              )}
              {item.decisionReason && (
                <Typography.Text>
                  {t('lookback.decided', {
                    by: item.decidedBy?.name ?? '',
                    at: formatInstant(item.decidedAt),
                    reason: item.decisionReason,
                  })}
                  {item.newDeadline ? t('lookback.newDeadline', { d: item.newDeadline }) : ''}
                </Typography.Text>
              )}
              {item.abilities.answer && <AnswerForm item={item} />}
            </Flex>
          </Card>
        )}
      />
    </Flex>
  );
}
