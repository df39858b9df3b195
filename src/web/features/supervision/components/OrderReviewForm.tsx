import { useState } from 'react';
import { App as AntdApp, Button, Card, DatePicker, Form, Input, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '../../../i18n';
import { orderReviewBody } from '../../../lib/domain';
import { applyServerFieldErrors, parseForm } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useReviewOrder } from '../api/orders';

interface Values {
  decision?: 'accept' | 'return';
  reason?: string;
  replyDue?: Dayjs;
}

/** 审核回复: accept (办结) or return with the reason and, optionally, a new reply deadline. */
export function OrderReviewForm({ orderId }: { orderId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch('decision', form);
  const [error, setError] = useState<unknown>(null);
  const review = useReviewOrder(orderId);

  const onFinish = (v: Values) => {
    setError(null);
    const body = parseForm(form, orderReviewBody, {
      decision: v.decision,
      reason: v.reason,
      replyDue: v.decision === 'return' ? v.replyDue?.format('YYYY-MM-DD') : undefined,
    });
    if (!body) return;
    review.mutate(body, {
      onSuccess: () => {
        message.success(body.decision === 'accept' ? t('orders.accepted') : t('orders.returned'));
        form.resetFields();
      },
      onError: (e) => {
        if (!applyServerFieldErrors(form, e)) setError(e);
      },
    });
  };

  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('orders.reviewTitle')}</h2>}>
      {error ? <ErrorAlert error={error} title={t('orders.failed')} /> : null}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ decision: 'accept' }} name="order-review">
        <Form.Item name="decision" label={t('orders.decision')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'accept', label: t('orders.accept') },
              { value: 'return', label: t('orders.return') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('orders.reason')}
          rules={[{ required: true, whitespace: true, message: t('orders.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        {decision === 'return' && (
          <Form.Item name="replyDue" label={t('orders.newReplyDue')} extra={t('orders.newReplyDueHint')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={review.isPending} danger={decision === 'return'}>
          {decision === 'return' ? t('orders.return') : t('orders.accept')}
        </Button>
      </Form>
    </Card>
  );
}
