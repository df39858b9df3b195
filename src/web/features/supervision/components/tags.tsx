import { Tag } from 'antd';
import { useT } from '../../../i18n';
import type { OrderLevel, OrderStatus } from '../../../lib/domain';

const LEVEL_COLOR: Record<OrderLevel, string> = { general: 'blue', key: 'orange', listed: 'red' };
const STATUS_COLOR: Record<OrderStatus, string> = { issued: 'gold', replied: 'processing', accepted: 'success', returned: 'error' };

export function LevelTag({ level }: { level: OrderLevel }) {
  const t = useT();
  return <Tag color={LEVEL_COLOR[level]}>{t(`orderLevel.${level}`)}</Tag>;
}

export function StatusTagOrder({ status }: { status: OrderStatus }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`orderStatus.${status}`)}</Tag>;
}
