import type React from 'react';
import { Badge, Grid } from 'antd';
import { useT } from '../../../i18n';
import { useTodoCount } from '../api/get-todo';

/** The menu's 待办 entry with the number of things waiting (read aloud as "待办，3 项"). */
export function TodoMenuLabel({ enabled }: { enabled: boolean }) {
  const t = useT();
  const count = useTodoCount(enabled);
  const n = count.data ?? 0;
  return (
    <span aria-label={n ? t('todo.menuCount', { n }) : t('nav.todo')} style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      <span aria-hidden={n > 0}>{t('nav.todo')}</span>
      {n > 0 && <Badge count={n} overflowCount={99} size="small" aria-hidden style={{ backgroundColor: '#c62828' }} />}
    </span>
  );
}

/**
 * The entry's icon: in the narrow (collapsed) menu the label is hidden, so the
 * icon carries a dot when something waits; in the wide menu the label's count does.
 */
export function TodoMenuIcon({ enabled, icon }: { enabled: boolean; icon: React.ReactElement }) {
  const count = useTodoCount(enabled);
  const collapsed = !Grid.useBreakpoint().lg;
  if (!collapsed || !count.data) return icon;
  return (
    <Badge dot offset={[2, 0]} style={{ backgroundColor: '#c62828' }}>
      {icon}
    </Badge>
  );
}
