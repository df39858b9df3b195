import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useInspection, useInspections } from '../api/inspections';
import { useT } from '../i18n';
import type { Inspection } from '../lib/domain';

/** Rounds offered at once; more are reached by typing (the server searches name, body and unit). */
const PICK_PAGE = 50;

const labelOf = (i: Pick<Inspection, 'unitName' | 'title'>) => `${i.unitName ? `${i.unitName} · ` : ''}${i.title}`;

/**
 * Picks one inspection round; `allowAll` adds an empty choice meaning "all rounds".
 * Searches as the user types (the list is paged on the server, an office may
 * read hundreds of rounds) and always names the chosen round, even when it is
 * not on the page of matches.
 */
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
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(h);
  }, [text]);
  const { data, isFetching } = useInspections({ q: q || undefined, pageSize: PICK_PAGE });
  const chosen = useInspection(value);
  const items = data?.items ?? [];
  const options = items.map((i) => ({ value: i.id, label: labelOf(i) }));
  if (chosen.data && !items.some((i) => i.id === chosen.data.id)) options.unshift({ value: chosen.data.id, label: labelOf(chosen.data) });
  return (
    <Select<number>
      id={id}
      aria-label={t('ledger.inspection')}
      loading={isFetching}
      value={value}
      allowClear={allowAll}
      placeholder={allowAll ? t('ledger.allInspections') : t('dash.chooseInspection')}
      onChange={(v) => onChange(v ?? undefined)}
      style={{ minWidth: 260, ...style }}
      popupMatchSelectWidth={false}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      onOpenChange={(open) => !open && setText('')}
      options={options}
    />
  );
}
