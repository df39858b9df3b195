import { useEffect, useMemo, useState } from 'react';
import { App as AntdApp, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../../i18n';
import { useDepartments, useLeaders } from '../../../api/units';
import { paths } from '../../../config/paths';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { beijingToday } from '../../../lib/format';
import { applyServerFieldErrors, parseForm } from '../../../lib/zod-form';
import { ORDER_LEVELS, orderIssueBody, type LedgerRow, type Ref } from '../../../lib/domain';
import { useIssueOrder, useProblemsById, useUnitProblems } from '../api/orders';

/** What the picker needs of a problem (a ledger row or a problem's detail). */
type Pickable = Pick<LedgerRow, 'id' | 'label' | 'title' | 'leadDept' | 'leader'>;

interface Values {
  unitId?: number;
  problemIds?: number[];
  deptId?: number;
  leaderId?: number;
  level?: string;
  demands?: string;
  replyDue?: Dayjs;
}

/** 下发督办单: the unit, its problems, the department (and leader) addressed, level, demands, reply deadline. */
export function IssueOrderModal({
  open,
  onClose,
  units,
  initial,
}: {
  open: boolean;
  onClose: () => void;
  units: Ref[];
  initial?: { unitId: number; problemIds: number[] };
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState('');
  const [error, setError] = useState<unknown>(null);
  const unitId = Form.useWatch('unitId', form);
  const picked = Form.useWatch('problemIds', form);
  const problems = useUnitProblems(unitId, search);
  const depts = useDepartments(unitId);
  const leaders = useLeaders(unitId);
  const issue = useIssueOrder();
  // rows seen so far, so the chosen ones keep their labels when a new search replaces the options
  const [seen, setSeen] = useState<Map<number, Pickable>>(new Map());

  const initialRows = useProblemsById(open ? (initial?.problemIds ?? []) : []);
  const initialData = initialRows.map((r) => r.data);
  const initialKey = initialData.map((r) => r?.id ?? 0).join(',');

  useEffect(() => {
    const rows: Pickable[] = [...(problems.data?.items ?? []), ...initialData.flatMap((r) => (r ? [r] : []))];
    if (rows.length) setSeen((m) => new Map([...m, ...rows.map((r) => [r.id, r] as const)]));
    // initialData is a new array each render; its ids say when it changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [problems.data, initialKey]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue({
      unitId: initial?.unitId ?? units[0]?.id,
      problemIds: initial?.problemIds ?? [],
      level: 'general',
      replyDue: dayjs(beijingToday()).add(7, 'day'),
    });
  }, [open, initial, units, form]);

  // the department and leader of the first chosen problem are the usual addressees
  useEffect(() => {
    const first = picked?.[0] !== undefined ? seen.get(picked[0]) : undefined;
    if (!first) return;
    if (form.getFieldValue('deptId') === undefined && first.leadDept) form.setFieldValue('deptId', first.leadDept.id);
    if (form.getFieldValue('leaderId') === undefined && first.leader?.id) form.setFieldValue('leaderId', first.leader.id);
  }, [picked, seen, form]);

  const options = useMemo(() => {
    const ids = new Set([...(problems.data?.items ?? []).map((r) => r.id), ...(picked ?? [])]);
    return [...ids].flatMap((id) => {
      const r = seen.get(id);
      return r ? [{ value: id, label: `${r.label} ${r.title}` }] : [];
    });
  }, [problems.data, picked, seen]);

  const onOk = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = parseForm(form, orderIssueBody, {
      problemIds: v.problemIds,
      deptId: v.deptId,
      leaderId: v.leaderId ?? undefined,
      level: v.level,
      demands: v.demands,
      replyDue: v.replyDue?.format('YYYY-MM-DD'),
    });
    if (!body || v.unitId === undefined) return;
    issue.mutate(
      { unitId: v.unitId, body },
      {
        onSuccess: (o) => {
          message.success(t('orders.issued', { number: o.number }));
          onClose();
          navigate(paths.order.getHref(o.id));
        },
        onError: (e) => {
          if (!applyServerFieldErrors(form, e)) setError(e);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('orders.issueTitle')}
      onCancel={onClose}
      onOk={onOk}
      okText={t('orders.issue')}
      confirmLoading={issue.isPending}
      width={720}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} title={t('orders.failed')} /> : null}
      <Form form={form} layout="vertical" name="issue-order">
        <Form.Item name="unitId" label={t('orders.unit')} rules={[{ required: true, message: t('orders.unitRequired') }]}>
          <Select
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            onChange={() => form.setFieldsValue({ problemIds: [], deptId: undefined, leaderId: undefined })}
          />
        </Form.Item>
        <Form.Item name="problemIds" label={t('orders.problems')} rules={[{ required: true, message: t('orders.problemsRequired') }]}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setSearch}
            loading={problems.isFetching}
            options={options}
            placeholder={t('orders.problemsPlaceholder')}
          />
        </Form.Item>
        <Form.Item name="deptId" label={t('orders.dept')} rules={[{ required: true, message: t('orders.deptRequired') }]}>
          <Select showSearch optionFilterProp="label" options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="leaderId" label={t('orders.leader')}>
          <Select allowClear options={(leaders.data ?? []).map((l) => ({ value: l.id, label: l.displayName }))} />
        </Form.Item>
        <Form.Item name="level" label={t('orders.level')} rules={[{ required: true }]}>
          <Select options={ORDER_LEVELS.map((l) => ({ value: l, label: t(`orderLevel.${l}`) }))} />
        </Form.Item>
        <Form.Item
          name="demands"
          label={t('orders.demands')}
          rules={[{ required: true, whitespace: true, message: t('orders.demandsRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('orders.demandsPlaceholder')} />
        </Form.Item>
        <Form.Item name="replyDue" label={t('orders.replyDue')} rules={[{ required: true, message: t('orders.replyDueRequired') }]}>
          {/* the server judges the date against its own clock, which a demo may have set apart from the browser's */}
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
