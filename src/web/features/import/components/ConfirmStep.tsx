import { useMemo, useRef, useState } from 'react';
import { App as AntdApp, Button, Card, Col, DatePicker, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../../i18n';
import { isApiError } from '../../../lib/api';
import { parseForm, applyServerFieldErrors } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { importCommitBody, type ImportCommitBody, type ImportNode } from '../lib/schemas';
import { countKinds, type EditNode } from '../lib/tree';
import type { ImportPreview } from '../api/preview';
import { useCommitImport, type CommitResult } from '../api/commit';

const INSPECTION_KINDS = ['巡视', '巡察', '审计', '督察'] as const;
const KIND_KEY = { 巡视: 'xunshi', 巡察: 'xuncha', 审计: 'shenji', 督察: 'ducha' } as const;
const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEADLINE = /^\d{4}-\d{2}(-\d{2})?$/;

type InspectionFields = ImportCommitBody['inspection'];
interface Values {
  kind?: InspectionFields['kind'];
  title?: string;
  body?: string;
  onsiteStart?: Dayjs | null;
  onsiteEnd?: Dayjs | null;
  feedbackDate?: Dayjs | null;
}

/** Only whole ISO dates go to the server; "2020-05" (month only) is left for the person to complete. */
function fullDate(d: string | null | undefined): Dayjs | undefined {
  return d && FULL_DATE.test(d) && dayjs(d).isValid() ? dayjs(d) : undefined;
}
const partial = (d: string | null | undefined) => (d && !FULL_DATE.test(d) ? d : null);
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
/**
 * A key for one confirmation, sent with every commit of it: the server answers a
 * repeated key with the first commit's result. getRandomValues, not randomUUID:
 * the latter exists only in secure contexts, and an office LAN may serve plain http.
 */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const opt = (s: string | undefined, max: number) => (s && s.trim() ? s.trim().slice(0, max) : undefined);

/** The edited tree as the commit takes it: within the schema's limits, line numbers dropped. */
export function toImportNodes(nodes: EditNode[]): ImportNode[] {
  return nodes.map((n) => ({
    id: n.id,
    parentId: n.parentId,
    kind: n.kind,
    label: n.label.trim().slice(0, 40),
    title: n.title.trim().slice(0, 500),
    text: (n.text ?? '').slice(0, 20000),
    progress: n.progress ? n.progress.slice(0, 20000) : undefined,
    status: opt(n.status, 40),
    deadline: n.deadline && DEADLINE.test(n.deadline) ? n.deadline : undefined,
    rectifyKind: n.rectifyKind,
    leader: opt(n.leader, 64),
    leadDepartment: opt(n.leadDepartment, 100),
    cooperatingDepartments: n.cooperatingDepartments
      ?.map((d) => d.trim().slice(0, 100))
      .filter(Boolean)
      .slice(0, 50),
  }));
}

/** Step 3: the inspection round, prefilled from the notice, then the commit (with the duplicate question on 409). */
export function ConfirmStep({
  preview,
  nodes,
  unitId,
  onBack,
  onDone,
}: {
  preview: ImportPreview;
  nodes: EditNode[];
  unitId: number | undefined;
  onBack: () => void;
  onDone: (r: CommitResult) => void;
}) {
  const t = useT();
  const { modal } = AntdApp.useApp();
  const [form] = Form.useForm<Values>();
  const commit = useCommitImport();
  const [error, setError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey()).current;
  // set on the first click, before React re-renders: a double click sends one commit
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const { meta } = preview.notice;
  const counts = useMemo(() => countKinds(nodes), [nodes]);

  const initialValues = useMemo<Values>(
    () => ({
      kind: meta.inspection.kind ?? undefined,
      title: (meta.title || preview.filename?.replace(/\.[^.]+$/, '') || '').slice(0, 200),
      body: meta.inspection.body?.slice(0, 100) ?? '',
      onsiteStart: fullDate(meta.inspection.onSite[0]),
      onsiteEnd: fullDate(meta.inspection.onSite[1]),
      feedbackDate: fullDate(meta.inspection.feedback),
    }),
    [meta, preview.filename],
  );
  const monthOnly = {
    onsiteStart: partial(meta.inspection.onSite[0]),
    onsiteEnd: partial(meta.inspection.onSite[1]),
    feedbackDate: partial(meta.inspection.feedback),
  };

  const send = (body: ImportCommitBody) => {
    sending.current = true;
    setBusy(true);
    commit.mutate(body, {
      onSuccess: onDone,
      onSettled: (_r, e) => {
        // a success leaves the step; a failure lets the person try again (the same key answers a commit that did land)
        if (e) {
          sending.current = false;
          setBusy(false);
        }
      },
      onError: (e) => {
        if (isApiError(e) && e.code === 'duplicate' && !body.confirmDuplicate) {
          modal.confirm({
            title: t('import.dup.title'),
            content: t('import.dup.content', { message: e.message }),
            okText: t('import.dup.ok'),
            cancelText: t('common.cancel'),
            onOk: () => send({ ...body, confirmDuplicate: true }),
          });
          return;
        }
        if (!applyServerFieldErrors(form, e)) setError(e);
      },
    });
  };

  const onFinish = (v: Values) => {
    if (sending.current) return;
    setError(null);
    const inspection = parseForm(form, importCommitBody.shape.inspection, {
      kind: v.kind,
      title: v.title ?? '',
      body: v.body ?? '',
      onsiteStart: iso(v.onsiteStart),
      onsiteEnd: iso(v.onsiteEnd),
      feedbackDate: iso(v.feedbackDate),
    });
    if (!inspection) return;
    if (!unitId) {
      setError(new Error(t('import.unitRequired')));
      return;
    }
    const r = importCommitBody.safeParse({
      unitId,
      digest: preview.digest,
      filename: preview.filename ? preview.filename.slice(0, 200) : undefined,
      source: preview.notice.source,
      inspection,
      nodes: toImportNodes(nodes),
      confirmDuplicate: false,
      idempotencyKey,
    });
    if (!r.success) {
      // a node the person emptied by hand: name it
      const issue = r.error.issues[0];
      const idx = issue.path[0] === 'nodes' && typeof issue.path[1] === 'number' ? issue.path[1] : -1;
      const where = idx >= 0 ? `${nodes[idx]?.label ?? ''}${nodes[idx]?.title ?? ''}`.slice(0, 40) : '';
      setError(new Error(where ? `${where}：${issue.message}` : issue.message));
      return;
    }
    send(r.data);
  };

  const hint = (d: string | null) => (d ? t('import.confirm.monthOnly', { d }) : undefined);

  return (
    <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('import.confirm.title')}</h2>}>
      <Typography.Paragraph strong style={{ background: '#f3f6fb', border: '1px solid #d6e0ef', borderRadius: 4, padding: '8px 12px' }}>
        {t('import.confirm.summary', { g: counts.groups, th: counts.themes, p: counts.problems, m: counts.measures })}
      </Typography.Paragraph>
      {error ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} title={t('import.commitFailed')} />
        </div>
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        name="import-inspection"
        initialValues={initialValues}
        onFinish={onFinish}
        disabled={busy}
      >
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="kind" label={t('import.confirm.kind')} required>
              <Select
                placeholder={t('import.confirm.kindPlaceholder')}
                options={INSPECTION_KINDS.map((k) => ({ value: k, label: t(`import.ikind.${KIND_KEY[k]}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={18}>
            <Form.Item name="title" label={t('import.confirm.roundTitle')} required>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="body" label={t('import.confirm.body')} required>
              <Input maxLength={100} placeholder={t('import.confirm.bodyPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="feedbackDate" label={t('import.confirm.feedbackDate')} extra={hint(monthOnly.feedbackDate)}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="onsiteStart" label={t('import.confirm.onsiteStart')} extra={hint(monthOnly.onsiteStart)}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="onsiteEnd" label={t('import.confirm.onsiteEnd')} extra={hint(monthOnly.onsiteEnd)}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {meta.date && !FULL_DATE.test(meta.date) && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('import.confirm.noticeDate', { d: meta.date })}
          </Typography.Paragraph>
        )}
        <Flex justify="space-between" gap={8}>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} disabled={busy}>
            {t('import.back')}
          </Button>
          {/* shown only when the server says this preview may be committed by this person */}
          {preview.abilities.commit ? (
            <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} loading={busy} disabled={busy}>
              {t('import.confirm.submit')}
            </Button>
          ) : (
            <Typography.Text type="danger">{t('import.noPermission')}</Typography.Text>
          )}
        </Flex>
      </Form>
    </Card>
  );
}
