import { useRef, useState } from 'react';
import { App as AntdApp, Button, Card, Form, Input, Progress, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { orderReplyFields } from '../../../lib/domain';
import { formatSize } from '../../../lib/format';
import { applyServerFieldErrors, parseForm, zodRule } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormalismHint } from '../../../components/FormalismHint';
import { useReplyOrder } from '../api/orders';

const MAX_BYTES = 20 * 1024 * 1024;
/** What the server accepts for evidence (it sniffs the content too). */
const ACCEPT = '.pdf,.ofd,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.zip,.txt,.csv,.md';

/** 回复督办: what was done, with evidence; the formalism warning shows while it is written. */
export function OrderReplyForm({ orderId }: { orderId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const text = Form.useWatch('text', form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const reply = useReplyOrder(orderId);

  const onFinish = (v: { text?: string }) => {
    setError(null);
    const fields = parseForm(form, orderReplyFields, { text: v.text });
    if (!fields) return;
    abort.current = new AbortController();
    setPercent(0);
    reply.mutate(
      {
        fields,
        files: files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f),
        onProgress: (p) => setPercent(p.percent),
        signal: abort.current.signal,
      },
      {
        onSuccess: () => {
          message.success(t('orders.replied'));
          form.resetFields();
          setFiles([]);
        },
        onError: (e) => {
          if (e instanceof DOMException && e.name === 'AbortError') return;
          if (!applyServerFieldErrors(form, e)) setError(e);
        },
        onSettled: () => setPercent(null),
      },
    );
  };

  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('orders.replyTitle')}</h2>}>
      {error ? <ErrorAlert error={error} title={t('orders.failed')} /> : null}
      <Form form={form} layout="vertical" onFinish={onFinish} disabled={reply.isPending} name="order-reply">
        <Form.Item name="text" label={t('orders.replyText')} rules={[zodRule(orderReplyFields.shape.text)]}>
          <Input.TextArea rows={5} maxLength={8000} showCount placeholder={t('orders.replyPlaceholder')} />
        </Form.Item>
        <FormalismHint text={text} what="reply" />
        <Form.Item label={t('orders.evidence')} htmlFor="order-reply-files" extra={t('orders.evidenceHint')}>
          <Upload
            id="order-reply-files"
            multiple
            accept={ACCEPT}
            fileList={files}
            beforeUpload={(file) => {
              if (file.size > MAX_BYTES) {
                message.error(t('orders.fileTooLarge', { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              setFiles((prev) => [
                ...prev,
                { uid: file.uid, name: `${file.name}（${formatSize(file.size)}）`, originFileObj: file, status: 'done' },
              ]);
              return false; // sent with the form
            }}
            onRemove={(f) => setFiles((prev) => prev.filter((x) => x.uid !== f.uid))}
          >
            <Button icon={<PaperClipOutlined />}>{t('orders.chooseFiles')}</Button>
          </Upload>
        </Form.Item>
        {percent !== null && (
          <div style={{ marginBottom: 12 }}>
            <Progress percent={percent} size="small" status="active" aria-label={t('orders.uploading')} />
            <Button size="small" type="link" onClick={() => abort.current?.abort()} disabled={false}>
              {t('common.cancel')}
            </Button>
          </div>
        )}
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={reply.isPending}>
          {t('orders.sendReply')}
        </Button>
      </Form>
    </Card>
  );
}
