import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { Leader, ProblemDetail, Ref, ProblemPlanBody, RectifyKind } from '../../../lib/domain';
import { useDepartments, useLeaders } from '../../../api/units';
import { useT } from '../../../i18n';
import { problemPlanBody, RECTIFY_KINDS } from '../../../lib/domain';
import { zodRule } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useUpdatePlan } from '../api/plan-actions';
import { ActionModal, UNCHANGED } from './ActionModal';

interface PlanValues {
  title?: string;
  description?: string;
  rectifyKind?: RectifyKind;
  leaderId?: number;
  leadDeptId?: number;
  cooperatingDeptIds?: number[];
  deadline?: Dayjs | null;
}

function initialValues(p: ProblemDetail): PlanValues {
  return {
    title: p.title,
    description: p.description ?? '',
    rectifyKind: p.rectifyKind ?? undefined,
    leaderId: p.leader?.id ?? undefined,
    leadDeptId: p.leadDept?.id ?? undefined,
    cooperatingDeptIds: p.cooperatingDepts.map((d) => d.id),
    deadline: p.deadline ? dayjs(p.deadline) : null,
  };
}

function sameIds(a: number[], b: number[]): boolean {
  const x = [...a].sort((m, n) => m - n);
  const y = [...b].sort((m, n) => m - n);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * The body of PATCH /problems/:id: only what differs from the problem as loaded.
 * A deadline is sent only while none is set (afterwards it moves by extension).
 */
export function planChanges(p: ProblemDetail, v: PlanValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if ((v.title ?? '') !== p.title) body.title = v.title ?? '';
  if ((v.description ?? '') !== (p.description ?? '')) body.description = v.description ?? '';
  if (v.rectifyKind !== undefined && v.rectifyKind !== p.rectifyKind) body.rectifyKind = v.rectifyKind;
  if ((v.leaderId ?? null) !== (p.leader?.id ?? null)) body.leaderId = v.leaderId ?? null;
  if ((v.leadDeptId ?? null) !== (p.leadDept?.id ?? null)) body.leadDeptId = v.leadDeptId ?? null;
  const co = (v.cooperatingDeptIds ?? []).filter((d) => d !== v.leadDeptId);
  if (
    !sameIds(
      co,
      p.cooperatingDepts.map((d) => d.id),
    )
  )
    body.cooperatingDeptIds = co;
  if (!p.deadline && v.deadline) body.deadline = v.deadline.format('YYYY-MM-DD');
  return body;
}

/** Keeps a current choice visible even when the list no longer offers it. */
function withCurrent<T extends { value: number; label: string }>(
  options: T[],
  current: Ref | null | undefined,
): { value: number; label: string }[] {
  if (!current || options.some((o) => o.value === current.id)) return options;
  return [...options, { value: current.id, label: current.name }];
}

/** 编辑整改计划 (整改办): kind, leader, departments, the first deadline, title and description. */
export function PlanModal({ problem, onClose }: { problem: ProblemDetail; onClose: () => void }) {
  const t = useT();
  const update = useUpdatePlan(problem.id);
  return (
    <ActionModal
      title={t('plan.edit')}
      schema={problemPlanBody}
      initialValues={initialValues(problem) as Record<string, unknown>}
      toInput={(v) => planChanges(problem, v as PlanValues)}
      submit={(body: ProblemPlanBody) => (Object.keys(body).length ? update.mutateAsync(body) : Promise.resolve(UNCHANGED))}
      successText={t('plan.saved')}
      okText={t('plan.save')}
      width={720}
      onClose={onClose}
    >
      <PlanFields problem={problem} />
    </ActionModal>
  );
}

function PlanFields({ problem }: { problem: ProblemDetail }) {
  const t = useT();
  const form = Form.useFormInstance<PlanValues>();
  const leadDeptId = Form.useWatch('leadDeptId', form) as number | undefined;
  const departments = useDepartments(problem.unitId);
  const leaders = useLeaders(problem.unitId);

  const deptOptions = withCurrent(
    (departments.data ?? []).map((d) => ({ value: d.id, label: d.name })),
    problem.leadDept,
  );
  const coOptions = problem.cooperatingDepts.reduce((opts, d) => withCurrent(opts, d), deptOptions).filter((o) => o.value !== leadDeptId);
  const leaderRef = problem.leader?.id != null ? { id: problem.leader.id, name: problem.leader.name } : null;
  const leaderOptions = withCurrent(
    (leaders.data ?? []).map((l: Leader) => ({ value: l.id, label: l.displayName })),
    leaderRef,
  );
  // a leader named in the notice who has no account: shown, not selectable
  const unlinkedLeader = problem.leader && problem.leader.id == null ? problem.leader.name : null;

  return (
    <>
      {(departments.isError || leaders.isError) && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={departments.error ?? leaders.error} />
        </div>
      )}
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="rectifyKind" label={t('problem.kind')} rules={[zodRule(problemPlanBody.shape.rectifyKind)]}>
            <Select placeholder={t('plan.selectKind')} options={RECTIFY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="leaderId" label={t('problem.leader')} rules={[zodRule(problemPlanBody.shape.leaderId)]}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={leaders.isPending}
              placeholder={unlinkedLeader ? t('plan.leaderUnlinked', { name: unlinkedLeader }) : t('plan.selectLeader')}
              options={leaderOptions}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="leadDeptId" label={t('problem.leadDept')} rules={[zodRule(problemPlanBody.shape.leadDeptId)]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.isPending}
              placeholder={t('plan.selectDept')}
              options={deptOptions}
              onChange={(id: number) => {
                // the lead department is never also a cooperating one
                const co = (form.getFieldValue('cooperatingDeptIds') as number[] | undefined) ?? [];
                if (co.includes(id))
                  form.setFieldValue(
                    'cooperatingDeptIds',
                    co.filter((d) => d !== id),
                  );
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="deadline"
            label={t('problem.deadline')}
            extra={problem.deadline ? t('plan.deadlineLocked') : t('plan.deadlineOnce')}
          >
            <DatePicker style={{ width: '100%' }} disabled={!!problem.deadline} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="cooperatingDeptIds" label={t('problem.coDepts')} rules={[zodRule(problemPlanBody.shape.cooperatingDeptIds)]}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.isPending}
              placeholder={t('plan.selectDept')}
              options={coOptions}
            />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="title" label={t('plan.titleField')} rules={[zodRule(problemPlanBody.shape.title)]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} showCount />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="description" label={t('plan.descriptionField')} rules={[zodRule(problemPlanBody.shape.description)]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
