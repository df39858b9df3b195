import { useState } from 'react';
import { App as AntdApp, Button, Card, Flex, Form, Input, Progress, Select, Tabs, Typography, Upload } from 'antd';
import { FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import type { Ref } from '../../../lib/domain';
import { useT } from '../../../i18n';
import { formatSize } from '../../../lib/format';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { PreviewSource } from '../api/preview';

const MAX_BYTES = 20 * 1024 * 1024;
export const ACCEPT = '.txt,.md,.docx,.doc,.pdf,.xlsx';
const EXT = /\.(txt|md|docx|doc|pdf|xlsx)$/i;

/** Step 1: a file (with upload progress) or pasted text, and the unit when there is a choice. */
export function SourceStep({
  units,
  initial,
  pending,
  percent,
  error,
  onSubmit,
  onCancel,
}: {
  units: Ref[];
  initial: PreviewSource | null;
  pending: boolean;
  /** Upload progress, 0–100; null when nothing is being sent. */
  percent: number | null;
  error: unknown;
  onSubmit: (source: PreviewSource) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [mode, setMode] = useState<'file' | 'text'>(initial?.type ?? 'file');
  const [file, setFile] = useState<File | null>(initial?.type === 'file' ? initial.file : null);
  const [text, setText] = useState(initial?.type === 'text' ? initial.text : '');
  const [unitId, setUnitId] = useState<number | undefined>(initial?.unitId ?? (units.length === 1 ? units[0].id : undefined));
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    setProblem(null);
    if (units.length > 1 && !unitId) return setProblem(t('import.unitRequired'));
    if (mode === 'file') {
      if (!file) return setProblem(t('import.needFile'));
      onSubmit({ type: 'file', file, unitId });
    } else {
      if (!text.trim()) return setProblem(t('import.needText'));
      onSubmit({ type: 'text', text, unitId });
    }
  };

  const fileTab = (
    <Form.Item label={t('import.fileLabel')} htmlFor="import-file" extra={t('import.draggerHint')} style={{ marginBottom: 8 }}>
      <Upload.Dragger
        id="import-file"
        accept={ACCEPT}
        multiple={false}
        maxCount={1}
        disabled={pending}
        fileList={file ? [{ uid: 'notice', name: `${file.name}（${formatSize(file.size)}）`, status: 'done' }] : []}
        beforeUpload={(f) => {
          if (!EXT.test(f.name)) {
            message.error(t('import.fileType'));
            return Upload.LIST_IGNORE;
          }
          if (f.size > MAX_BYTES) {
            message.error(t('import.fileTooLarge', { name: f.name }));
            return Upload.LIST_IGNORE;
          }
          setFile(f);
          setProblem(null);
          return false; // read on 解析预览, not on drop
        }}
        onRemove={() => setFile(null)}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.dragger')}</p>
      </Upload.Dragger>
    </Form.Item>
  );

  const textTab = (
    <Form.Item label={t('import.pasteLabel')} htmlFor="import-text" style={{ marginBottom: 8 }}>
      <Input.TextArea
        id="import-text"
        value={text}
        disabled={pending}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 10, maxRows: 24 }}
        placeholder={t('import.pastePlaceholder')}
      />
    </Form.Item>
  );

  return (
    <Card size="small">
      <Form layout="vertical" component="div">
        {units.length > 1 && (
          <Form.Item label={t('import.unit')} htmlFor="import-unit" required>
            <Select<number>
              id="import-unit"
              value={unitId}
              onChange={setUnitId}
              placeholder={t('import.unitPlaceholder')}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
              style={{ maxWidth: 360 }}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
        )}
        <Tabs
          activeKey={mode}
          onChange={(k) => setMode(k as 'file' | 'text')}
          items={[
            { key: 'file', label: t('import.source.file'), children: fileTab },
            { key: 'text', label: t('import.source.paste'), children: textTab },
          ]}
        />
        {percent !== null && (
          <div style={{ marginBottom: 12, maxWidth: 520 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {percent < 100 ? t('import.uploading') : t('import.parsing')}
            </Typography.Text>
            <Flex align="center" gap={8}>
              <Progress percent={percent} size="small" status="active" aria-label={t('import.uploading')} style={{ flex: 1, margin: 0 }} />
              {percent < 100 && (
                <Button size="small" type="link" onClick={onCancel}>
                  {t('import.cancelUpload')}
                </Button>
              )}
            </Flex>
          </div>
        )}
        {problem && (
          <Typography.Text type="danger" role="alert" style={{ display: 'block', marginBottom: 8 }}>
            {problem}
          </Typography.Text>
        )}
        {error ? (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={error} title={t('import.previewFailed')} />
          </div>
        ) : null}
        <Button type="primary" icon={<FileSearchOutlined />} loading={pending} onClick={submit}>
          {t('import.parse')}
        </Button>
      </Form>
    </Card>
  );
}
