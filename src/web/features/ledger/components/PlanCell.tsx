/**
 * A plan cell of the ledger that 整改办 edits in place, like a spreadsheet:
 * click, Enter or F2 opens the picker, a choice saves it at once (one
 * request through plan-batch, one 计划变更 entry), Escape leaves it as it was.
 * The page keeps the undo list; this cell only reports what changed and what
 * was there before.
 */
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../../i18n';
import { useDepartments, useLeaders } from '../../../api/units';
import { RECTIFY_KINDS, type LedgerRow, type ProblemPlanBody, type RectifyKind } from '../../../lib/domain';
import { beijingToday } from '../../../lib/format';

export type PlanField = 'leader' | 'leadDept' | 'coDepts' | 'deadline' | 'kind';

export interface CellChange {
  row: LedgerRow;
  field: PlanField;
  plan: ProblemPlanBody;
  /** The plan that puts the cell back; null when it cannot be put back (a deadline moves only by extension). */
  undo: ProblemPlanBody | null;
}

interface Props {
  row: LedgerRow;
  field: PlanField;
  /** The cell as read. */
  children: ReactNode;
  /** Whether this person may edit it now (the row's abilities, and for a deadline: none set yet). */
  editable: boolean;
  onChange: (c: CellChange) => void;
  busy: boolean;
}

/** What puts a cell back as it was before an edit. */
export function undoOf(row: LedgerRow, field: PlanField): ProblemPlanBody | null {
  switch (field) {
    case 'leader':
      // a leader named by the notice without an account cannot be chosen again: no undo then
      return row.leader && row.leader.id == null ? null : { leaderId: row.leader?.id ?? null };
    case 'leadDept':
      return { leadDeptId: row.leadDept?.id ?? null };
    case 'coDepts':
      return { cooperatingDeptIds: row.cooperatingDepts.map((d) => d.id) };
    case 'kind':
      return row.rectifyKind ? { rectifyKind: row.rectifyKind } : null;
    case 'deadline':
      return null;
  }
}

function Editor({ row, field, done }: { row: LedgerRow; field: PlanField; done: (plan: ProblemPlanBody | null) => void }) {
  const t = useT();
  const depts = useDepartments(field === 'leadDept' || field === 'coDepts' ? row.unitId : undefined);
  const leaders = useLeaders(field === 'leader' ? row.unitId : undefined);
  const common = { autoFocus: true, defaultOpen: true, size: 'small' as const, style: { width: '100%', minWidth: 120 } };
  const [co, setCo] = useState<number[]>(row.cooperatingDepts.map((d) => d.id));
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') done(null);
  };
  switch (field) {
    case 'leader':
      return (
        <Select<number>
          {...common}
          aria-label={t('ledgerux.edit.leader')}
          loading={leaders.isLoading}
          defaultValue={row.leader?.id ?? undefined}
          options={(leaders.data ?? []).map((l) => ({ value: l.id, label: l.displayName }))}
          onChange={(v) => done({ leaderId: v ?? null })}
          allowClear
          onBlur={() => done(null)}
          onKeyDown={onKey}
        />
      );
    case 'leadDept':
      return (
        <Select<number>
          {...common}
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('ledgerux.edit.leadDept')}
          loading={depts.isLoading}
          defaultValue={row.leadDept?.id ?? undefined}
          options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          onChange={(v) => done({ leadDeptId: v ?? null })}
          allowClear
          onBlur={() => done(null)}
          onKeyDown={onKey}
        />
      );
    case 'coDepts':
      // several choices: saved when the picker closes
      return (
        <Select<number[]>
          {...common}
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('ledgerux.edit.coDepts')}
          loading={depts.isLoading}
          value={co}
          options={(depts.data ?? []).filter((d) => d.id !== row.leadDept?.id).map((d) => ({ value: d.id, label: d.name }))}
          onChange={setCo}
          onOpenChange={(open) => {
            if (!open) {
              const before = row.cooperatingDepts
                .map((d) => d.id)
                .sort()
                .join(',');
              done([...co].sort().join(',') === before ? null : { cooperatingDeptIds: co });
            }
          }}
          onKeyDown={onKey}
        />
      );
    case 'kind':
      return (
        <Select<RectifyKind>
          {...common}
          aria-label={t('ledgerux.edit.kind')}
          defaultValue={row.rectifyKind ?? undefined}
          options={RECTIFY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          onChange={(v) => done(v && v !== row.rectifyKind ? { rectifyKind: v } : null)}
          onBlur={() => done(null)}
          onKeyDown={onKey}
        />
      );
    case 'deadline':
      return (
        <DatePicker
          {...common}
          aria-label={t('ledgerux.edit.deadline')}
          // a first deadline lies ahead; the office sets it on the plan it agreed
          disabledDate={(d) => d.format('YYYY-MM-DD') < beijingToday()}
          defaultPickerValue={dayjs(beijingToday())}
          onChange={(d) => done(d ? { deadline: d.format('YYYY-MM-DD') } : null)}
          onOpenChange={(open) => {
            if (!open) done(null);
          }}
          onKeyDown={onKey}
        />
      );
  }
}

export function PlanCell({ row, field, children, editable, onChange, busy }: Props) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  if (!editable) return <>{children}</>;
  if (editing) {
    return (
      <div onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} role="presentation">
        <Editor
          row={row}
          field={field}
          done={(plan) => {
            setEditing(false);
            if (plan) onChange({ row, field, plan, undo: undoOf(row, field) });
          }}
        />
      </div>
    );
  }
  const open = () => {
    if (!busy) setEditing(true);
  };
  return (
    <div
      className="zg-cell-edit"
      role="button"
      tabIndex={0}
      title={t('ledgerux.editHint')}
      onClick={(e) => {
        e.stopPropagation();
        open();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'F2' || e.key === ' ') {
          e.preventDefault();
          e.stopPropagation();
          open();
        }
      }}
    >
      {children}
      {/* the name a screen reader hears: the value shown, then what pressing does (WCAG 2.5.3: the visible text first) */}
      <span className="zg-sr-only">
        {t('ledgerux.editCell', { field: t(`ledgerux.field.${field}`), problem: `${row.label} ${row.title}` })}
      </span>
    </div>
  );
}
