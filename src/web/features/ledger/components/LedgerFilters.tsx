import { useEffect, useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Switch } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../../../i18n';
import { useInspection } from '../../../api/inspections';
import { useDepartments } from '../../../api/units';
import { useSession } from '../../../lib/auth';
import { FILTER_LIGHTS, PROBLEM_STATUSES, RECTIFY_KINDS, type LedgerQuery, type ProblemStatus } from '../../../lib/domain';
import { InspectionSelect } from '../../../components/InspectionSelect';
import { LightDot } from '../../../components/LightDot';

interface Props {
  query: LedgerQuery;
  update: (patch: Partial<LedgerQuery>) => void;
  reset: () => void;
}

/** Waits for the typing to stop before the search reaches the URL (and the server). */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function LedgerFilters({ query, update, reset }: Props) {
  const t = useT();
  const session = useSession();
  const inspection = useInspection(query.inspectionId).data;
  const units = session.data?.user.units ?? [];
  const unitId = inspection?.unitId ?? query.unitId ?? (units.length === 1 ? units[0].id : undefined);
  const departments = useDepartments(unitId);

  const [text, setText] = useState(query.q ?? '');
  const debounced = useDebounced(text, 400);
  useEffect(() => {
    if ((debounced || undefined) !== (query.q || undefined)) update({ q: debounced || undefined });
    // Only the debounced text drives this; the URL may also change by reset/back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  useEffect(() => {
    setText(query.q ?? '');
  }, [query.q]);

  return (
    <div role="search" aria-label={t('ledger.filters')}>
      <Form layout="inline" component="div" style={{ rowGap: 8 }}>
        {units.length > 1 && (
          <Form.Item label={t('ledgerux.unit')} htmlFor="lf-unit">
            <Select<number>
              id="lf-unit"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('common.all')}
              style={{ width: 180 }}
              value={query.unitId}
              onChange={(v) => update({ unitId: v ?? undefined, inspectionId: undefined, departmentId: undefined })}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('ledger.inspection')} htmlFor="lf-inspection">
          <InspectionSelect
            id="lf-inspection"
            allowAll
            value={query.inspectionId}
            onChange={(v) => update({ inspectionId: v, departmentId: undefined })}
          />
        </Form.Item>
        <Form.Item label={t('ledger.status')} htmlFor="lf-status">
          <Select<ProblemStatus[]>
            id="lf-status"
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('common.all')}
            style={{ width: 220 }}
            value={query.status ?? []}
            onChange={(v) => update({ status: v.length ? v : undefined })}
            options={PROBLEM_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('ledger.department')} htmlFor="lf-dept">
          <Select<number>
            id="lf-dept"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('common.all')}
            style={{ width: 180 }}
            loading={departments.isLoading}
            value={query.departmentId}
            onChange={(v) => update({ departmentId: v ?? undefined })}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item label={t('ledger.kind')} htmlFor="lf-kind">
          <Select
            id="lf-kind"
            allowClear
            placeholder={t('common.all')}
            style={{ width: 130 }}
            value={query.kind}
            onChange={(v) => update({ kind: v ?? undefined })}
            options={RECTIFY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('ledger.light')} htmlFor="lf-light">
          <Select
            id="lf-light"
            allowClear
            placeholder={t('common.all')}
            style={{ width: 120 }}
            value={query.light}
            onChange={(v) => update({ light: v ?? undefined })}
            options={FILTER_LIGHTS.map((l) => ({
              value: l,
              label: (
                <Space size={6}>
                  <LightDot light={l} />
                  {t(`light.${l}`)}
                </Space>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('ledger.deadline')} htmlFor="lf-deadline-from">
          <DatePicker.RangePicker
            id={{ start: 'lf-deadline-from', end: 'lf-deadline-to' }}
            placeholder={[t('ledger.deadlineFrom'), t('ledger.deadlineTo')]}
            allowEmpty={[true, true]}
            style={{ width: 250 }}
            value={[query.deadlineFrom ? dayjs(query.deadlineFrom) : null, query.deadlineTo ? dayjs(query.deadlineTo) : null]}
            onChange={(v) =>
              update({
                deadlineFrom: v?.[0] ? v[0].format('YYYY-MM-DD') : undefined,
                deadlineTo: v?.[1] ? v[1].format('YYYY-MM-DD') : undefined,
              })
            }
          />
        </Form.Item>
        <Form.Item label={t('ledger.overdue')} htmlFor="lf-overdue">
          <Switch id="lf-overdue" checked={query.overdue} onChange={(v) => update({ overdue: v })} />
        </Form.Item>
        {/* 重复出现: items resembling a problem of an earlier round (issue 10) */}
        <Form.Item label={t('ledger.recurring')} htmlFor="lf-recurring">
          <Switch id="lf-recurring" checked={!!query.recurring} onChange={(v) => update({ recurring: v || undefined })} />
        </Form.Item>
        <Form.Item label={t('ledger.search')} htmlFor="lf-q">
          <Input.Search
            id="lf-q"
            allowClear
            type="search"
            placeholder={t('ledger.searchPlaceholder')}
            style={{ width: 240 }}
            value={text}
            maxLength={100}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
          />
        </Form.Item>
        <Form.Item>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setText('');
              reset();
            }}
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>
    </div>
  );
}
