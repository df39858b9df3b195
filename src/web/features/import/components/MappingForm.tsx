import { useMemo, useState } from 'react';
import { Alert, App as AntdApp, Button, Col, Flex, Form, Row, Select, Typography } from 'antd';
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n';
import { findingText } from '../../../i18n/findings';
import { detectLedgerMapping, type LedgerField, type LedgerMapping, type ParsedNotice } from '../lib/schemas';
import { useSaveMapping } from '../api/save-mapping';
import { ErrorAlert } from '../../../components/ErrorAlert';

export const LEDGER_FIELDS: readonly LedgerField[] = [
  'seq',
  'category',
  'problem',
  'measure',
  'leader',
  'leadDepartment',
  'cooperatingDepartments',
  'deadline',
  'progress',
  'closed',
  'remark',
];
const COLUMN_RULES = new Set(['ledger-column-missing', 'ledger-column-unmapped']);

/** The sheet's header row: where the reader's column findings point, else the row above the first item. */
export function ledgerHeaders(notice: ParsedNotice): { line: number; headers: string[] } | null {
  const flagged = notice.findings.find((f) => COLUMN_RULES.has(f.rule));
  const first = notice.nodes.length ? Math.min(...notice.nodes.map((n) => n.line)) : 0;
  const line = flagged?.line ?? (first > 1 ? first - 1 : 0);
  const text = line > 0 ? notice.lines[line - 1] : undefined;
  if (!text) return null;
  const headers = [
    ...new Set(
      text
        .split('\t')
        .map((h) => h.trim())
        .filter(Boolean),
    ),
  ];
  return headers.length ? { line, headers } : null;
}

/** For a ledger (.xlsx): which header holds which field; re-read the file with it, or save it for the unit. */
export function MappingForm({
  notice,
  unitId,
  initial,
  reparsing,
  onReparse,
}: {
  notice: ParsedNotice;
  unitId: number | null;
  /** The mapping the current preview was read with, if the person gave one. */
  initial?: LedgerMapping;
  reparsing: boolean;
  onReparse: (mapping: LedgerMapping) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<LedgerMapping>();
  const save = useSaveMapping();
  const [saveError, setSaveError] = useState<unknown>(null);
  const header = useMemo(() => ledgerHeaders(notice), [notice]);
  const columnFindings = notice.findings.filter((f) => COLUMN_RULES.has(f.rule));
  const detected = useMemo(() => (header ? detectLedgerMapping(header.headers).mapping : {}), [header]);

  const current = (): LedgerMapping => {
    const v = form.getFieldsValue();
    const out: LedgerMapping = {};
    for (const f of LEDGER_FIELDS) if (v[f]) out[f] = v[f];
    return out;
  };

  return (
    <section aria-label={t('import.mapping.title')}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('import.mapping.hint')}
        {header && ` ${t('import.mapping.headerRow', { n: header.line })}`}
      </Typography.Paragraph>
      {columnFindings.map((f, i) => (
        <Alert
          key={i}
          showIcon
          type={f.severity === 'info' ? 'info' : 'warning'}
          style={{ marginBottom: 8, ...(f.severity === 'info' ? { background: '#f3f6fb', border: '1px solid #d6e0ef' } : {}) }}
          title={findingText(lang, f).message}
          description={findingText(lang, f).suggestion}
        />
      ))}
      {!header ? (
        <Alert type="warning" showIcon title={t('import.mapping.noHeader')} />
      ) : (
        <Form<LedgerMapping> form={form} layout="vertical" size="small" name="import-mapping" initialValues={{ ...detected, ...initial }}>
          <Row gutter={12}>
            {LEDGER_FIELDS.map((f) => (
              <Col key={f} xs={12} md={8} xl={6}>
                <Form.Item name={f} label={t(`import.field.${f}`)} style={{ marginBottom: 8 }}>
                  <Select
                    allowClear
                    placeholder={t('import.mapping.none')}
                    options={header.headers.map((h) => ({ value: h, label: h }))}
                    popupMatchSelectWidth={false}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
          {saveError ? (
            <div style={{ marginBottom: 8 }}>
              <ErrorAlert error={saveError} />
            </div>
          ) : null}
          <Flex gap={8}>
            <Button icon={<ReloadOutlined />} loading={reparsing} onClick={() => onReparse(current())}>
              {t('import.mapping.reparse')}
            </Button>
            <Button
              icon={<SaveOutlined />}
              loading={save.isPending}
              disabled={!unitId}
              onClick={() => {
                setSaveError(null);
                if (!unitId) return;
                save.mutate(
                  { unitId, mapping: current() },
                  { onSuccess: () => message.success(t('import.mapping.saved')), onError: (e) => setSaveError(e) },
                );
              }}
            >
              {t('import.mapping.save')}
            </Button>
          </Flex>
        </Form>
      )}
    </section>
  );
}
