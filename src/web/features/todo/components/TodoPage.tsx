import { Card, Empty, Flex, List, Pagination, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useT, type MessageKey } from '../../../i18n';
import { paths } from '../../../config/paths';
import { formatInstant } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LightDot } from '../../../components/LightDot';
import { PageSpinner } from '../../../components/PageSpinner';
import { TODO_KINDS, type TodoItem, type TodoKind } from '../../../lib/domain';
import { useTodo } from '../api/get-todo';

const KIND_COLOR: Record<TodoKind, string> = {
  closure_review: 'orange',
  extension_decision: 'gold',
  closure_returned: 'red',
  extension_refused: 'magenta',
  overdue: 'error',
  to_plan: 'default',
  report: 'blue',
};

const PAGE_SIZE = 20;

/** One thing to do: what, which problem, since when, and the words that came with it. */
function TodoRow({ item }: { item: TodoItem }) {
  const t = useT();
  const p = item.problem;
  const noteKey: Partial<Record<TodoKind, MessageKey>> = {
    closure_review: 'todo.note.request',
    extension_decision: 'todo.note.extension',
    closure_returned: 'todo.note.returned',
    extension_refused: 'todo.note.refused',
  };
  return (
    <List.Item style={{ display: 'block', paddingInline: 4 }}>
      <Flex vertical gap={4}>
        <Space size={6} wrap>
          <Tag color={KIND_COLOR[item.kind]} style={{ marginInlineEnd: 0 }}>
            {t(`todo.kind.${item.kind}`)}
          </Tag>
          {item.step && (
            <Typography.Text type="secondary">{t('review.waitingAt', { name: item.step.name, who: item.step.roleZh })}</Typography.Text>
          )}
        </Space>
        <Link to={paths.problem.getHref(p.id)} style={{ fontSize: 15, fontWeight: 500, wordBreak: 'break-word' }}>
          <span style={{ color: '#1f4e8c', marginInlineEnd: 6 }}>{p.label}</span>
          {p.title}
        </Link>
        <Space size={[12, 2]} wrap style={{ fontSize: 13, color: '#595959' }}>
          <LightDot light={p.light} withText />
          <span>
            {t('todo.deadline')}：<span style={{ color: p.overdue ? '#c62828' : undefined }}>{p.deadline ?? '—'}</span>
          </span>
          {item.requestedDeadline && <span>{t('todo.requestedDeadline', { d: item.requestedDeadline })}</span>}
          {p.leadDept && <span>{p.leadDept.name}</span>}
          <span>{p.unit.name}</span>
        </Space>
        {item.note && noteKey[item.kind] && (
          <Typography.Paragraph
            style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
            ellipsis={{ rows: 3, expandable: true, symbol: t('todo.more') }}
          >
            <Typography.Text type="secondary">{t(noteKey[item.kind]!)}：</Typography.Text>
            {item.note}
          </Typography.Paragraph>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.from ? `${item.from.name} · ` : ''}
          {formatInstant(item.since)}
        </Typography.Text>
      </Flex>
    </List.Item>
  );
}

/** 待办: what waits for the signed-in person — their department's items, requests at their review step. */
export default function TodoPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const todo = useTodo(page, PAGE_SIZE);

  if (todo.isPending) return <PageSpinner />;
  if (todo.isError) return <ErrorAlert error={todo.error} onRetry={() => todo.refetch()} />;
  const d = todo.data;
  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <Flex align="baseline" gap={12} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('todo.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('todo.total', { n: d.total })}</Typography.Text>
      </Flex>
      {d.total > 0 && (
        <Space size={[6, 6]} wrap aria-label={t('todo.countsLabel')}>
          {TODO_KINDS.filter((k) => d.counts[k] > 0).map((k) => (
            <Tag key={k} color={KIND_COLOR[k]}>
              {t(`todo.kind.${k}`)} {d.counts[k]}
            </Tag>
          ))}
        </Space>
      )}
      <Card size="small" styles={{ body: { paddingBlock: 4 } }}>
        {d.items.length ? (
          <List<TodoItem>
            dataSource={d.items}
            rowKey={(i) => `${i.kind}-${i.problem.id}-${i.extensionId ?? 0}`}
            renderItem={(i) => <TodoRow item={i} />}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('todo.empty')} />
        )}
      </Card>
      {d.total > PAGE_SIZE && (
        <Pagination
          size="small"
          align="center"
          current={page}
          pageSize={PAGE_SIZE}
          total={d.total}
          showSizeChanger={false}
          onChange={(n) =>
            setParams((sp) => {
              sp.set('page', String(n));
              return sp;
            })
          }
        />
      )}
    </Flex>
  );
}
