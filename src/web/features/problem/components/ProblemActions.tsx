import { useState } from 'react';
import { Button, DatePicker, Form, Input, Radio, Space } from 'antd';
import { EditOutlined } from '@ant-design/icons';
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
  stageDoneBody,
} from '../../../lib/domain';
import { zodRule } from '../../../lib/zod-form';
import {
  useDecideExtension,
  useMarkStageDone,
  useRequestClosure,
  useRequestExtension,
  useReviewClosure,
} from '../api/workflow-actions';
import { ActionModal } from './ActionModal';
import { PlanModal } from './PlanModal';

type Open = null | 'plan' | 'requestClosure' | 'reviewClosure' | 'requestExtension' | 'stageDone';

/** The workflow buttons, each shown only when the server's `abilities` say so. */
export function ProblemActions({ problem }: { problem: ProblemDetail }) {
  const t = useT();
  const [open, setOpen] = useState<Open>(null);
  const a = problem.abilities;
  const requestClosure = useRequestClosure(problem.id);
  const reviewClosure = useReviewClosure(problem.id);
  const requestExtension = useRequestExtension(problem.id);
  const stageDone = useMarkStageDone(problem.id);
  const close = () => setOpen(null);

  const reason = (label: string, schema: z.ZodType) => (
    <Form.Item name="reason" label={label} rules={[zodRule(schema)]}>
      <Input.TextArea rows={4} maxLength={2000} showCount />
    </Form.Item>
  );

  const any = a.edit || a.requestClosure || a.reviewClosure || a.requestExtension || a.markStageDone;
  if (!any) return null;

  return (
    <>
      <Space wrap>
        {a.reviewClosure && (
          <Button type="primary" onClick={() => setOpen('reviewClosure')}>
            {t('action.reviewClosure')}
          </Button>
        )}
        {a.requestClosure && (
          <Button type="primary" onClick={() => setOpen('requestClosure')}>
            {t('action.requestClosure')}
          </Button>
        )}
        {a.requestExtension && <Button onClick={() => setOpen('requestExtension')}>{t('action.requestExtension')}</Button>}
        {a.markStageDone && <Button onClick={() => setOpen('stageDone')}>{t('action.stageDone')}</Button>}
        {a.edit && (
          <Button icon={<EditOutlined />} onClick={() => setOpen('plan')}>
            {t('plan.edit')}
          </Button>
        )}
      </Space>

      {open === 'plan' && <PlanModal problem={problem} onClose={close} />}

      {open === 'requestClosure' && (
        <ActionModal title={t('action.requestClosure')} schema={closureRequestBody} submit={(b) => requestClosure.mutateAsync(b)} onClose={close}>
          {reason(t('action.requestClosureReason'), closureRequestBody.shape.reason)}
        </ActionModal>
      )}
      {open === 'reviewClosure' && (
        <ActionModal
          title={t('action.reviewClosure')}
          schema={closureReviewBody}
          initialValues={{ decision: 'approve' }}
          submit={(b) => reviewClosure.mutateAsync(b)}
          onClose={close}
        >
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
          onClose={close}
        >
          <Form.Item name="deadline" label={t('action.newDeadline')} rules={[{ required: true, message: '请填写日期' }]}>
            <DatePicker
              style={{ width: 200 }}
              disabledDate={(d) => (problem.deadline ? !d.isAfter(dayjs(problem.deadline), 'day') : false)}
            />
          </Form.Item>
          {reason(t('action.extensionReason'), extensionRequestBody.shape.reason)}
        </ActionModal>
      )}
      {open === 'stageDone' && (
        <ActionModal title={t('action.stageDone')} schema={stageDoneBody} submit={(b) => stageDone.mutateAsync(b)} onClose={close}>
          {reason(t('action.stageDoneReason'), stageDoneBody.shape.reason)}
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
          initialValues={{ decision }}
          submit={(body) => decide.mutateAsync({ extensionId: ext.id, body })}
          onClose={() => setDecision(null)}
          danger={decision === 'refuse'}
        >
          <Form.Item name="decision" hidden>
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
