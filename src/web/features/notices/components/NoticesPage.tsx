/**
 * The composer of a round's report and public notice: the office edits the draft's
 * sections on the left and sees the document on the right as it changes (composed
 * in the browser by the same composeDocument as the .docx, from the facts the
 * server read); it saves the draft, freezes versions, compares two of them, checks
 * the document with the project's checker, downloads the .docx and opens a print view.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, PrinterOutlined, SaveOutlined, SnippetsOutlined, UndoOutlined } from '@ant-design/icons';
import { useI18n, type MessageKey } from '../../../i18n';
import { findingText } from '../../../i18n/findings';
import { InspectionSelect } from '../../../components/InspectionSelect';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { isApiError } from '../../../lib/api';
import { paths } from '../../../config/paths';
import { formatInstant } from '../../../lib/format';
import { useCompare, useComposer, useContact, useSaveContact, useSaveDraft, useSaveVersion, useVersion } from '../api/notices';
import { composeDocument, contactBody, draftContentBody, type Composer, type DocumentKind, type DraftContent } from '../lib/domain';
import { DocumentPreview } from './DocumentPreview';
import { PublishPanel } from '../../../components/PublishPanel';

type Field = keyof DraftContent;
const FIELDS: { key: Field; rows?: number; kinds?: DocumentKind[] }[] = [
  { key: 'title' },
  { key: 'subtitle' },
  { key: 'addressee' },
  { key: 'opening', rows: 5 },
  { key: 'organisation', rows: 9 },
  { key: 'nextSteps', rows: 6 },
  { key: 'closing', rows: 4, kinds: ['notice'] },
  { key: 'signature' },
  { key: 'date' },
];

/** Field errors of the draft as the server would answer them, shown before sending. */
function fieldErrors(d: DraftContent): Partial<Record<Field, string>> {
  const r = draftContentBody.safeParse(d);
  if (r.success) return {};
  const out: Partial<Record<Field, string>> = {};
  for (const i of r.error.issues) out[i.path[0] as Field] ??= i.message;
  return out;
}

export default function NoticesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const inspectionId = Number(params.get('inspectionId')) || undefined;
  const kind: DocumentKind = params.get('kind') === 'report' ? 'report' : 'notice';
  const composer = useComposer(inspectionId, kind);
  const setQuery = (id: number | undefined, k: DocumentKind) =>
    setParams(id ? { inspectionId: String(id), kind: k } : {}, { replace: true });

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('notices.title')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('notices.intro')} />
      <Space wrap>
        <InspectionSelect id="notices-inspection" value={inspectionId} onChange={(id) => setQuery(id, kind)} />
        <Segmented<DocumentKind>
          aria-label={t('notices.kindLabel')}
          value={kind}
          onChange={(k) => setQuery(inspectionId, k)}
          options={[
            { value: 'notice', label: t('notices.kind.notice') },
            { value: 'report', label: t('notices.kind.report') },
          ]}
        />
      </Space>
      {!inspectionId ? (
        <Empty description={t('notices.chooseInspection')} />
      ) : composer.isPending ? (
        <PageSpinner />
      ) : composer.isError ? (
        <ErrorAlert error={composer.error} onRetry={() => composer.refetch()} />
      ) : (
        <Workspace
          key={`${inspectionId}-${kind}`}
          data={composer.data}
          inspectionId={inspectionId}
          kind={kind}
          refetch={composer.refetch}
        />
      )}
    </Space>
  );
}

