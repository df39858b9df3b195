import { Select } from 'antd';
import { useInspections } from '../api/inspections';
import { useT } from '../i18n';

/** Picks one inspection round; `allowAll` adds an empty choice meaning "all rounds". */
export function InspectionSelect({
  id,
  value,
  onChange,
  allowAll = false,
  style,
}: {
  id?: string;
  value: number | undefined;
  onChange: (id: number | undefined) => void;
  allowAll?: boolean;
  style?: React.CSSProperties;
}) {
  const t = useT();
  const { data, isLoading } = useInspections();
  return (
    <Select<number>
      id={id}
      aria-label={t('ledger.inspection')}
      loading={isLoading}
      value={value}
      allowClear={allowAll}
      placeholder={allowAll ? t('ledger.allInspections') : t('dash.chooseInspection')}
      onChange={(v) => onChange(v ?? undefined)}
      style={{ minWidth: 260, ...style }}
      popupMatchSelectWidth={false}
      showSearch={{ optionFilterProp: 'label' }}
      options={(data ?? []).map((i) => ({ value: i.id, label: `${i.unitName ? `${i.unitName} · ` : ''}${i.title}` }))}
    />
  );
}
