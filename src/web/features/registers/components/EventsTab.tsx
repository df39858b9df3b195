/** 工作记录: the steps of the work (leading group, plan, meetings with minutes, supervision) — list, add/edit. */
import { useState } from 'react';
import { Button, DatePicker, Flex, Form, Input, Select, Table, Tag, Typography, type FormInstance } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { zodRule } from '../../../lib/zod-form';
import { MEETING_KINDS, WORK_EVENT_KINDS, workEventCreateBody, workEventUpdateBody, type WorkEventEntry } from '../lib/domain';
import { useEvents, useSaveEvent } from '../api/registers';
import { usePaging } from '../../../lib/paging';
import { EntryModal, FilesCell, RowActions, fromDate, toDate } from './shared';

const KIND_COLOR = { leading_group: 'magenta', plan: 'purple', meeting: 'blue', supervision: 'cyan', other: 'default' } as const;

export function EventsTab({ inspectionId }: { inspectionId: number }) {
  const t = useT();
  const [kind, setKind] = useState<string | undefined>();
  const paging = usePaging([inspectionId, kind]);
  const list = useEvents(inspectionId, { kind, ...paging.query });
  const [editing, setEditing] = useState<WorkEventEntry | 'new' | null>(null);
  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 12 }} role="search">
        <Select
          allowClear
          aria-label={t('reg.event.kind')}
          placeholder={t('reg.event.kind')}
          style={{ flex: '1 1 140px', maxWidth: 160 }}
          value={kind}
          onChange={setKind}
          options={WORK_EVENT_KINDS.map((k) => ({ value: k, label: t(`reg.eventKind.${k}`) }))}
        />
        <div style={{ flex: 1 }} />
        {list.data?.abilities.create && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('reg.event.addTitle')}
          </Button>
        )}
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<WorkEventEntry>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total)}
        scroll={{ x: 960 }}
        columns={[
          { title: t('reg.event.date'), dataIndex: 'date', width: 110 },
          {
            title: t('reg.event.kind'),
            key: 'kind',
            width: 150,
            render: (_, e) => (
              <>
                <Tag color={KIND_COLOR[e.kind]}>{t(`reg.eventKind.${e.kind}`)}</Tag>
                {e.meetingKind && <div style={{ color: '#888', fontSize: 12 }}>{t(`reg.meetingKind.${e.meetingKind}`)}</div>}
              </>
            ),
          },
          {
            title: t('reg.event.title'),
            key: 'title',
            render: (_, e) => (
              <>
                <div>{e.title}</div>
                {e.detail && (
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2, expandable: true }}>
                    {e.detail}
                  </Typography.Paragraph>
                )}
              </>
            ),
          },
          {
            title: t('reg.event.chair'),
            key: 'chair',
            width: 200,
            render: (_, e) => (
              <>
                <div>{e.chair ?? t('common.none')}</div>
                {e.members.length > 0 && <div style={{ color: '#888', fontSize: 12 }}>{e.members.join('、')}</div>}
              </>
            ),
          },
          {
            title: t('reg.event.files'),
            key: 'files',
            width: 220,
            render: (_, e) => <FilesCell path="events" ownerId={e.id} ownerName={e.title} files={e.files} canAttach={e.abilities.attach} />,
          },
          {
            title: t('reg.actions'),
            key: 'actions',
            hidden: !(list.data?.items ?? []).some((x) => x.abilities.edit || x.abilities.delete),
            width: 90,
            fixed: 'right',
            render: (_, e) => <RowActions path="events" id={e.id} name={e.title} abilities={e.abilities} onEdit={() => setEditing(e)} />,
          },
        ]}
      />
      {editing && <EventModal inspectionId={inspectionId} event={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function EventModal({ inspectionId, event, onClose }: { inspectionId: number; event: WorkEventEntry | null; onClose: () => void }) {
  const t = useT();
  const save = useSaveEvent();
  return (
    <EntryModal
      title={event ? t('reg.event.editTitle') : t('reg.event.addTitle')}
      schema={event ? workEventUpdateBody : workEventCreateBody}
      initialValues={event ? { ...event, date: fromDate(event.date) } : { kind: 'meeting', meetingKind: 'party_group', members: [] }}
      toInput={(v) => ({
        ...(event ? {} : { inspectionId }),
        kind: v.kind,
        meetingKind: v.kind === 'meeting' ? (v.meetingKind ?? null) : null,
        date: toDate(v.date),
        title: v.title ?? '',
        chair: typeof v.chair === 'string' && v.chair.trim() ? v.chair : null,
        members: v.members ?? [],
        detail: v.detail ?? '',
      })}
      submit={(body) =>
        save.mutateAsync('inspectionId' in body || !event ? { id: null, body: { inspectionId, ...body } } : { id: event.id, body })
      }
      onClose={onClose}
    >
      {(form) => <EventFields form={form} />}
    </EntryModal>
  );
}

function EventFields({ form }: { form: FormInstance }) {
  const t = useT();
  const kind = Form.useWatch('kind', form) as string | undefined;
  const shape = workEventUpdateBody.shape;
  return (
    <>
      <Flex gap={12} wrap>
        <Form.Item name="kind" label={t('reg.event.kind')} required style={{ flex: '1 1 160px' }}>
          <Select options={WORK_EVENT_KINDS.map((k) => ({ value: k, label: t(`reg.eventKind.${k}`) }))} />
        </Form.Item>
        {kind === 'meeting' && (
          <Form.Item name="meetingKind" label={t('reg.event.meetingKind')} required style={{ flex: '1 1 160px' }}>
            <Select options={MEETING_KINDS.map((k) => ({ value: k, label: t(`reg.meetingKind.${k}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="date" label={t('reg.event.date')} required style={{ flex: '0 1 170px' }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="title" label={t('reg.event.title')} required rules={[zodRule(shape.title)]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="chair" label={t('reg.event.chair')}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="members" label={t('reg.event.members')} extra={t('reg.event.membersHint')}>
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['，', ',', '、']} />
      </Form.Item>
      <Form.Item name="detail" label={t('reg.event.detail')} rules={[zodRule(shape.detail)]}>
        <Input.TextArea rows={3} maxLength={4000} showCount />
      </Form.Item>
    </>
  );
}
