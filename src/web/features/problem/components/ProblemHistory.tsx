import { Empty, Tag, Timeline, Typography } from 'antd';
import type { ActorRef, Extension, PlanChange, ReviewStepView, Transition } from '../../../lib/domain';
import { useT, type MessageKey, type TFunction } from '../../../i18n';
import { formatInstant } from '../../../lib/format';
import { ExtensionDecision } from './ProblemActions';

const TRANSITION_KEYS = new Set([
  'start',
  'closure_request',
  'closure_step_approve',
  'closure_approve',
  'closure_return',
  'extension_request',
  'extension_step_approve',
  'extension_approve',
  'extension_refuse',
  'stage_done',
  'import',
  'kind_change',
  'plan_change',
  'reopen',
]);

/** Where a request waits, as people read it: "待分管领导审批（责任领导，第 2/2 步）". */
export function waitingText(t: TFunction, s: ReviewStepView): string {
  return s.count > 1
    ? t('review.waitingAtStep', { name: s.name, who: s.roleZh, n: s.index + 1, of: s.count })
    : t('review.waitingAt', { name: s.name, who: s.roleZh });
}

/** Long texts (a description) are cut in the list; the whole text is in the tooltip. */
const cut = (v: string | null, n = 60) => (v && v.length > n ? `${v.slice(0, n)}…` : v);

/** A 计划变更's fields, each "字段：前 → 后". */
function PlanChanges({ changes }: { changes: PlanChange[] }) {
  const t = useT();
  const none = t('history.empty');
  return (
    <ul style={{ margin: '2px 0 0', paddingInlineStart: 18, color: '#444' }}>
      {changes.map((c, i) => (
        <li key={i} style={{ wordBreak: 'break-word' }}>
          <span>{t(`planField.${c.field}`)}</span>
          {c.measure && c.field !== 'measureAdded' && <Typography.Text type="secondary">（{cut(c.measure.name, 24)}）</Typography.Text>}：
          {c.field === 'measureAdded' ? (
            <span title={c.after ?? ''}>{cut(c.after)}</span>
          ) : (
            <>
              <del title={c.before ?? ''} style={{ color: '#757575' }}>
                {cut(c.before) ?? none}
              </del>
              {' → '}
              <span title={c.after ?? ''}>{cut(c.after) ?? none}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

const EXT_COLOR: Record<Extension['status'], string> = { pending: 'warning', approved: 'success', refused: 'error' };

/** 流转记录: every transition with its actor and reason. */
export function TransitionList({ transitions }: { transitions: Transition[] }) {
  const t = useT();
  if (!transitions.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problem.noHistory')} />;
  const items = [...transitions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const actorName = (a: ActorRef) => a.name ?? t('common.system');
  const actionLabel = (a: string) => (TRANSITION_KEYS.has(a) ? t(`transition.${a}` as MessageKey) : a);
  return (
    <Timeline
      items={items.map((tr) => ({
        key: tr.id,
        color:
          tr.toStatus === 'closed'
            ? 'green'
            : tr.action === 'plan_change'
              ? 'gray'
              : tr.toStatus === 'closure_requested'
                ? 'orange'
                : 'blue',
        content: (
          <>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {formatInstant(tr.createdAt)} · {actorName(tr.actor)}
            </Typography.Text>
            <div>
              <div>
                <strong>{actionLabel(tr.action)}</strong>
                {tr.detail?.stepName && (tr.detail.steps ?? 1) > 1 && (
                  <Tag style={{ marginInlineStart: 8 }}>
                    {t('review.stepOf', { name: tr.detail.stepName, n: (tr.detail.step ?? 0) + 1, of: tr.detail.steps ?? 1 })}
                  </Tag>
                )}
                {tr.fromStatus !== tr.toStatus && (
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {tr.fromStatus ? t(`status.${tr.fromStatus}`) : '—'} → {tr.toStatus ? t(`status.${tr.toStatus}`) : '—'}
                  </Typography.Text>
                )}
              </div>
              {tr.detail?.changes?.length ? (
                <PlanChanges changes={tr.detail.changes} />
              ) : (
                tr.reason && <div style={{ whiteSpace: 'pre-wrap', color: '#555' }}>{tr.reason}</div>
              )}
            </div>
          </>
        ),
      }))}
    />
  );
}

/** 延期记录: requests, decisions, and the decide buttons where allowed. */
export function ExtensionList({ problemId, extensions }: { problemId: number; extensions: Extension[] }) {
  const t = useT();
  if (!extensions.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problem.noExtensions')} />;
  const items = [...extensions].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('problem.extensions')}>
      {items.map((e) => (
        <li key={e.id} style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <span>
              {e.oldDeadline ?? '—'} → <strong>{e.requestedDeadline}</strong>
            </span>
            <Tag color={EXT_COLOR[e.status]} style={{ marginInlineEnd: 0 }}>
              {t(`problem.ext.${e.status}`)}
            </Tag>
          </div>
          <div style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>
            <Typography.Text type="secondary">{t('problem.ext.reason')}：</Typography.Text>
            {e.reason}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {t('problem.ext.requestedBy')}：{e.requestedBy.name} · {formatInstant(e.requestedAt)}
          </Typography.Text>
          {e.step && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {waitingText(t, e.step)}
            </Typography.Text>
          )}
          {e.status !== 'pending' && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('problem.ext.decision')}：{e.decidedBy?.name ?? '—'} · {formatInstant(e.decidedAt)}
              {e.decisionReason ? ` · ${e.decisionReason}` : ''}
            </Typography.Text>
          )}
          {e.status === 'pending' && (
            <div style={{ marginTop: 6 }}>
              <ExtensionDecision problemId={problemId} ext={e} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
