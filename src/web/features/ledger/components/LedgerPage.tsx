import { useCallback, useEffect, useState } from 'react';
import { App as AntdApp, Button, Card, Flex, Space, Tooltip, Typography } from 'antd';
import { EditOutlined, UndoOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useSession } from '../../../lib/auth';
import type { LedgerRow, ProblemPlanBody } from '../../../lib/domain';
import { ledgerSortOf } from '../../../../domain/schemas/index.js';
import { useLedger } from '../api/get-ledger';
import { usePlanBatch } from '../api/plan-batch';
import { useLedgerParams } from '../hooks/use-ledger-params';
import { LedgerFilters } from './LedgerFilters';
import { LedgerTable } from './LedgerTable';
import { BulkPlanModal } from './BulkPlanModal';
import type { CellChange } from './PlanCell';

/** One inline edit that can be taken back: the plan that puts the cell as it was. */
interface UndoEntry {
  id: number;
  what: string;
  undo: ProblemPlanBody;
}

/** How many inline edits the page remembers for undo. */
const UNDO_DEPTH = 50;

/**
 * 整改台账 — 三清单一台账, filtered and paged on the server. 整改办 plans here:
 * select rows for a bulk edit, or edit a plan cell in place; inline edits are
 * remembered so Ctrl+Z (or 撤销) takes the last one back.
 */
export default function LedgerPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const session = useSession();
  const { query, update, reset } = useLedgerParams();
  const ledger = useLedger(query);
  const batch = usePlanBatch();
  const [selected, setSelected] = useState<Map<number, LedgerRow>>(new Map());
  const [bulkOpen, setBulkOpen] = useState(false);
  const [undo, setUndo] = useState<UndoEntry[]>([]);
  const units = session.data?.user.units ?? [];
  // the inspection office reads several units: a unit column and a header per unit, unless one is chosen
  const byUnit = units.length > 1 && !query.unitId && !query.inspectionId;
  const canPlan = (ledger.data?.items ?? []).some((r) => r.abilities.edit);
  const sort = ledger.data?.sort ?? ledgerSortOf(query);

  const onCellChange = useCallback(
    (c: CellChange) => {
      const what = `${c.row.label} ${t(`ledgerux.field.${c.field}`)}`;
      batch.mutate(
        { items: [{ id: c.row.id, plan: c.plan }], source: 'inline' },
        {
          onSuccess: () => {
            if (c.undo) {
              const entry = { id: c.row.id, what, undo: c.undo };
              setUndo((u) => [...u.slice(-(UNDO_DEPTH - 1)), entry]);
              message.success(t('ledgerux.cellSaved', { what }));
            } else {
              message.success(t('ledgerux.cellSavedNoUndo', { what }));
            }
          },
          onError: (e) => message.error(e.message),
        },
      );
    },
    [batch, message, t],
  );

  const undoLast = useCallback(() => {
    const last = undo[undo.length - 1];
    if (!last || batch.isPending) return;
    batch.mutate(
      { items: [{ id: last.id, plan: last.undo }], source: 'inline' },
      {
        onSuccess: () => {
          setUndo((u) => u.slice(0, -1));
          message.success(t('ledgerux.undone', { what: last.what }));
        },
        onError: (e) => message.error(e.message),
      },
    );
  }, [undo, batch, message, t]);

  // Ctrl+Z / ⌘Z outside a text field takes the last inline edit back, as a spreadsheet does
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        undoLast();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undoLast]);

  const last = undo[undo.length - 1];
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
      {canPlan && (
        <Flex gap={8} align="center" wrap role="toolbar" aria-label={t('ledgerux.toolbar')}>
          <Button type="primary" icon={<EditOutlined />} disabled={selected.size === 0} onClick={() => setBulkOpen(true)}>
            {t('ledgerux.bulk.open', { n: selected.size })}
          </Button>
          {selected.size > 0 && <Button onClick={() => setSelected(new Map())}>{t('ledgerux.clearSelection')}</Button>}
          <Tooltip title={last ? t('ledgerux.undoWhat', { what: last.what }) : t('ledgerux.undoNone')}>
            <Button icon={<UndoOutlined />} disabled={!last || batch.isPending} onClick={undoLast} aria-keyshortcuts="Control+Z">
              {t('ledgerux.undo')}
            </Button>
          </Tooltip>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Space size={4}>{t('ledgerux.inlineHint')}</Space>
          </Typography.Text>
        </Flex>
      )}
      <section aria-label={t('ledger.table')}>
        {sort !== 'order' && (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 6 }}>
            {t(sort === 'relevance' ? 'ledger.relevanceHint' : 'ledger.flatHint')}
          </Typography.Text>
        )}
        <LedgerTable
          data={ledger.data}
          loading={ledger.isFetching}
          query={query}
          update={update}
          byUnit={byUnit}
          selected={selected}
          onSelect={setSelected}
          onCellChange={canPlan ? onCellChange : undefined}
          busy={batch.isPending}
          selectable={canPlan}
        />
      </section>
      {bulkOpen && (
        <BulkPlanModal
          rows={[...selected.values()]}
          onClose={() => setBulkOpen(false)}
          onDone={() => {
            setBulkOpen(false);
            setSelected(new Map());
          }}
        />
      )}
    </Flex>
  );
}
