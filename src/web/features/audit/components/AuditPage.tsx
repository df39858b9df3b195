/**
 * The audit trail for the audit administrator (审计管理员): every security event
 * and write, newest first, and a check of the SM3 hash chain over all rows.
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Input, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT, type MessageKey, type TFunction } from '../../../i18n';
import { zh } from '../../../i18n/zh';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatInstant } from '../../../lib/format';
import type { AuditEntry } from '../../../lib/domain';
import { auditExportHref, useAudit, useVerifyAudit, type AuditFilter } from '../api/get-audit';

const isKey = (k: string): k is MessageKey => k in zh;

/**
 * The name of an action code: its own label (audit.act.*), a problem's
 * transition by the history's words (transition.*), a register's object and
 * verb; an unknown code is shown as it is.
 */
export function actionLabel(t: TFunction, code: string): string {
  const own = `audit.act.${code}`;
  if (isKey(own)) return t(own);
  const [head, ...rest] = code.split('.');
  const transition = `transition.${rest.join('.')}`;
  if (head === 'problem' && isKey(transition)) return t(transition);
  if (head === 'register' && rest.length === 2) {
    const obj = `audit.regobj.${rest[0]}`;
    const verb = `audit.verb.${rest[1]}`;
    if (isKey(obj) && isKey(verb)) return t('audit.act.register', { obj: t(obj), verb: t(verb) });
  }
  return code;
}

/** One detail value as text: nested objects and lists written out on one line, not as JSON. */
function detailValue(t: TFunction, v: unknown): string {
  if (v == null || v === '') return t('audit.none');
  if (typeof v === 'boolean') return t(v ? 'audit.yes' : 'audit.no');
  if (Array.isArray(v)) return v.length ? v.map((x) => detailValue(t, x)).join('、') : t('audit.none');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}=${detailValue(t, x)}`)
      .join('; ');
  }
  return String(v);
}

/** The detail of a row as "key: value" lines. */
function Detail({ value }: { value: unknown }) {
  const t = useT();
  if (value == null) return <>—</>;
  const entries =
    typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : [['', value] as const];
  if (!entries.length) return <>—</>;
  return (
    <dl style={{ margin: 0, fontSize: 12 }}>
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: 'flex', gap: 6 }}>
          {k && <dt style={{ color: '#595959', flex: 'none' }}>{k}:</dt>}
          <dd style={{ margin: 0, wordBreak: 'break-all' }}>{detailValue(t, v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function AuditPage() {
  const t = useT();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<AuditFilter>({});
  const audit = useAudit(page, filter);
  const verify = useVerifyAudit();
  const update = (f: Partial<AuditFilter>) => {
    setPage(1);
    setFilter((old) => ({ ...old, ...f }));
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0, display: 'inline-block', marginRight: 12 }}>
          {t('audit.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('audit.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Space wrap>
          <Input.Search
            allowClear
            aria-label={t('audit.actionFilter')}
            placeholder={t('audit.actionFilter')}
            style={{ width: 360 }}
            onSearch={(v) => update({ action: v.trim() || undefined })}
          />
          <DatePicker.RangePicker
            aria-label={t('audit.dateRange')}
            id={{ start: 'audit-from', end: 'audit-to' }}
            placeholder={[t('audit.from'), t('audit.to')]}
            allowEmpty={[true, true]}
            value={[filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]}
            onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
          />
          <Button icon={<DownloadOutlined />} href={auditExportHref(filter)} data-testid="audit-export">
            {t('audit.export')}
          </Button>
          {audit.data?.abilities.verify && (
            <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
              {t('audit.verify')}
            </Button>
          )}
        </Space>
        {verify.data && (
          <Alert
            style={{ marginTop: 12 }}
            type={verify.data.ok ? 'success' : 'error'}
            showIcon
            message={
              verify.data.ok
                ? t('audit.verifyOk', { rows: verify.data.rows })
                : verify.data.brokenAt
                  ? t('audit.verifyBroken', { id: verify.data.brokenAt })
                  : t('audit.findings')
            }
            description={
              verify.data.ok ? (
                t('audit.verifyDetail', { checkpoints: verify.data.checkpoints.checked, archives: verify.data.archives.files })
              ) : (
                // every finding of the verification (issue 13): the chain, checkpoints, archives, business records, evidence files
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {verify.data.findings.map((f, i) => (
                    <li key={i}>
                      <code>
                        {f.table}
                        {f.id != null ? ` #${f.id}` : ''}
                      </code>{' '}
                      {f.message}
                    </li>
                  ))}
                </ul>
              )
            }
          />
        )}
        {verify.isError && <ErrorAlert error={verify.error} />}
      </Card>
      {audit.isError && <ErrorAlert error={audit.error} onRetry={() => audit.refetch()} />}
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        loading={audit.isLoading}
        dataSource={audit.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 50,
          total: audit.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => (audit.data?.totalCapped ? t('audit.totalCapped', { n }) : t('common.total', { n })),
          onChange: setPage,
        }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatInstant(v) },
          {
            title: t('audit.actor'),
            key: 'actor',
            width: 140,
            render: (_: unknown, r) =>
              r.actor.displayName && r.actor.displayName !== r.actor.name ? (
                <span title={r.actor.name ?? undefined}>
                  {r.actor.displayName}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    {r.actor.name}
                  </Typography.Text>
                </span>
              ) : (
                (r.actor.name ?? '—')
              ),
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            width: 200,
            render: (v: string) => <span title={v}>{actionLabel(t, v)}</span>,
          },
          {
            title: t('audit.object'),
            key: 'object',
            width: 140,
            render: (_: unknown, r) => (r.objectType ? `${r.objectType} ${r.objectId ?? ''}` : '—'),
          },
          {
            title: t('audit.outcome'),
            dataIndex: 'outcome',
            width: 90,
            render: (v: string) => (
              <Tag color={v === 'success' ? 'green' : 'red'}>{t(v === 'success' ? 'audit.success' : 'audit.failure')}</Tag>
            ),
          },
          { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
          {
            title: t('audit.detail'),
            dataIndex: 'detail',
            render: (v: unknown) => <Detail value={v} />,
          },
          { title: t('audit.hash'), dataIndex: 'hash', width: 110, render: (v: string) => <code title={v}>{v.slice(0, 10)}…</code> },
        ]}
      />
    </Space>
  );
}
