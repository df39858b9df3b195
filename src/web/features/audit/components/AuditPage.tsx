/**
 * The audit trail for the audit administrator (审计管理员): every security event
 * and write, newest first, and a check of the SM3 hash chain over all rows.
 */
import { useState } from 'react';
import { Alert, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatInstant } from '../../../lib/format';
import type { AuditEntry } from '../../../lib/domain';
import { useAudit, useVerifyAudit } from '../api/get-audit';

export default function AuditPage() {
  const t = useT();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<string>();
  const audit = useAudit(page, action);
  const verify = useVerifyAudit();
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0, display: 'inline-block', marginRight: 12 }}>{t('audit.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('audit.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Space wrap>
          <Input.Search
            allowClear
            aria-label={t('audit.actionFilter')}
            placeholder={t('audit.actionFilter')}
            style={{ width: 360 }}
            onSearch={(v) => { setPage(1); setAction(v.trim() || undefined); }}
          />
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
                      <code>{f.table}{f.id != null ? ` #${f.id}` : ''}</code> {f.message}
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
        pagination={{ current: page, pageSize: 50, total: audit.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatInstant(v) },
          { title: t('audit.actor'), key: 'actor', width: 120, render: (_: unknown, r) => r.actor.name ?? '—' },
          { title: t('audit.action'), dataIndex: 'action', width: 240, render: (v: string) => <code>{v}</code> },
          { title: t('audit.object'), key: 'object', width: 140, render: (_: unknown, r) => (r.objectType ? `${r.objectType} ${r.objectId ?? ''}` : '—') },
          {
            title: t('audit.outcome'), dataIndex: 'outcome', width: 90,
            render: (v: string) => <Tag color={v === 'success' ? 'green' : 'red'}>{t(v === 'success' ? 'audit.success' : 'audit.failure')}</Tag>,
          },
          { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
          {
            title: t('audit.detail'), dataIndex: 'detail', ellipsis: true,
            render: (v: unknown) => (v == null ? '—' : <Typography.Text type="secondary" ellipsis={{ tooltip: JSON.stringify(v) }}>{JSON.stringify(v)}</Typography.Text>),
          },
          { title: t('audit.hash'), dataIndex: 'hash', width: 110, render: (v: string) => <code title={v}>{v.slice(0, 10)}…</code> },
        ]}
      />
    </Space>
  );
}
