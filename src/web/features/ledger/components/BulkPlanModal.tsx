/**
 * 批量设置整改计划: one form for the selected rows — lead department,
 * cooperating departments, leader, deadline, kind. A field left empty is not
 * changed. The server applies all of it in one transaction or none of it, and
 * its refusal names the row ("第 3 项（…）：…").
 *
 * Departments and leaders belong to a unit: when the selection spans several
 * units only the deadline and the kind can be set together. A deadline already
 * set moves only by extension, so those rows keep theirs (the form says how many).
 */
import { useMemo, useState } from 'react';
import { Alert, App as AntdApp, DatePicker, Form, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useT } from '../../../i18n';
import { useDepartments, useLeaders } from '../../../api/units';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RECTIFY_KINDS, type LedgerRow, type ProblemPlanBody, type RectifyKind } from '../../../lib/domain';
import { beijingToday } from '../../../lib/format';
import { usePlanBatch } from '../api/plan-batch';

interface Values {
  leadDeptId?: number;
  cooperatingDeptIds?: number[];
  leaderId?: number;
  deadline?: Dayjs | null;
  rectifyKind?: RectifyKind;
}

export function BulkPlanModal({ rows, onClose, onDone }: { rows: LedgerRow[]; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<Values>();
  const batch = usePlanBatch();
  const unitIds = useMemo(() => [...new Set(rows.map((r) => r.unitId))], [rows]);
  const oneUnit = unitIds.length === 1 ? unitIds[0] : undefined;
  const depts = useDepartments(oneUnit);
  const leaders = useLeaders(oneUnit);
  const dated = rows.filter((r) => r.deadline != null).length;
  const [empty, setEmpty] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    const plan: ProblemPlanBody = {};
    if (v.leadDeptId) plan.leadDeptId = v.leadDeptId;
    if (v.cooperatingDeptIds?.length) plan.cooperatingDeptIds = v.cooperatingDeptIds.filter((d) => d !== v.leadDeptId);
    if (v.leaderId) plan.leaderId = v.leaderId;
    if (v.rectifyKind) plan.rectifyKind = v.rectifyKind;
    const deadline = v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined;
    if (!Object.keys(plan).length && !deadline) {
      setEmpty(true);
      return;
    }
    const items = rows
      .map((r) => ({ id: r.id, plan: { ...plan, ...(deadline && r.deadline == null ? { deadline } : {}) } }))
      .filter((i) => Object.keys(i.plan).length > 0);
    await batch.mutateAsync({ items, source: 'bulk' });
    message.success(t('ledgerux.bulk.done', { n: items.length }));
    onDone();
  };

  return (
    <Modal
      open
      title={t('ledgerux.bulk.title', { n: rows.length })}
      okText={t('ledgerux.bulk.ok')}
      cancelText={t('common.cancel')}
      onOk={() => submit().catch(() => undefined)}
      confirmLoading={batch.isPending}
      onCancel={onClose}
      width={560}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('ledgerux.bulk.help')}</Typography.Paragraph>
      {!oneUnit && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('ledgerux.bulk.severalUnits')} />}
      {empty && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('ledgerux.bulk.nothing')} />}
      <Form form={form} layout="vertical" onValuesChange={() => setEmpty(false)}>
        <Form.Item name="leadDeptId" label={t('ledger.col.leadDept')} htmlFor="bulk-lead">
          <Select
            id="bulk-lead"
            allowClear
            disabled={!oneUnit}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('ledgerux.bulk.unchanged')}
            loading={depts.isLoading}
            options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="cooperatingDeptIds" label={t('ledger.col.coDepts')} htmlFor="bulk-co">
          <Select
            id="bulk-co"
            mode="multiple"
            allowClear
            disabled={!oneUnit}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('ledgerux.bulk.unchanged')}
            options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="leaderId" label={t('ledger.col.leader')} htmlFor="bulk-leader">
          <Select
            id="bulk-leader"
            allowClear
            disabled={!oneUnit}
            placeholder={t('ledgerux.bulk.unchanged')}
            loading={leaders.isLoading}
            options={(leaders.data ?? []).map((l) => ({ value: l.id, label: l.displayName }))}
          />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('ledger.col.deadline')}
          htmlFor="bulk-deadline"
          extra={dated > 0 ? t('ledgerux.bulk.datedKept', { n: dated }) : undefined}
        >
          <DatePicker
            id="bulk-deadline"
            style={{ width: '100%' }}
            placeholder={t('ledgerux.bulk.unchanged')}
            disabled={dated === rows.length}
            disabledDate={(d) => d.format('YYYY-MM-DD') < beijingToday()}
            defaultPickerValue={dayjs(beijingToday())}
          />
        </Form.Item>
        <Form.Item name="rectifyKind" label={t('ledger.col.kind')} htmlFor="bulk-kind">
          <Select
            id="bulk-kind"
            allowClear
            placeholder={t('ledgerux.bulk.unchanged')}
            options={RECTIFY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
        </Form.Item>
      </Form>
      {batch.isError && <ErrorAlert error={batch.error} />}
    </Modal>
  );
}
