import { Table, Tag } from 'antd';
import type { Measure } from '../../../api/types';
import { useT } from '../../../i18n';
import { personName } from '../../../lib/format';

const COLOR: Record<Measure['status'], string> = { pending: 'default', in_progress: 'blue', done: 'success' };

/** 整改措施 of one problem. */
export function MeasureTable({ measures }: { measures: Measure[] }) {
  const t = useT();
  return (
    <Table<Measure>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={measures}
      locale={{ emptyText: t('problem.noMeasures') }}
      columns={[
        { title: '#', key: 'no', width: 44, render: (_, __, i) => i + 1 },
        { title: t('problem.measure.text'), dataIndex: 'text', render: (v: string) => <div style={{ whiteSpace: 'pre-wrap' }}>{v}</div> },
        { title: t('problem.measure.owner'), key: 'owner', width: 120, render: (_, m) => personName(m.ownerDept) },
        { title: t('problem.measure.deadline'), dataIndex: 'deadline', width: 108, render: (v: string | null) => v ?? '—' },
        {
          title: t('problem.measure.status'),
          dataIndex: 'status',
          width: 90,
          render: (s: Measure['status']) => <Tag color={COLOR[s] ?? 'default'}>{t(`measureStatus.${s}`)}</Tag>,
        },
      ]}
    />
  );
}
