/**
 * The ledger's pager: first, previous and next page by cursor, and the page size. The server pages by
 * keyset (page 1,500 costs what page 1 does), so there are no page numbers to jump to; the count says
 * whether it is exact or stopped at its cap (“more than 10,000”).
 */
import { useState } from 'react';
import { Button, Flex, Select, Typography } from 'antd';
import { LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import type { LedgerPage, LedgerQuery } from '../../../lib/domain';

/** The page sizes offered; the server takes up to 200. */
export const PAGE_SIZES = [20, 50, 100, 200];

interface Props {
  data: LedgerPage | undefined;
  query: LedgerQuery;
  update: (patch: Partial<LedgerQuery>) => void;
  loading: boolean;
}

export function LedgerPager({ data, query, update, loading }: Props) {
  const t = useT();
  // the count comes with the first page; pages reached by cursor answer null and the pager keeps showing it
  const [known, setKnown] = useState<{ total: number; capped: boolean } | null>(null);
  if (data && data.total != null && (known?.total !== data.total || known.capped !== data.totalCapped)) {
    setKnown({ total: data.total, capped: data.totalCapped });
  }
  const total = known
    ? known.capped
      ? t('ledger.total.capped', { n: known.total.toLocaleString('zh-CN') })
      : t('ledger.total.exact', { n: known.total.toLocaleString('zh-CN') })
    : '';
  const atStart = !data?.prevCursor && !query.cursor && query.page === 1;
  return (
    <Flex component="nav" aria-label={t('ledger.pager.label')} justify="flex-end" align="center" gap={8} wrap style={{ marginTop: 12 }}>
      <Typography.Text type="secondary" aria-live="polite">
        {total}
      </Typography.Text>
      <Button icon={<VerticalRightOutlined />} disabled={atStart || loading} onClick={() => update({ cursor: undefined })}>
        {t('ledger.pager.first')}
      </Button>
      <Button
        icon={<LeftOutlined />}
        disabled={!data?.prevCursor || loading}
        onClick={() => data?.prevCursor && update({ cursor: data.prevCursor })}
      >
        {t('ledger.pager.prev')}
      </Button>
      <Button disabled={!data?.nextCursor || loading} onClick={() => data?.nextCursor && update({ cursor: data.nextCursor })}>
        {t('ledger.pager.next')}
        <RightOutlined />
      </Button>
      <Select
        aria-label={t('ledger.pager.size')}
        value={query.pageSize}
        style={{ width: 120 }}
        options={PAGE_SIZES.map((n) => ({ value: n, label: t('ledger.pager.sizeOption', { n }) }))}
        // a new page size starts again at the first page
        onChange={(n) => update({ pageSize: n })}
      />
    </Flex>
  );
}
