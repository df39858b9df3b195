import { useState, type ReactNode } from 'react';
import { App as AntdApp, Form, Modal } from 'antd';
import type { z } from 'zod';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerFieldErrors, parseForm } from '../../../lib/zod-form';

/** What `submit` resolves to when there was nothing to send: the dialog closes without a request. */
export const UNCHANGED = Symbol('unchanged');

interface Props<S extends z.ZodType> {
  title: string;
  /** The shared request schema: the form is parsed with it before sending. */
  schema: S;
  initialValues?: Record<string, unknown>;
  /** Turns form values into the schema's input (e.g. a dayjs date into YYYY-MM-DD). */
  toInput?: (values: Record<string, unknown>) => unknown;
  submit: (body: z.output<S>) => Promise<unknown>;
  onClose: () => void;
  okText?: string;
  /** The toast after a successful submit, saying what happened ("已提交销号申请"); `action.done` when not given. */
  successText?: string | ((body: z.output<S>) => string);
  danger?: boolean;
  /** Dialog width; antd's default (520) when not given. */
  width?: number;
  children: ReactNode;
}

/**
 * One workflow action in a dialog: validate with the shared schema, send, and on
 * failure keep the dialog open with the server's words (a 409 says why).
 */
export function ActionModal<S extends z.ZodType>({
  title,
  schema,
  initialValues,
  toInput,
  submit,
  onClose,
  okText,
  successText,
  danger,
  width,
  children,
}: Props<S>) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onOk = async () => {
    setError(null);
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    const body = parseForm(form, schema, toInput ? toInput(values) : values);
    if (!body) return;
    setBusy(true);
    try {
      if ((await submit(body)) === UNCHANGED) message.info(t('action.unchanged'));
      else message.success((typeof successText === 'function' ? successText(body) : successText) ?? t('action.done'));
      onClose();
    } catch (e) {
      if (!applyServerFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={onOk}
      okText={okText ?? t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ danger }}
      width={width}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} title={t('action.failed')} />
        </div>
      ) : null}
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={onOk} requiredMark>
        {children}
      </Form>
    </Modal>
  );
}