function Workspace({
  data,
  inspectionId,
  kind,
  refetch,
}: {
  data: Composer;
  inspectionId: number;
  kind: DocumentKind;
  refetch: () => Promise<{ data?: Composer }>;
}) {
  const { t } = useI18n();
  const { message } = AntdApp.useApp();
  const [draft, setDraft] = useState<DraftContent>(data.draft.content);
  // what the local copy was taken from: edits are measured against it, not against the newest server state
  const [base, setBase] = useState({ content: data.draft.content, revision: data.draft.revision });
  const [previewVersion, setPreviewVersion] = useState<number | undefined>();
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const saveDraft = useSaveDraft(inspectionId, kind);
  const saveVersion = useSaveVersion(inspectionId, kind);
  const version = useVersion(inspectionId, kind, previewVersion);
  const dirty = JSON.stringify(draft) !== JSON.stringify(base.content);
  const errors = fieldErrors(draft);
  const canEdit = data.abilities.editDraft;
  const revision = base.revision;

  // new server state (a save, new contact settings in the first draft): take it unless the person is editing
  const serverKey = `${data.draft.revision}|${JSON.stringify(data.draft.content)}`;
  useEffect(() => {
    if (dirty) return;
    setDraft(data.draft.content);
    setBase({ content: data.draft.content, revision: data.draft.revision });
  }, [serverKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const doc = useMemo(() => {
    if (previewVersion && version.data) return composeDocument(kind, version.data.facts, version.data.content);
    return composeDocument(kind, data.facts, draft);
  }, [kind, data.facts, draft, previewVersion, version.data]);

  const onSave = () =>
    saveDraft.mutate(
      { content: draft, revision },
      {
        onSuccess: (next) => {
          setDraft(next.draft.content);
          setBase({ content: next.draft.content, revision: next.draft.revision });
          message.success(t('notices.saved'));
        },
        onError: (e) => {
          if (!(isApiError(e) && e.status === 409)) {
            message.error(e.message);
            return;
          }
          // someone saved in between: load theirs; the person edits on top of it
          message.warning(t('notices.stale'));
          void refetch().then((r) => {
            if (!r.data) return;
            setDraft(r.data.draft.content);
            setBase({ content: r.data.draft.content, revision: r.data.draft.revision });
          });
        },
      },
    );

  const onVersion = () =>
    saveVersion.mutate(note, {
      onSuccess: (v) => {
        setNoteOpen(false);
        setNote('');
        message.success(t('notices.versionSaved', { n: v.number }));
      },
      onError: (e) => message.error(e.message),
    });

  const docxHref = paths.noticeDocx.getHref(inspectionId, kind, previewVersion);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {!canEdit ? <Alert type="warning" showIcon message={t('notices.readOnly')} /> : null}
      <Space wrap>
        {canEdit ? (
          <Button
            type="primary"
            icon={<SaveOutlined />}
            disabled={!dirty || Object.keys(errors).length > 0}
            loading={saveDraft.isPending}
            onClick={onSave}
          >
            {t('notices.saveDraft')}
          </Button>
        ) : null}
        {data.abilities.saveVersion ? (
          <Button
            icon={<SnippetsOutlined />}
            disabled={dirty}
            title={dirty ? t('notices.saveFirst') : undefined}
            onClick={() => setNoteOpen(true)}
          >
            {t('notices.saveVersion')}
          </Button>
        ) : null}
        <Button icon={<DownloadOutlined />} href={docxHref}>
          {t('notices.download')}
        </Button>
        <Link to={paths.noticePrint.getHref(inspectionId, kind, previewVersion)} target="_blank">
          <Button icon={<PrinterOutlined />}>{t('notices.print')}</Button>
        </Link>
        {dirty ? <Tag color="orange">{t('notices.unsaved')}</Tag> : null}
      </Space>
      <Row gutter={16} wrap>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('notices.sections')}>
            <Form layout="vertical" disabled={!canEdit || previewVersion != null}>
              {FIELDS.filter((f) => !f.kinds || f.kinds.includes(kind)).map((f) => (
                <Form.Item
                  key={f.key}
                  label={
                    <Space>
                      <span>{t(`notices.field.${f.key}` as MessageKey)}</span>
                      {canEdit && draft[f.key] !== data.defaults[f.key] ? (
                        <Button
                          size="small"
                          type="link"
                          icon={<UndoOutlined />}
                          onClick={() => setDraft({ ...draft, [f.key]: data.defaults[f.key] })}
                        >
                          {t('notices.restore')}
                        </Button>
                      ) : null}
                    </Space>
                  }
                  htmlFor={`notice-${f.key}`}
                  validateStatus={errors[f.key] ? 'error' : undefined}
                  help={errors[f.key] ?? (f.key === 'organisation' || f.key === 'nextSteps' ? t('notices.paragraphHelp') : undefined)}
                >
                  {f.rows ? (
                    <Input.TextArea
                      id={`notice-${f.key}`}
                      rows={f.rows}
                      value={draft[f.key]}
                      onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                    />
                  ) : (
                    <Input id={`notice-${f.key}`} value={draft[f.key]} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} />
                  )}
                </Form.Item>
              ))}
            </Form>
            <Alert
              type="info"
              message={t('notices.computed')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  <li>{t('notices.computed.registers')}</li>
                  <li>{t('notices.computed.progress')}</li>
                </ul>
              }
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={previewVersion ? t('notices.previewing', { what: t('notices.version', { n: previewVersion }) }) : t('notices.preview')}
            extra={
              previewVersion ? (
                <Button size="small" onClick={() => setPreviewVersion(undefined)}>
                  {t('notices.currentDraft')}
                </Button>
              ) : null
            }
            styles={{ body: { overflow: 'auto', maxHeight: '80vh', background: '#eef0f3' } }}
          >
            <DocumentPreview doc={doc} label={t('notices.previewLabel')} />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Tabs
          items={[
            { key: 'check', label: t('notices.check'), children: <CheckTab data={data} /> },
            {
              key: 'versions',
              label: `${t('notices.versions')} (${data.versions.length})`,
              children: <VersionsTab data={data} inspectionId={inspectionId} kind={kind} onPreview={setPreviewVersion} />,
            },
            { key: 'totals', label: t('notices.totals'), children: <TotalsTab data={data} /> },
            { key: 'contact', label: t('notices.contact'), children: <ContactForm unitId={data.unitId} /> },
            // publishing: the public notice only (the report goes to the inspection office, not to the public)
            ...(kind === 'notice'
              ? [
                  {
                    key: 'publish',
                    label: t('publish.tab'),
                    children: <PublishPanel inspectionId={inspectionId} versions={data.versions} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal
        open={noteOpen}
        title={t('notices.saveVersion')}
        onOk={onVersion}
        confirmLoading={saveVersion.isPending}
        onCancel={() => setNoteOpen(false)}
      >
        <Form layout="vertical">
          <Form.Item label={t('notices.versionNote')} htmlFor="notice-version-note">
            <Input id="notice-version-note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function CheckTab({ data }: { data: Composer }) {
  const { t, lang } = useI18n();
  const { check, corrections } = data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {check.errors === 0 ? <Alert type="success" showIcon message={t('notices.checkOk')} /> : null}
      <Typography.Text type="secondary">{t('notices.checkCounts', { errors: check.errors, warnings: check.warnings })}</Typography.Text>
      <List
        size="small"
        dataSource={check.findings.filter((f) => f.severity !== 'info')}
        locale={{ emptyText: ' ' }}
        renderItem={(f) => (
          <List.Item>
            <Space align="start">
              <Tag color={f.severity === 'error' ? 'red' : 'gold'}>{t('notices.line', { n: f.line })}</Tag>
              {(() => {
                // in English the rule's reading, the notice's Chinese words kept beside it
                const text = findingText(lang, f);
                return (
                  <span>
                    {text.message}
                    {text.suggestion ? (lang === 'en' ? ` (${text.suggestion})` : `（${text.suggestion}）`) : ''}
                    {text.original && (
                      <span lang="zh-CN" style={{ display: 'block', color: '#595959', fontSize: 12 }}>
                        {text.original}
                      </span>
                    )}
                  </span>
                );
              })()}
            </Space>
          </List.Item>
        )}
      />
      {corrections.length ? (
        <>
          <Typography.Text strong>{t('notices.corrections')}</Typography.Text>
          <List
            size="small"
            dataSource={corrections}
            renderItem={(c) => (
              <List.Item>
                {c.corrected ? (
                  t('notices.correctionFixed', { raw: c.raw, fixed: c.corrected })
                ) : (
                  <Typography.Text type="danger">{t('notices.correctionOpen', { raw: c.raw })}</Typography.Text>
                )}
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Space>
  );
}

function VersionsTab({
  data,
  inspectionId,
  kind,
  onPreview,
}: {
  data: Composer;
  inspectionId: number;
  kind: DocumentKind;
  onPreview: (n: number) => void;
}) {
  const { t } = useI18n();
  const [a, setA] = useState<number | undefined>(data.versions[1]?.number);
  const [b, setB] = useState<number | undefined>(data.versions[0]?.number);
  const cmp = useCompare(inspectionId, kind, a, b);
  if (!data.versions.length) return <Empty description={t('notices.noVersions')} />;
  const options = data.versions.map((v) => ({
    value: v.number,
    label: `${t('notices.version', { n: v.number })}${v.note ? ` · ${v.note}` : ''}`,
  }));
  const changed = cmp.data?.ops.filter((o) => o.op !== 'same') ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <List
          size="small"
          dataSource={data.versions}
          renderItem={(v) => (
            <List.Item
              actions={[
                <Button key="p" size="small" onClick={() => onPreview(v.number)}>
                  {t('notices.previewVersion')}
                </Button>,
                <Button
                  key="d"
                  size="small"
                  icon={<DownloadOutlined />}
                  href={paths.noticeDocx.getHref(inspectionId, kind, v.number)}
                  aria-label={`${t('notices.download')} ${t('notices.version', { n: v.number })}`}
                />,
              ]}
            >
              <List.Item.Meta
                title={`${t('notices.version', { n: v.number })}${v.note ? ` · ${v.note}` : ''}`}
                description={t('notices.versionBy', {
                  name: v.createdBy.name ?? t('notices.system'),
                  // Beijing time whatever the browser's zone, like every record
                  at: formatInstant(v.createdAt),
                })}
              />
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} lg={14}>
        <Typography.Text strong>{t('notices.compare')}</Typography.Text>
        <Space wrap style={{ display: 'flex', margin: '8px 0' }}>
          <Select
            aria-label={t('notices.compareFrom')}
            placeholder={t('notices.compareFrom')}
            style={{ minWidth: 180 }}
            value={a}
            onChange={setA}
            options={options}
          />
          <Select
            aria-label={t('notices.compareTo')}
            placeholder={t('notices.compareTo')}
            style={{ minWidth: 180 }}
            value={b}
            onChange={setB}
            options={options}
          />
        </Space>
        {a == null || b == null || a === b ? (
          <Typography.Text type="secondary">{t('notices.compareHint')}</Typography.Text>
        ) : cmp.isError ? (
          <ErrorAlert error={cmp.error} />
        ) : cmp.data && changed.length === 0 ? (
          <Typography.Text>{t('notices.compareSame')}</Typography.Text>
        ) : (
          <div aria-live="polite" style={{ maxHeight: 360, overflow: 'auto' }}>
            {changed.map((o, i) => (
              <p key={i} style={{ margin: '4px 0', padding: '2px 6px', background: o.op === 'added' ? '#e6f4ea' : '#fdecea' }}>
                <Tag color={o.op === 'added' ? 'green' : 'red'}>{t(o.op === 'added' ? 'notices.added' : 'notices.removed')}</Tag>
                {o.op === 'removed' ? <del>{o.text}</del> : <ins style={{ textDecoration: 'none' }}>{o.text}</ins>}
              </p>
            ))}
          </div>
        )}
      </Col>
    </Row>
  );
}

function TotalsTab({ data }: { data: Composer }) {
  const { t } = useI18n();
  const keys = ['aspects', 'problems', 'completed', 'continuing', 'longTerm'] as const;
  return (
    <Row gutter={16}>
      {keys.map((k) => (
        <Col key={k} xs={12} md={4}>
          <Statistic title={t(`notices.total.${k}`)} value={data.totals[k]} />
        </Col>
      ))}
    </Row>
  );
}

function ContactForm({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const { message } = AntdApp.useApp();
  const contact = useContact(unitId);
  const save = useSaveContact(unitId);
  const [form] = Form.useForm();
  useEffect(() => {
    if (contact.data) form.setFieldsValue(Object.fromEntries(Object.entries(contact.data.contact).map(([k, v]) => [k, v ?? ''])));
  }, [contact.data, form]);
  if (contact.isError) return <ErrorAlert error={contact.error} />;
  const keys = ['phone', 'address', 'postcode', 'email', 'portalUrl'] as const;
  const onFinish = (values: Record<string, string>) => {
    const r = contactBody.safeParse(Object.fromEntries(keys.map((k) => [k, values[k] ?? ''])));
    if (!r.success) {
      form.setFields(r.error.issues.map((i) => ({ name: String(i.path[0]), errors: [i.message] })));
      return;
    }
    save.mutate(r.data, { onSuccess: () => message.success(t('notices.contact.saved')), onError: (e) => message.error(e.message) });
  };
  return (
    <Form form={form} layout="vertical" disabled={!contact.data?.abilities.edit} onFinish={onFinish} style={{ maxWidth: 560 }}>
      <Typography.Paragraph type="secondary">{t('notices.contactHelp')}</Typography.Paragraph>
      {keys.map((k) => (
        <Form.Item key={k} name={k} label={t(`notices.contact.${k}`)}>
          <Input />
        </Form.Item>
      ))}
      {contact.data?.abilities.edit ? (
        <Button htmlType="submit" type="primary" loading={save.isPending}>
          {t('notices.contact.save')}
        </Button>
      ) : null}
    </Form>
  );
}
