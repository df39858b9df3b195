import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Radio, Space } from 'antd';
import { EditOutlined, UndoOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import dayjs from 'dayjs';
import type { Extension, ProblemDetail } from '../../../lib/domain';
import { useT } from '../../../i18n';
import {
  closureRequestBody,
  closureReviewBody,
  extensionDecisionBody,
  extensionRequestBody,
  reopenBody,
  stageDoneBody,
} from '../../../lib/domain';
import { zodRule } from '../../../lib/zod-form';
import {
  useDecideExtension,
  useMarkStageDone,
  useReopen,
  useRequestClosure,
  useRequestExtension,
  useReviewClosure,
} from '../api/workflow-actions';
import { ActionModal } from './ActionModal';
import { PlanModal } from './PlanModal';

/** The workflow dialog a button opens. */
export type ProblemAction = 'plan' | 'requestClosure' | 'reviewClosure' | 'requestExtension' | 'stageDone' | 'reopen';

/**
 * The new deadline of an extension: the calendar opens at the current deadline's
 * month and greys out only the days before it; the current day itself, or a date
 * typed by hand that is not later, is refused with the reason in words (a
 * disabled day typed into the box would otherwise be dropped without a word).
 */
function ExtensionDeadlineField({ deadline }: { deadline: string | null }) {
  const t = useT();
  const form = Form.useFormInstance();
  const current = deadline ? dayjs(deadline) : null;
  const notLater = t('action.deadlineNotLater', { d: deadline ?? '' });
  return (
    <Form.Item
      name="deadline"
      label={t('action.newDeadline')}
      extra={deadline ? t('action.currentDeadline', { d: deadline }) : undefined}
      rules={[
        { required: true, message: t('action.deadlineRequired') },
        {
          validator: (_r, v: Dayjs | null) =>
            v && current && !v.isAfter(current, 'day') ? Promise.reject(new Error(notLater)) : Promise.resolve(),
        },
      ]}
    >
      <DatePicker
        style={{ width: 200 }}
        defaultPickerValue={current ?? undefined}
        disabledDate={(d) => (current ? d.isBefore(current, 'day') : false)}
        onBlur={(e) => {
          const typed = dayjs((e.target as HTMLInputElement).value, 'YYYY-MM-DD', true);
          if (current && typed.isValid() && !typed.isAfter(current, 'day')) form.setFields([{ name: 'deadline', errors: [notLater] }]);
        }}
      />
    </Form.Item>
  );
}

/**
 * The workflow buttons, each shown only when the server's `abilities` say so. They hold no state: the page places
 * them beside the title or, on a phone, under it, and moving them between the two remounts them; the dialog they
 * open is held by the page (ProblemActionDialogs), so turning a tablet or zooming the page keeps it open.
 */
export function ProblemActionButtons({ problem, onOpen }: { problem: ProblemDetail; onOpen: (action: ProblemAction) => void }) {
  const t = useT();
  const a = problem.abilities;
  const any = a.edit || a.requestClosure || a.reviewClosure || a.requestExtension || a.markStageDone || a.reopen;
  if (!any) return null;
  return (
    <Space wrap>
      {a.reviewClosure && (
        <Button type="primary" onClick={() => onOpen('reviewClosure')}>
          {t('action.reviewClosure')}
        </Button>
      )}
      {a.requestClosure && (
        <Button type="primary" onClick={() => onOpen('requestClosure')}>
          {t('action.requestClosure')}
        </Button>
      )}
      {a.requestExtension && <Button onClick={() => onOpen('requestExtension')}>{t('action.requestExtension')}</Button>}
      {a.markStageDone && <Button onClick={() => onOpen('stageDone')}>{t('action.stageDone')}</Button>}
      {a.reopen && (
        <Button icon={<UndoOutlined />} onClick={() => onOpen('reopen')}>
          {t('action.reopen')}
        </Button>
      )}
      {a.edit && (
        <Button icon={<EditOutlined />} onClick={() => onOpen('plan')}>
          {t('plan.edit')}
        </Button>
      )}
    </Space>
  );
}

/** The open workflow dialog (or none), rendered where the page's layout never moves it. */
export function ProblemActionDialogs({
  problem,
  open,
  onClose,
}: {
  problem: ProblemDetail;
  open: ProblemAction | null;
  onClose: () => void;
}) {
  const t = useT();
  const requestClosure = useRequestClosure(problem.id);
  const reviewClosure = useReviewClosure(problem.id);
  const requestExtension = useRequestExtension(problem.id);
  const stageDone = useMarkStageDone(problem.id);
  const reopen = useReopen(problem.id);
  const step = problem.reviewStep;

  const reason = (label: string, schema: z.ZodType) => (
    <Form.Item name="reason" label={label} rules={[zodRule(schema)]}>
      <Input.TextArea rows={4} maxLength={2000} showCount />
    </Form.Item>
  );

  return (
    <>
      {open === 'plan' && <PlanModal problem={problem} onClose={onClose} />}

      {open === 'requestClosure' && (
        <ActionModal
          title={t('action.requestClosure')}
          schema={closureRequestBody}
          submit={(b) => requestClosure.mutateAsync(b)}
          successText={t('action.requestClosureDone')}
          onClose={onClose}
        >
          {reason(t('action.requestClosureReason'), closureRequestBody.shape.reason)}
        </ActionModal>
      )}
      {open === 'reviewClosure' && (
        <ActionModal
          title={t('action.reviewClosure')}
          schema={closureReviewBody}
          initialValues={{ decision: 'approve', step: step?.index }}
          submit={(b) => reviewClosure.mutateAsync(b)}
          successText={(b) =>
            b.decision === 'return'
              ? t('action.returnClosureDone')
              : step && step.index + 1 < step.count
                ? t('action.stepApproveDone', { step: step.name })
                : t('action.approveClosureDone')
          }
          onClose={onClose}
        >
          {step && step.count > 1 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('review.stepOf', { name: step.name, n: step.index + 1, of: step.count })}
            />
          )}
          <Form.Item name="step" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="decision" label={t('action.reviewDecision')} rules={[zodRule(closureReviewBody.shape.decision)]}>
            <Radio.Group
              options={[
                { value: 'approve', label: t('action.approveClosure') },
                { value: 'return', label: t('action.returnClosure') },
              ]}
            />
          </Form.Item>
          {reason(t('action.reviewReason'), closureReviewBody.shape.reason)}
        </ActionModal>
      )}
      {open === 'requestExtension' && (
        <ActionModal
          title={t('action.requestExtension')}
          schema={extensionRequestBody}
          toInput={(v) => ({ ...v, deadline: v.deadline ? (v.deadline as Dayjs).format('YYYY-MM-DD') : undefined })}
          submit={(b) => requestExtension.mutateAsync(b)}
          successText={t('action.requestExtensionDone')}
          onClose={onClose}
        >
          <ExtensionDeadlineField deadline={problem.deadline} />
          {reason(t('action.extensionReason'), extensionRequestBody.shape.reason)}
        </ActionModal>
      )}
      {open === 'stageDone' && (
        <ActionModal
          title={t('action.stageDone')}
          schema={stageDoneBody}
          submit={(b) => stageDone.mutateAsync(b)}
          successText={t('action.stageDoneDone')}
          onClose={onClose}
        >
          {reason(t('action.stageDoneReason'), stageDoneBody.shape.reason)}
        </ActionModal>
      )}
      {open === 'reopen' && (
        <ActionModal
          title={t('action.reopen')}
          schema={reopenBody}
          submit={(b) => reopen.mutateAsync(b)}
          successText={t('action.reopenDone')}
          onClose={onClose}
          danger
        >
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('action.reopenHint')} />
          {reason(t('action.reopenReason'), reopenBody.shape.reason)}
        </ActionModal>
      )}
    </>
  );
}

