/** 问题线索: the clues handed over by the inspection group — filters, the list, add/edit. */
import { useState } from 'react';
import { Alert, Button, DatePicker, Flex, Form, Input, Select, Table, Tag, Typography, type FormInstance } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { zodRule } from '../../../lib/zod-form';
import { CLUE_DISPOSALS, CLUE_RECIPIENTS, CLUE_STATUSES, clueCreateBody, clueUpdateBody, type ClueEntry } from '../lib/domain';
import { useClues, useSaveClue } from '../api/registers';
import { usePaging } from '../../../lib/paging';
import { EntryModal, RowActions, fromDate, toDate } from './shared';

const STATUS_COLOR = { received: 'default', in_progress: 'processing', concluded: 'success' } as const;

export function CluesTab({ inspectionId }: { inspectionId: number }) {
  const t = useT();
  const [filters, setFilters] = useState<{ status?: string; disposal?: string; handedTo?: string }>({});
  const paging = usePaging([inspectionId, filters]);
  const list = useClues(inspectionId, { ...filters, ...paging.query });
  const [editing, setEditing] = useState<ClueEntry | 'new' | null>(null);
  const set = (k: keyof typeof filters) => (v: string | undefined) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 12 }} role="search">
        <Select
          allowClear
          aria-label={t('reg.clue.status')}
          placeholder={t('reg.clue.status')}
          style={{ flex: '1 1 140px', maxWidth: 130 }}
          value={filters.status}
          onChange={set('status')}
          options={CLUE_STATUSES.map((s) => ({ value: s, label: t(`reg.clueStatus.${s}`) }))}
        />
        <Select
          allowClear
          aria-label={t('reg.clue.disposal')}
          placeholder={t('reg.clue.disposal')}
          style={{ flex: '1 1 140px', maxWidth: 140 }}
          value={filters.disposal}
          onChange={set('disposal')}
          options={CLUE_DISPOSALS.map((d) => ({ value: d, label: t(`reg.disposal.${d}`) }))}
        />
        <Select
          allowClear
          aria-label={t('reg.clue.handedTo')}
          placeholder={t('reg.clue.handedTo')}
          style={{ flex: '1 1 140px', maxWidth: 140 }}
          value={filters.handedTo}
          onChange={set('handedTo')}
          options={CLUE_RECIPIENTS.map((r) => ({ value: r, label: t(`reg.recipient.${r}`) }))}
        />
        <div style={{ flex: 1 }} />
        {list.data?.abilities.create && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('reg.clue.addTitle')}
          </Button>
        )}
      </Flex>
      {list.data && !list.data.abilities.viewPersonalData && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('reg.clueHidden')} />
      )}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<ClueEntry>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total)}
        scroll={{ x: 980 }}
        columns={[
          { title: t('reg.clue.number'), key: 'number', width: 170, render: (_, c) => c.clueNumber || t('common.none') },
          { title: t('reg.clue.receivedDate'), dataIndex: 'receivedDate', width: 110 },
          {
            title: t('reg.clue.summary'),
            key: 'summary',
            width: 240,
            hidden: !!list.data && !list.data.abilities.viewPersonalData,
            render: (_, c) => (c.personalHidden ? <Typography.Text type="secondary">{t('reg.hidden')}</Typography.Text> : c.summary),
          },
          {
            title: t('reg.clue.handedTo'),
            key: 'to',
            width: 150,
            render: (_, c) => (
              <>
                {t(`reg.recipient.${c.handedTo}`)}
                {c.handedToName && <div style={{ color: '#888', fontSize: 12 }}>{c.handedToName}</div>}
              </>
            ),
          },
          {
            title: t('reg.clue.disposal'),
            key: 'disposal',
            width: 110,
            render: (_, c) => (c.disposal ? t(`reg.disposal.${c.disposal}`) : t('reg.clue.undisposed')),
          },
          {
            title: t('reg.clue.status'),
            key: 'status',
            width: 120,
            render: (_, c) => (
              <>
                <Tag color={STATUS_COLOR[c.status]}>{t(`reg.clueStatus.${c.status}`)}</Tag>
                {c.concludedDate && <div style={{ color: '#888', fontSize: 12 }}>{c.concludedDate}</div>}
              </>
            ),
          },
          {
            title: t('reg.clue.result'),
            key: 'result',
            hidden: !!list.data && !list.data.abilities.viewPersonalData,
            render: (_, c) => (c.personalHidden ? t('reg.hidden') : c.result || t('common.none')),
          },
          {
            title: t('reg.actions'),
            key: 'actions',
            hidden: !(list.data?.items ?? []).some((x) => x.abilities.edit || x.abilities.delete),
            width: 90,
            fixed: 'right',
            render: (_, c) => (
              <RowActions
                path="clues"
                id={c.id}
                name={c.clueNumber || c.receivedDate}
                abilities={c.abilities}
                onEdit={() => setEditing(c)}
              />
            ),
          },
        ]}
      />
      {editing && <ClueModal inspectionId={inspectionId} clue={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function ClueModal({ inspectionId, clue, onClose }: { inspectionId: number; clue: ClueEntry | null; onClose: () => void }) {
  const t = useT();
  const save = useSaveClue();
  return (
    <EntryModal
      title={clue ? t('reg.clue.editTitle') : t('reg.clue.addTitle')}
      schema={clue ? clueUpdateBody : clueCreateBody}
      initialValues={
        clue
          ? { ...clue, receivedDate: fromDate(clue.receivedDate), concludedDate: fromDate(clue.concludedDate) }
          : { handedTo: 'discipline', status: 'received' }
      }
      toInput={(v) => ({
        ...(clue ? {} : { inspectionId }),
        clueNumber: v.clueNumber ?? '',
        receivedDate: toDate(v.receivedDate),
        summary: v.summary ?? '',
        handedTo: v.handedTo,
        handedToName: v.handedToName ?? '',
        disposal: v.disposal ?? null,
        status: v.status,
        result: v.result ?? '',
        concludedDate: toDate(v.concludedDate) ?? null,
      })}
      submit={(body) =>
        save.mutateAsync('inspectionId' in body || !clue ? { id: null, body: { inspectionId, ...body } } : { id: clue.id, body })
      }
      onClose={onClose}
    >
      {(form) => <ClueFields form={form} />}
    </EntryModal>
  );
}

function ClueFields({ form }: { form: FormInstance }) {
  const t = useT();
  const status = Form.useWatch('status', form) as string | undefined;
  const handedTo = Form.useWatch('handedTo', form) as string | undefined;
  const shape = clueUpdateBody.shape;
  return (
    <>
      <Flex gap={12} wrap>
        <Form.Item name="clueNumber" label={t('reg.clue.number')} rules={[zodRule(shape.clueNumber)]} style={{ flex: '1 1 180px' }}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="receivedDate" label={t('reg.clue.receivedDate')} required style={{ flex: '0 1 170px' }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="summary" label={t('reg.clue.summary')} required rules={[zodRule(shape.summary)]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="handedTo" label={t('reg.clue.handedTo')} required style={{ flex: '0 1 160px' }}>
          <Select options={CLUE_RECIPIENTS.map((r) => ({ value: r, label: t(`reg.recipient.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="handedToName"
          label={t('reg.clue.handedToName')}
          required={handedTo === 'other'}
          rules={[zodRule(shape.handedToName)]}
          style={{ flex: '1 1 200px' }}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item name="disposal" label={t('reg.clue.disposal')} style={{ flex: '1 1 160px' }}>
          <Select
            allowClear
            placeholder={t('reg.clue.undisposed')}
            options={CLUE_DISPOSALS.map((d) => ({ value: d, label: t(`reg.disposal.${d}`) }))}
          />
        </Form.Item>
        <Form.Item name="status" label={t('reg.clue.status')} required style={{ flex: '1 1 140px' }}>
          <Select options={CLUE_STATUSES.map((s) => ({ value: s, label: t(`reg.clueStatus.${s}`) }))} />
        </Form.Item>
        <Form.Item name="concludedDate" label={t('reg.clue.concludedDate')} required={status === 'concluded'} style={{ flex: '0 1 170px' }}>
          <DatePicker style={{ width: '100%' }} disabled={status !== 'concluded'} />
        </Form.Item>
      </Flex>
      <Form.Item name="result" label={t('reg.clue.result')} required={status === 'concluded'} rules={[zodRule(shape.result)]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}
