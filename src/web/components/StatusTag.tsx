import { Tag } from 'antd';
import type { ProblemStatus, RectifyKind } from '../lib/domain';
import { useT } from '../i18n';

const STATUS_COLOR: Record<ProblemStatus, string> = {
  pending: 'default',
  in_progress: 'blue',
  closure_requested: 'warning',
  closed: 'success',
  long_term: 'purple',
};

/** 未启动 / 整改中 / 待销号 / 已销号 / 长期坚持 */
export function StatusTag({ status }: { status: ProblemStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}

const KIND_COLOR: Record<RectifyKind, string> = { immediate: 'volcano', deadline: 'geekblue', long_term: 'cyan' };

/** 立行立改 / 限期整改 / 长期坚持 */
export function KindTag({ kind }: { kind: RectifyKind | null }) {
  const t = useT();
  if (!kind) return <span aria-label="—">—</span>;
  return (
    <Tag variant="outlined" color={KIND_COLOR[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`kind.${kind}`)}
    </Tag>
  );
}