/** 批准 / 不予批准 of one pending extension (shown when `ext.abilities.decide`). */
export function ExtensionDecision({ problemId, ext }: { problemId: number; ext: Extension }) {
  const t = useT();
  const [decision, setDecision] = useState<null | 'approve' | 'refuse'>(null);
  const decide = useDecideExtension(problemId);
  if (!ext.abilities.decide) return null;
  return (
    <>
      <Space size={4}>
        <Button size="small" type="primary" onClick={() => setDecision('approve')}>
          {t('problem.ext.approve')}
        </Button>
        <Button size="small" danger onClick={() => setDecision('refuse')}>
          {t('problem.ext.refuse')}
        </Button>
      </Space>
      {decision && (
        <ActionModal
          title={`${t('action.decideExtension')}：${decision === 'approve' ? t('problem.ext.approve') : t('problem.ext.refuse')}`}
          schema={extensionDecisionBody}
          initialValues={{ decision, step: ext.step?.index }}
          submit={(body) => decide.mutateAsync({ extensionId: ext.id, body })}
          successText={
            decision === 'refuse'
              ? t('action.refuseExtensionDone')
              : ext.step && ext.step.index + 1 < ext.step.count
                ? t('action.stepApproveDone', { step: ext.step.name })
                : t('action.approveExtensionDone')
          }
          onClose={() => setDecision(null)}
          danger={decision === 'refuse'}
        >
          {ext.step && ext.step.count > 1 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('review.stepOf', { name: ext.step.name, n: ext.step.index + 1, of: ext.step.count })}
            />
          )}
          <Form.Item name="decision" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="step" hidden>
            <Input />
          </Form.Item>
          {reason(t('action.decisionReason'))}
        </ActionModal>
      )}
    </>
  );

  function reason(label: string) {
    return (
      <Form.Item name="reason" label={label} rules={[zodRule(extensionDecisionBody.shape.reason)]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
    );
  }
}
