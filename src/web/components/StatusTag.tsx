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

/**
 * Text colours darker than antd's preset tag text, on the same light preset
 * backgrounds: the presets' own text (#52c41a on #f6ffed is 2.2:1) fails WCAG AA.
 */
export const TAG_TEXT: Record<string, string> = {
  default: '#434343',
  blue: '#003eb3',
  warning: '#874d00',
  success: '#237804',
  purple: '#391085',
  volcano: '#ad2102',
  geekblue: '#10239e',
  cyan: '#006d75',
  error: '#a8071a',
  gold: '#874d00',
  green: '#237804',
  red: '#a8071a',
  orange: '#873800',
};

/** 未启动 / 整改中 / 待销号 / 已销号 / 长期坚持 */
export function StatusTag({ status }: { status: ProblemStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} style={{ marginInlineEnd: 0, color: TAG_TEXT[STATUS_COLOR[status] ?? 'default'] }}>
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
    <Tag variant="outlined" color={KIND_COLOR[kind]} style={{ marginInlineEnd: 0, color: TAG_TEXT[KIND_COLOR[kind]] }}>
      {t(`kind.${kind}`)}
    </Tag>
  );
}
