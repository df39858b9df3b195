import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, type SelectProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useDepartments } from '../../../api/units';
import { useT } from '../../../i18n';
import {
  measureBody,
  measureUpdateBody,
  type Measure,
  type MeasureBody,
  type MeasureUpdateBody,
  type ProblemDetail,
  type Ref,
} from '../../../lib/domain';
import { zodRule } from '../../../lib/zod-form';
import { useAddMeasure, useUpdateMeasure } from '../api/plan-actions';
import { ActionModal, UNCHANGED } from './ActionModal';

/** The departments of the unit; Form.Item's value, onChange and id pass through. */
function DeptSelect({ unitId, current, ...rest }: { unitId: number | undefined; current: Ref | null | undefined } & SelectProps<number>) {
  const t = useT();
  const departments = useDepartments(unitId);
  const options = (departments.data ?? []).map((d) => ({ value: d.id, label: d.name }));
  if (current && !options.some((o) => o.value === current.id)) options.push({ value: current.id, label: current.name });
  return (
    <Select<number>
      {...rest}
      showSearch={{ optionFilterProp: 'label' }}
      loading={departments.isPending}
      placeholder={t('plan.selectDept')}
      options={options}
    />
  );
}

/** 新增措施 (整改办): the button and its dialog; the lead department owns a new measure by default. */
export function AddMeasureButton({ problem }: { problem: ProblemDetail }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const add = useAddMeasure(problem.id);
  if (!problem.abilities.addMeasure) return null;
  return (
    <>
      <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {t('measure.add')}
      </Button>
      {open && (
        <ActionModal
          title={t('measure.add')}
          schema={measureBody}
          initialValues={{ ownerDeptId: problem.leadDept?.id ?? undefined }}
          toInput={(v) => ({
            text: v.text,
            ownerDeptId: (v.ownerDeptId as number | undefined) ?? null,
            deadline: v.deadline ? (v.deadline as Dayjs).format('YYYY-MM-DD') : null,
          })}
          submit={(b: MeasureBody) => add.mutateAsync(b)}
          successText={t('measure.added')}
          onClose={() => setOpen(false)}
        >
          <Form.Item name="text" label={t('measure.text')} rules={[zodRule(measureBody.shape.text)]}>
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item name="ownerDeptId" label={t('measure.owner')}>
            <DeptSelect unitId={problem.unitId} current={problem.leadDept} />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('measure.deadline')}
            extra={problem.deadline ? t('measure.deadlineWithin', { d: problem.deadline }) : undefined}
          >
            <DatePicker style={{ width: 200 }} defaultPickerValue={problem.deadline ? dayjs(problem.deadline) : undefined} />
          </Form.Item>
        </ActionModal>
      )}
    </>
  );
}

/** 修改整改措施 (整改办): text, owner department and deadline; only what changed is sent. */
export function EditMeasureModal({ problem, measure, onClose }: { problem: ProblemDetail; measure: Measure; onClose: () => void }) {
  const t = useT();
  const update = useUpdateMeasure(problem.id);
  return (
    <ActionModal
      title={t('measure.editTitle')}
      schema={measureUpdateBody}
      initialValues={{
        text: measure.text,
        ownerDeptId: measure.ownerDept?.id ?? undefined,
        deadline: measure.deadline ? dayjs(measure.deadline) : null,
      }}
      toInput={(v) => {
        const body: Record<string, unknown> = {};
        if (v.text !== measure.text) body.text = v.text ?? '';
        const owner = (v.ownerDeptId as number | undefined) ?? null;
        if (owner !== (measure.ownerDept?.id ?? null)) body.ownerDeptId = owner;
        const deadline = v.deadline ? (v.deadline as Dayjs).format('YYYY-MM-DD') : null;
        if (deadline !== measure.deadline) body.deadline = deadline;
        return body;
      }}
      submit={(body: MeasureUpdateBody) =>
        Object.keys(body).length ? update.mutateAsync({ measureId: measure.id, body }) : Promise.resolve(UNCHANGED)
      }
      successText={t('measure.saved')}
      onClose={onClose}
    >
      <Form.Item name="text" label={t('measure.text')} rules={[zodRule(measureUpdateBody.shape.text)]}>
        <Input.TextArea rows={4} maxLength={4000} showCount />
      </Form.Item>
      <Form.Item name="ownerDeptId" label={t('measure.owner')}>
        <DeptSelect unitId={problem.unitId} current={measure.ownerDept} />
      </Form.Item>
      <Form.Item
        name="deadline"
        label={t('measure.deadline')}
        extra={problem.deadline ? t('measure.deadlineWithin', { d: problem.deadline }) : undefined}
      >
        <DatePicker style={{ width: 200 }} defaultPickerValue={problem.deadline ? dayjs(problem.deadline) : undefined} />
      </Form.Item>
    </ActionModal>
  );
}
