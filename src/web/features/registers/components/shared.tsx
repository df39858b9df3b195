/**
 * Pieces the four register tabs share: the add/edit dialog (validated with the shared zod schema before sending,
 * the server's field errors put back on the form), the problem picker, the row actions and the files cell.
 */
import { useState, type ReactNode } from 'react';
import { App as AntdApp, Button, Form, Modal, Popconfirm, Select, Space, Tooltip, Upload, type FormInstance } from 'antd';
import { DeleteOutlined, EditOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatSize } from '../../../lib/format';
import { applyServerFieldErrors, parseForm } from '../../../lib/zod-form';
import { useAttachFile, useDeleteEntry, useDetachFile, useRoundProblems, type RegisterPath } from '../api/registers';

/** A date picker's value as the API takes it: YYYY-MM-DD, or undefined when empty (the schema then names the field). */
export function toDate(v: unknown): string | undefined {
  return dayjs.isDayjs(v) ? (v as Dayjs).format('YYYY-MM-DD') : undefined;
}
/** An API date as a date picker's value. */
export function fromDate(s: string | null | undefined): Dayjs | undefined {
  return s ? dayjs(s) : undefined;
}

interface EntryModalProps<S extends z.ZodType> {
  title: string;
  schema: S;
  initialValues: Record<string, unknown>;
  /** Form values → the schema's input (dates to strings, empty strings to null…). */
  toInput: (values: Record<string, unknown>) => unknown;
  submit: (body: z.output<S>) => Promise<unknown>;
  onClose: () => void;
  children: (form: FormInstance) => ReactNode;
}

/** The add/edit dialog of an entry. */
export function EntryModal<S extends z.ZodType>({ title, schema, initialValues, toInput, submit, onClose, children }: EntryModalProps<S>) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onOk = async () => {
    setError(null);
    const body = parseForm(form, schema, toInput(form.getFieldsValue(true) as Record<string, unknown>));
    if (!body) return;
    setBusy(true);
    try {
      await submit(body);
      message.success(t('reg.saved'));
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
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={onOk} requiredMark>
        {children(form)}
      </Form>
    </Modal>
  );
}

/** Picks problems of the round (leaf problems, in ledger order). Form.Item passes value and onChange. */
export function ProblemSelect({
  inspectionId,
  ...rest
}: {
  inspectionId: number;
  id?: string;
  value?: number[];
  onChange?: (v: number[]) => void;
}) {
  const t = useT();
  const problems = useRoundProblems(inspectionId);
  return (
    <Select<number[]>
      {...rest}
      mode="multiple"
      allowClear
      loading={problems.isPending}
      placeholder={t('reg.problemsPlaceholder')}
      showSearch={{ optionFilterProp: 'label' }}
      maxTagTextLength={18}
      options={(problems.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.label} ${p.title}` }))}
    />
  );
}

/** Edit and delete buttons of a row, as the entry's abilities allow. */
export function RowActions({
  path,
  id,
  name,
  abilities,
  onEdit,
}: {
  path: RegisterPath;
  id: number;
  name: string;
  abilities: { edit: boolean; delete: boolean };
  onEdit: () => void;
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const del = useDeleteEntry(path);
  if (!abilities.edit && !abilities.delete) return null;
  return (
    <Space size={4}>
      {abilities.edit && (
        <Tooltip title={t('reg.edit')}>
          <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('reg.editAria', { n: name })} onClick={onEdit} />
        </Tooltip>
      )}
      {abilities.delete && (
        <Popconfirm
          title={t('reg.deleteConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            del.mutateAsync(id).then(
              () => message.success(t('reg.deleted')),
              (e: unknown) => message.error(e instanceof Error ? e.message : String(e)),
            )
          }
        >
          <Button
            size="small"
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('reg.deleteAria', { n: name })}
            loading={del.isPending}
          />
        </Popconfirm>
      )}
    </Space>
  );
}

interface FileRef {
  id: number;
  filename: string;
  size: number;
}

/** The files of a rule or work event: download links, and upload/remove when the entry allows it. */
export function FilesCell({
  path,
  ownerId,
  ownerName,
  files,
  canAttach,
}: {
  path: 'rules' | 'events';
  ownerId: number;
  ownerName: string;
  files: FileRef[];
  canAttach: boolean;
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const attach = useAttachFile(path);
  const detach = useDetachFile();
  return (
    <Space orientation="vertical" size={2} style={{ maxWidth: 240 }}>
      {files.map((f) => (
        <Space key={f.id} size={2} wrap={false}>
          <a href={paths.registerFile.getHref(f.id)} download={f.filename} style={{ wordBreak: 'break-all' }}>
            <PaperClipOutlined /> {f.filename}
          </a>
          <span style={{ color: '#888', fontSize: 12, whiteSpace: 'nowrap' }}>{formatSize(f.size)}</span>
          {canAttach && (
            <Popconfirm
              title={t('reg.file.removeConfirm', { n: f.filename })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => detach.mutateAsync(f.id).catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)))}
            >
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('reg.file.remove', { n: f.filename })} />
            </Popconfirm>
          )}
        </Space>
      ))}
      {!files.length && !canAttach && <span style={{ color: '#888' }}>{t('reg.file.none')}</span>}
      {canAttach && (
        <Upload
          showUploadList={false}
          multiple
          customRequest={({ file, onSuccess, onError }) => {
            const f = file as File;
            attach.mutateAsync({ id: ownerId, file: f }).then(
              (r) => {
                message.success(t('reg.file.uploaded', { n: f.name }));
                onSuccess?.(r);
              },
              (e: unknown) => {
                message.error(e instanceof Error ? e.message : String(e));
                onError?.(e instanceof Error ? e : new Error(String(e)));
              },
            );
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={attach.isPending} aria-label={t('reg.file.uploadAria', { n: ownerName })}>
            {t('reg.file.upload')}
          </Button>
        </Upload>
      )}
    </Space>
  );
}

/** The problems an entry answers, as short labels. */
export function ProblemsCell({ problems }: { problems: { id: number; label: string; title: string }[] }) {
  const t = useT();
  if (!problems.length) return <>{t('common.none')}</>;
  return (
    <Space orientation="vertical" size={0} style={{ maxWidth: 260 }}>
      {problems.map((p) => (
        <Link
          key={p.id}
          to={paths.problem.getHref(p.id)}
          title={p.title}
          style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
        >
          {p.label} {p.title}
        </Link>
      ))}
    </Space>
  );
}
