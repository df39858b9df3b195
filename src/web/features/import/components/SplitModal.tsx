import { useState } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { useT } from '../../../i18n';
import { firstClause, type EditNode } from '../lib/tree';

/** Split a node at the cursor: what follows becomes a new sibling right after it. */
export function SplitModal({
  node,
  open,
  onClose,
  onSplit,
}: {
  node: EditNode;
  open: boolean;
  onClose: () => void;
  onSplit: (opts: { at: number; title?: string; label?: string }) => void;
}) {
  const t = useT();
  const full = node.text || node.title;
  const [at, setAt] = useState<number>(() => Math.floor(full.length / 2));
  const [title, setTitle] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const track = (e: React.SyntheticEvent<HTMLTextAreaElement>) => setAt(e.currentTarget.selectionStart ?? at);
  const preview = title.trim() || firstClause(full.slice(at));

  return (
    <Modal
      open={open}
      title={t('import.split.title')}
      okText={t('import.split.ok')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      onOk={() => {
        if (!preview) {
          setError(t('import.split.noTitle'));
          return;
        }
        onSplit({ at, title: title.trim() || undefined, label: label.trim() || undefined });
      }}
    >
      <Typography.Paragraph type="secondary">{t('import.split.hint')}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t('import.split.text')} htmlFor="import-split-text" extra={t('import.split.atCursor', { n: at })}>
          <Input.TextArea
            id="import-split-text"
            readOnly
            value={full}
            autoSize={{ minRows: 4, maxRows: 10 }}
            onSelect={track}
            onClick={track}
            onKeyUp={track}
          />
        </Form.Item>
        <Form.Item label={t('import.split.newLabel')} htmlFor="import-split-label">
          <Input id="import-split-label" value={label} onChange={(e) => setLabel(e.target.value)} maxLength={40} />
        </Form.Item>
        <Form.Item
          label={t('import.split.newTitle')}
          htmlFor="import-split-title"
          validateStatus={error ? 'error' : undefined}
          help={error ?? (preview ? `→ ${preview}` : undefined)}
        >
          <Input
            id="import-split-title"
            value={title}
            placeholder={t('import.split.newTitlePlaceholder')}
            maxLength={500}
            onChange={(e) => {
              setTitle(e.target.value);
              setError(null);
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
