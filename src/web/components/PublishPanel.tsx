/**
 * Publishing a round's public notice: the round's publications (code, version,
 * when, the portal page, the verification page, the published .docx) and, for
 * the unit's 整改办, the publish action on a saved version. Shared by the notices
 * composer (its 发布 tab) and the publications page, which web features cannot
 * share otherwise.
 */
import { useState } from 'react';
import { Alert, App as AntdApp, Button, Checkbox, Empty, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../lib/api';
import { formatInstant } from '../lib/format';
import { useI18n } from '../i18n';
import type { Publication, PublicationList, PublishBody } from '../../domain/schemas/publications.js';

export const publicationsOptions = (inspectionId: number | undefined) =>
  queryOptions({
    queryKey: ['publications', inspectionId ?? null],
    // the largest page: a round publishes a handful of versions, and the panel marks every published one
    queryFn: ({ signal }) => api.get<PublicationList>(`/inspections/${inspectionId}/publications`, { signal, query: { pageSize: 200 } }),
    enabled: inspectionId != null,
  });

export function usePublish(inspectionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PublishBody) => api.post<Publication>(`/inspections/${inspectionId}/publications`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['publications', inspectionId] }),
  });
}

export interface VersionChoice {
  number: number;
  note: string;
}

export function PublishPanel({ inspectionId, versions }: { inspectionId: number; versions?: VersionChoice[] }) {
  const { t } = useI18n();
  const { message } = AntdApp.useApp();
  const list = useQuery(publicationsOptions(inspectionId));
  const publish = usePublish(inspectionId);
  const published = new Set((list.data?.items ?? []).map((p) => p.version));
  const candidates = (versions ?? []).filter((v) => !published.has(v.number));
  const [version, setVersion] = useState<number | undefined>();
  const [statusTable, setStatusTable] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const chosen = version ?? candidates[0]?.number;

  const onPublish = () =>
    chosen != null &&
    publish.mutate(
      { version: chosen, statusTable },
      {
        onSuccess: (p) => {
          setConfirming(false);
          void message.success(t('publish.done', { code: p.code }));
        },
        onError: (e) => {
          setConfirming(false);
          void message.error(isApiError(e) ? e.message : t('publish.failed'));
        },
      },
    );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('publish.intro')} />
      {list.data?.abilities.publish && versions ? (
        candidates.length ? (
          <Space wrap>
            <Select
              aria-label={t('publish.version')}
              style={{ minWidth: 220 }}
              value={chosen}
              onChange={setVersion}
              options={candidates.map((v) => ({
                value: v.number,
                label: `${t('publish.versionN', { n: v.number })}${v.note ? ` · ${v.note}` : ''}`,
              }))}
            />
            <Checkbox checked={statusTable} onChange={(e) => setStatusTable(e.target.checked)}>
              {t('publish.statusTable')}
            </Checkbox>
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setConfirming(true)}>
              {t('publish.action')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('publish.nothingToPublish')}</Typography.Text>
        )
      ) : null}
      <Modal
        open={confirming}
        title={t('publish.confirmTitle', { n: chosen ?? '' })}
        okText={t('publish.action')}
        cancelText={t('publish.cancel')}
        onOk={onPublish}
        confirmLoading={publish.isPending}
        onCancel={() => setConfirming(false)}
      >
        <Typography.Paragraph>{t('publish.confirmText')}</Typography.Paragraph>
      </Modal>
      {list.data && !list.data.items.length ? <Empty description={t('publish.none')} /> : null}
      {list.data?.items.length ? (
        <List
          size="small"
          header={<Typography.Text strong>{t('publish.list')}</Typography.Text>}
          dataSource={list.data.items}
          renderItem={(p) => (
            <List.Item
              actions={[
                <a key="page" href={`/public/n/${p.code}`} target="_blank" rel="noreferrer">
                  {t('publish.publicPage')}
                </a>,
                <a key="verify" href={`/public/verify/${p.code}`} target="_blank" rel="noreferrer">
                  <SafetyCertificateOutlined /> {t('publish.verifyPage')}
                </a>,
                <a key="docx" href={`/public/n/${p.code}/docx`} aria-label={`${t('publish.download')} ${p.code}`}>
                  <DownloadOutlined /> .docx
                </a>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag color="red">{p.code}</Tag>
                    <span>{p.title}</span>
                    <Typography.Text type="secondary">{t('publish.versionN', { n: p.version })}</Typography.Text>
                    {p.statusTable ? <Tag>{t('publish.withTable')}</Tag> : null}
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    <span>{t('publish.by', { name: p.publishedBy.name ?? '—', at: formatInstant(p.publishedAt) })}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                      {t('publish.digests', { docx: p.docxDigest, text: p.textDigest })}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : null}
    </Space>
  );
}
