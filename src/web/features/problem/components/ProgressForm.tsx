import { useEffect, useRef, useState } from 'react';
import {
  App as AntdApp,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Progress,
  Select,
  Typography,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import { CameraOutlined, CloseOutlined, FileOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import type { Measure } from '../../../lib/domain';
import { useT } from '../../../i18n';
import { progressFields } from '../../../lib/domain';
import { formatSize } from '../../../lib/format';
import { applyServerFieldErrors, parseForm, zodRule } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormalismHint } from '../../../components/FormalismHint';
import { useAddProgress } from '../api/add-progress';

/** The server's default MAX_UPLOAD_MB: a phone's photo (3–12 MB) passes. */
const MAX_BYTES = 20 * 1024 * 1024;
/**
 * What the server accepts (it also sniffs the content and answers 415 `unsupported_media` otherwise).
 * `image/*` first so that a phone offers its gallery and camera beside its files; Safari hands HEIC
 * photos over as JPEG when HEIC is not asked for.
 */
const ACCEPT = 'image/*,.pdf,.ofd,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.zip,.txt,.csv,.md';

/** A chosen file and, for an image, the object URL of its thumbnail. */
type Chosen = UploadFile & { preview?: string };

/** The chosen files before submitting: a thumbnail for a photo, an icon for a document; each removable. */
function ChosenFiles({ files, onRemove }: { files: Chosen[]; onRemove: (uid: string) => void }) {
  const t = useT();
  if (!files.length) return null;
  return (
    <Flex component="ul" wrap gap={8} style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }} aria-label={t('action.chosenFiles')}>
      {files.map((f) => (
        <li key={f.uid} style={{ width: 104, position: 'relative' }}>
          <div
            style={{
              width: 104,
              height: 104,
              border: '1px solid #d9d9d9',
              borderRadius: 6,
              overflow: 'hidden',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              background: '#fafafa',
            }}
          >
            {f.preview ? (
              <img src={f.preview} alt={f.name} style={{ width: '100%', height: '100%', objectFit: 'cover' }} />
            ) : (
              <FileOutlined style={{ fontSize: 32, color: '#8c8c8c' }} />
            )}
          </div>
          <Typography.Text style={{ fontSize: 12, display: 'block', width: 104 }} ellipsis={{ tooltip: f.name }}>
            {f.name}
          </Typography.Text>
          <Button
            size="small"
            shape="circle"
            icon={<CloseOutlined />}
            aria-label={t('action.removeFile', { name: f.name })}
            onClick={() => onRemove(f.uid)}
            style={{ position: 'absolute', top: 4, right: 4 }}
          />
        </li>
      ))}
    </Flex>
  );
}

interface Values {
  text?: string;
  measureId?: number;
}

/** 报送进展: text, an optional measure, evidence files with an upload progress bar. */
export function ProgressForm({ problemId, measures }: { problemId: number; measures: Measure[] }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<Chosen[]>([]);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const add = useAddProgress(problemId);
  const text = Form.useWatch('text', form);
  // thumbnails hold object URLs: let them go when a file leaves the list or the form goes away
  const previews = useRef(new Set<string>());
  useEffect(() => {
    const held = previews.current;
    return () => held.forEach((u) => URL.revokeObjectURL(u));
  }, []);
  const drop = (keep: (f: Chosen) => boolean) =>
    setFiles((prev) => {
      for (const f of prev) {
        if (!keep(f) && f.preview) {
          URL.revokeObjectURL(f.preview);
          previews.current.delete(f.preview);
        }
      }
      return prev.filter(keep);
    });
  const choose = (file: Parameters<NonNullable<UploadProps['beforeUpload']>>[0]) => {
    if (file.size > MAX_BYTES) {
      message.error(t('action.fileTooLarge', { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    // an icon instead where object URLs do not exist (jsdom)
    const preview = file.type.startsWith('image/') && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : undefined;
    if (preview) previews.current.add(preview);
    setFiles((prev) => [
      ...prev,
      { uid: file.uid, name: `${file.name}（${formatSize(file.size)}）`, originFileObj: file, status: 'done', preview },
    ]);
    return false; // sent with the form, not one by one
  };

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
          drop(() => false);
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
          <Flex wrap gap={8}>
            {/* files or the phone's gallery; the camera only on its own button, so files can still be picked */}
            <Upload id="progress-files" multiple accept={ACCEPT} showUploadList={false} beforeUpload={choose}>
              <Button icon={<PaperClipOutlined />}>{t('action.chooseFiles')}</Button>
            </Upload>
            <Upload id="progress-camera" accept="image/*" capture="environment" showUploadList={false} beforeUpload={choose}>
              <Button icon={<CameraOutlined />}>{t('action.takePhoto')}</Button>
            </Upload>
          </Flex>
          <ChosenFiles files={files} onRemove={(uid) => drop((f) => f.uid !== uid)} />
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
