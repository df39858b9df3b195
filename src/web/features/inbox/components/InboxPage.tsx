import { useState } from 'react';
import { Badge, Button, Card, Empty, Flex, List, Segmented, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../../i18n';
import { formatInstant } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { Notification } from '../../../lib/domain';
import { useMarkRead, useNotifications } from '../api/notifications';

const KIND_COLOR: Record<string, string> = { red: 'red', escalate: 'volcano', yellow: 'gold', stalled: 'orange', digest: 'blue' };

/** 我的消息: reminders, escalations, orders and digests, newest first; a click marks it read and opens the item. */
export default function InboxPage() {
  const t = useT();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useNotifications(unreadOnly, page, pageSize);
  const mark = useMarkRead();

  // links are paths of this app (the server writes them); anything else is not followed
  const internal = (n: Notification) => n.link.startsWith('/') && !n.link.startsWith('//');
  const open = async (n: Notification) => {
    try {
      // marked before leaving, so the bell is right on the page it leads to
      if (!n.readAt) await mark.mutateAsync({ ids: [n.id] });
    } finally {
      if (internal(n)) navigate(n.link);
    }
  };

  return (
    <Card title={<h1 style={{ margin: 0, fontSize: 18 }}>{t('inbox.title')}</h1>}>
      {/* the controls sit in the body, not the card's header, so a phone keeps the title */}
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented
          aria-label={t('inbox.filter')}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => {
            setUnreadOnly(v === 'unread');
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('inbox.all') },
            { value: 'unread', label: t('inbox.unreadOnly') },
          ]}
        />
        <Button icon={<CheckOutlined />} disabled={!list.data?.unread} loading={mark.isPending} onClick={() => mark.mutate({ all: true })}>
          {t('inbox.markAll')}
        </Button>
      </Space>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      <List<Notification>
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={unreadOnly ? t('inbox.noneUnread') : t('inbox.none')} /> }}
        pagination={
          (list.data?.total ?? 0) > pageSize
            ? { current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }
            : false
        }
        renderItem={(n) => (
          <List.Item
            key={n.id}
            data-testid="inbox-item"
            style={{ alignItems: 'flex-start', background: n.readAt ? undefined : '#fff8f6', paddingInline: 8 }}
          >
            <List.Item.Meta
              title={
                <Flex gap={8} wrap align="center">
                  {!n.readAt && <Badge status="error" aria-label={t('inbox.unread')} />}
                  <Tag color={KIND_COLOR[n.kind] ?? 'default'} style={{ marginInlineEnd: 0 }}>
                    {n.kindZh}
                  </Tag>
                  <Typography.Link
                    href={internal(n) ? n.link : undefined}
                    strong={!n.readAt}
                    onClick={(e) => {
                      e.preventDefault();
                      void open(n);
                    }}
                  >
                    {n.title}
                  </Typography.Link>
                </Flex>
              }
              description={
                <>
                  <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {n.body}
                  </Typography.Paragraph>
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatInstant(n.createdAt)}
                    </Typography.Text>
                    {!n.readAt && (
                      <Button size="small" type="link" style={{ paddingInline: 0 }} onClick={() => mark.mutate({ ids: [n.id] })}>
                        {t('inbox.markRead')}
                      </Button>
                    )}
                  </Flex>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
