/**
 * The unit's feedback inbox (意见建议): what the public sent through the portal,
 * by state, newest first. The unit's 整改办 opens one, sees the sender's contact
 * (nobody else does), takes it in hand, answers it — the sender reads the answer
 * by the tracking code — and may link it to a problem of the ledger.
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App as AntdApp, Button, Descriptions, Drawer, Empty, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useInspections } from '../../../api/inspections';
import { useSession } from '../../../lib/auth';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { isApiError } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import { paths } from '../../../config/paths';
import { useI18n } from '../../../i18n';
import { useInbox, useProblemSearch, useUpdateFeedback } from '../api/feedback';
import { feedbackUpdateBody, FEEDBACK_STATUSES, type FeedbackItem, type FeedbackStatus } from '../lib/domain';

const STATUS_COLOR: Record<FeedbackStatus, string> = { received: 'orange', in_progress: 'blue', answered: 'green' };

export default function FeedbackPage() {
  const { t } = useI18n();
  const session = useSession();
  // the units the user reads (from the session: the round list is paged and need not name them all)
  const units = useMemo(() => (session.data?.user.units ?? []).map((u) => ({ unitId: u.id, unitName: u.name })), [session.data]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const unit = unitId ?? units[0]?.unitId;
  // the unit's newest round: a feedback item is linked to one of its problems
  const latest = useInspections({ unitId: unit, pageSize: 1 });
  const [status, setStatus] = useState<FeedbackStatus | undefined>();
  const [page, setPage] = useState(1);
  const inbox = useInbox(unit, status, page);
  const [openId, setOpenId] = useState<number | undefined>();
  const open = inbox.data?.items.find((i) => i.id === openId);
  const counts = inbox.data?.counts;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('feedback.title')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('feedback.intro')} />
      <Space wrap>
        {units.length > 1 ? (
          <Select
            aria-label={t('feedback.unit')}
            style={{ minWidth: 220 }}
            value={unit}
            onChange={(v) => {
              setUnitId(v);
              setPage(1);
            }}
            options={units.map((u) => ({ value: u.unitId, label: u.unitName }))}
          />
        ) : null}
        <Segmented
          aria-label={t('feedback.filter')}
          value={status ?? 'all'}
          onChange={(v) => {
            setStatus(v === 'all' ? undefined : (v as FeedbackStatus));
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('feedback.all') },
            ...FEEDBACK_STATUSES.map((s) => ({ value: s, label: `${t(`feedback.status.${s}`)}${counts ? ` (${counts[s]})` : ''}` })),
          ]}
        />
      </Space>
      {inbox.error ? <ErrorAlert error={inbox.error} /> : null}
      <Table<FeedbackItem>
        rowKey="id"
        size="middle"
        loading={inbox.isLoading}
        dataSource={inbox.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('feedback.empty')} /> }}
        pagination={{ current: page, pageSize: 20, total: inbox.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('feedback.at'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatInstant(v) },
          {
            title: t('feedback.subject'),
            dataIndex: 'subject',
            render: (v: string, r) => (
              <Button
                type="link"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                onClick={() => setOpenId(r.id)}
              >
                {v}
              </Button>
            ),
          },
          {
            title: t('feedback.about'),
            dataIndex: 'publication',
            responsive: ['md'],
            render: (p: FeedbackItem['publication']) => p?.title ?? '—',
          },
          {
            title: t('feedback.state'),
            dataIndex: 'status',
            width: 110,
            render: (s: FeedbackStatus) => <Tag color={STATUS_COLOR[s]}>{t(`feedback.status.${s}`)}</Tag>,
          },
        ]}
      />
      <Drawer open={!!open} width={560} title={open?.subject} onClose={() => setOpenId(undefined)} destroyOnHidden>
        {open ? <FeedbackDetail item={open} inspectionId={latest.data?.items[0]?.id} /> : null}
      </Drawer>
    </Space>
  );
}

function FeedbackDetail({ item, inspectionId }: { item: FeedbackItem; inspectionId: number | undefined }) {
  const { t } = useI18n();
  const { message } = AntdApp.useApp();
  const update = useUpdateFeedback(item.id);
  const [answer, setAnswer] = useState(item.answer ?? '');
  const [q, setQ] = useState('');
  const problems = useProblemSearch(item.abilities.handle ? inspectionId : undefined, q);
  const answerError = answer.trim()
    ? (() => {
        const r = feedbackUpdateBody.safeParse({ answer });
        return r.success ? null : r.error.issues[0].message;
      })()
    : null;
  const run = (body: Parameters<typeof update.mutate>[0], done: string) =>
    update.mutate(body, {
      onSuccess: () => void message.success(done),
      onError: (e) => void message.error(isApiError(e) ? e.message : t('feedback.failed')),
    });
  const c = item.contact;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('feedback.state')}>
          <Tag color={STATUS_COLOR[item.status]}>{t(`feedback.status.${item.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('feedback.at')}>{formatInstant(item.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('feedback.about')}>
          {item.publication ? (
            <a href={`/public/n/${item.publication.code}`} target="_blank" rel="noreferrer">
              {item.publication.title}
            </a>
          ) : (
            t('feedback.general')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('feedback.sender')}>
          {c ? (
            <Space direction="vertical" size={0}>
              {c.name ? (
                <span>
                  {t('feedback.name')}：{c.name}
                </span>
              ) : null}
              {c.phone ? (
                <span>
                  {t('feedback.phone')}：{c.phone}
                </span>
              ) : null}
              {c.email ? (
                <span>
                  {t('feedback.email')}：{c.email}
                </span>
              ) : null}
            </Space>
          ) : item.hasContact ? (
            <Typography.Text type="secondary">{t('feedback.contactHidden')}</Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('feedback.noContact')}</Typography.Text>
          )}
        </Descriptions.Item>
        {item.attachment ? (
          <Descriptions.Item label={t('feedback.attachment')}>
            <a href={item.attachment.url}>{item.attachment.name}</a>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('feedback.problem')}>
          {item.problem ? <Link to={paths.problem.getHref(item.problem.id)}>{`${item.problem.label}${item.problem.title}`}</Link> : '—'}
        </Descriptions.Item>
      </Descriptions>
      <div>
        <Typography.Text strong>{t('feedback.text')}</Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{item.text}</Typography.Paragraph>
      </div>
      {item.answer && !item.abilities.handle ? (
        <div>
          <Typography.Text strong>{t('feedback.answer')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{item.answer}</Typography.Paragraph>
        </div>
      ) : null}
      {item.abilities.handle ? (
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          {item.status === 'received' ? (
            <Button onClick={() => run({ status: 'in_progress' }, t('feedback.markedInProgress'))} loading={update.isPending}>
              {t('feedback.markInProgress')}
            </Button>
          ) : null}
          <label htmlFor="feedback-answer">
            <Typography.Text strong>{t('feedback.answer')}</Typography.Text>
          </label>
          <Input.TextArea
            id="feedback-answer"
            rows={5}
            value={answer}
            status={answerError ? 'error' : undefined}
            onChange={(e) => setAnswer(e.target.value)}
            placeholder={t('feedback.answerHint')}
          />
          {answerError ? <Typography.Text type="danger">{answerError}</Typography.Text> : null}
          <Button
            type="primary"
            disabled={!answer.trim() || !!answerError}
            loading={update.isPending}
            onClick={() => run({ answer }, t('feedback.answered'))}
          >
            {item.answer ? t('feedback.updateAnswer') : t('feedback.sendAnswer')}
          </Button>
          <label htmlFor="feedback-problem">
            <Typography.Text strong>{t('feedback.linkProblem')}</Typography.Text>
          </label>
          <Select
            id="feedback-problem"
            showSearch={{ filterOption: false, onSearch: setQ }}
            allowClear
            style={{ width: '100%' }}
            placeholder={t('feedback.searchProblem')}
            value={item.problem?.id}
            loading={problems.isFetching}
            onChange={(v: number | undefined) => run({ problemId: v ?? null }, t('feedback.linked'))}
            options={[
              // the linked problem stays shown whatever the search finds
              ...(item.problem && !problems.data?.items.some((p) => p.id === item.problem?.id)
                ? [{ value: item.problem.id, label: `${item.problem.label}${item.problem.title}` }]
                : []),
              ...(problems.data?.items ?? [])
                .filter((p) => p.unitId === item.unitId)
                .map((p) => ({ value: p.id, label: `${p.label}${p.title}` })),
            ]}
          />
        </Space>
      ) : null}
    </Space>
  );
}
