import { Card, Flex, Typography } from 'antd';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useLedger } from '../api/get-ledger';
import { useLedgerParams } from '../hooks/use-ledger-params';
import { LedgerFilters } from './LedgerFilters';
import { LedgerTable } from './LedgerTable';

/** 整改台账 — 三清单一台账, filtered and paged on the server. */
export default function LedgerPage() {
  const t = useT();
  const { query, update, reset } = useLedgerParams();
  const ledger = useLedger(query);

  return (
    <Flex vertical gap={12}>
      <Flex align="baseline" gap={12} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('ledger.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('ledger.subtitle')}</Typography.Text>
      </Flex>
      <Card size="small">
        <LedgerFilters query={query} update={update} reset={reset} />
      </Card>
      {ledger.isError && <ErrorAlert error={ledger.error} onRetry={() => ledger.refetch()} />}
      <section aria-label={t('ledger.table')}>
        {query.sort !== 'order' && (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 6 }}>
            {t('ledger.flatHint')}
          </Typography.Text>
        )}
        <LedgerTable data={ledger.data} loading={ledger.isFetching} query={query} update={update} />
      </section>
    </Flex>
  );
}
