import { useRef, useState } from 'react';
import { App as AntdApp, Button, Card, Form, Input, Progress, Select, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import type { Measure } from '../../../lib/domain';
import { useT } from '../../../i18n';
import { progressFields } from '../../../lib/domain';
import { formatSize } from '../../../lib/format';
import { applyServerFieldErrors, parseForm, zodRule } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormalismHint } from '../../../components/FormalismHint';
import { useAddProgress } from '../api/add-progress';

const MAX_BYTES = 20 * 1024 * 1024;
/** What the server accepts (it also sniffs the content and answers 415 `unsupported_media` otherwise). */
const ACCEPT = '.pdf,.ofd,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.zip,.txt,.csv,.md';

interface Values {
  text?: string;
  measureId?: number;
}

/** 报送进展: text, an optional measure, evidence files with an upload progress bar. */
export function ProgressForm({ problemId, measures }: { problemId: number; measures: Measure[] }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const add = useAddProgress(problemId);
  const text = Form.useWatch('text', form);

  const onFinish = (values: Values) => {
    setError(null);
    const fields = parseForm(form, progressFields, { text: values.text, measureId: values.measureId ?? undefined });
    if (!fields) return;
    abort.current = new AbortController();
    setPercent(0);
    add.mutate(
      {
        fields,
        files: files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f),
        onProgress: (p) => setPercent(p.percent),
        signal: abort.current.signal,
      },
      {
        onSuccess: () => {
          message.success(t('action.reported'));
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
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('action.reportTitle')}</h2>}>
      {error ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} title={t('action.failed')} />
        </div>
      ) : null}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} disabled={add.isPending} name="progress">
        <Form.Item name="text" label={t('action.reportText')} rules={[zodRule(progressFields.shape.text)]}>
          <Input.TextArea rows={5} maxLength={10000} showCount placeholder={t('action.reportTextPlaceholder')} />
        </Form.Item>
        <FormalismHint text={text} what="progress" />
        {measures.length > 0 && (
          <Form.Item name="measureId" label={t('action.reportMeasure')}>
            <Select
              allowClear
              options={measures.map((m, i) => ({ value: m.id, label: `${i + 1}. ${m.text}` }))}
              popupMatchSelectWidth={false}
              styles={{ popup: { root: { maxWidth: 480 } } }}
            />
          </Form.Item>
        )}
        <Form.Item label={t('action.reportFiles')} htmlFor="progress-files" extra={t('action.reportFilesHint')}>
          <Upload
            id="progress-files"
            multiple
            accept={ACCEPT}
            fileList={files}
            beforeUpload={(file) => {
              if (file.size > MAX_BYTES) {
                message.error(t('action.fileTooLarge', { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              setFiles((prev) => [
                ...prev,
                { uid: file.uid, name: `${file.name}（${formatSize(file.size)}）`, originFileObj: file, status: 'done' },
              ]);
              return false; // sent with the form, not one by one
            }}
            onRemove={(f) => setFiles((prev) => prev.filter((x) => x.uid !== f.uid))}
          >
            <Button icon={<PaperClipOutlined />}>{t('action.chooseFiles')}</Button>
          </Upload>
        </Form.Item>
        {percent !== null && (
          <div style={{ marginBottom: 12 }}>
            <Progress percent={percent} size="small" status="active" aria-label={t('action.uploading')} />
            <Button size="small" type="link" onClick={() => abort.current?.abort()} disabled={false}>
              {t('common.cancel')}
            </Button>
          </div>
        )}
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={add.isPending}>
          {t('action.report')}
        </Button>
      </Form>
    </Card>
  );
}
