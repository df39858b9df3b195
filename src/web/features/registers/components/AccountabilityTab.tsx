/** 问责情况: the accountability register of a round — filters, the list, add/edit. */
import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Flex, Form, Input, Radio, Select, Table, Tag, Typography, type FormInstance } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT, type TFunction } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { zodRule } from '../../../lib/zod-form';
import {
  ACCOUNTABILITY_FORMS,
  ACCOUNTABILITY_TRACKS,
  COUNT_AS,
  FOUR_FORMS_CATEGORIES,
  TRANSFERABLE_FORMS,
  accountabilityCreateBody,
  accountabilityUpdateBody,
  categoryOf,
  trackOf,
  type AccountabilityEntry,
  type AccountabilityForm,
} from '../lib/domain';
import { useAccountability, useSaveAccountability } from '../api/registers';
import { usePaging } from '../../../lib/paging';
import { EntryModal, ProblemSelect, ProblemsCell, RowActions, fromDate, toDate } from './shared';

const CATEGORY_COLOR = { 1: 'blue', 2: 'gold', 3: 'volcano', 4: 'red' } as const;

/** The forms grouped by track, for the select. */
function formOptions(t: TFunction) {
  return ACCOUNTABILITY_TRACKS.map((track) => ({
    label: t(`reg.track.${track}`),
    options: ACCOUNTABILITY_FORMS.filter((f) => trackOf(f) === track).map((f) => ({ value: f, label: t(`reg.form.${f}`) })),
  }));
}

export function AccountabilityTab({ inspectionId }: { inspectionId: number }) {
  const t = useT();
  const [filters, setFilters] = useState<{ track?: string; category?: string; form?: string; countAs?: string; q?: string }>({});
  const paging = usePaging([inspectionId, filters]);
  const list = useAccountability(inspectionId, { ...filters, ...paging.query });
  const [editing, setEditing] = useState<AccountabilityEntry | 'new' | null>(null);
  const set = (k: keyof typeof filters) => (v: string | undefined) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  const personal = list.data?.abilities.viewPersonalData ?? true;

  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 12 }} role="search">
        <Select
          allowClear
          aria-label={t('reg.acc.track')}
          placeholder={t('reg.acc.track')}
          style={{ flex: '1 1 140px', maxWidth: 150 }}
          value={filters.track}
          onChange={set('track')}
          options={ACCOUNTABILITY_TRACKS.map((x) => ({ value: x, label: t(`reg.track.${x}`) }))}
        />
        <Select
          allowClear
          aria-label={t('reg.acc.category')}
          placeholder={t('reg.acc.category')}
          style={{ flex: '1 1 140px', maxWidth: 150 }}
          value={filters.category}
          onChange={set('category')}
          options={FOUR_FORMS_CATEGORIES.map((c) => ({ value: String(c), label: t(`reg.category.${c}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('reg.acc.form')}
          placeholder={t('reg.acc.form')}
          style={{ flex: '1 1 140px', maxWidth: 170 }}
          value={filters.form}
          onChange={set('form')}
          options={formOptions(t)}
          popupMatchSelectWidth={false}
        />
        <Select
          allowClear
          aria-label={t('reg.acc.countAs')}
          placeholder={t('reg.acc.countAs')}
          style={{ flex: '1 1 140px', maxWidth: 110 }}
          value={filters.countAs}
          onChange={set('countAs')}
          options={COUNT_AS.map((c) => ({ value: c, label: t(`reg.countAs.${c}`) }))}
        />
        <Input.Search
          allowClear
          aria-label={t('reg.search')}
          placeholder={t('reg.acc.searchHint')}
          style={{ flex: '1 1 140px', maxWidth: 200 }}
          maxLength={100}
          onSearch={(v) => set('q')(v.trim())}
        />
        <div style={{ flex: 1 }} />
        {list.data?.abilities.create && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('reg.acc.addTitle')}
          </Button>
        )}
      </Flex>
      {!personal && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('reg.personalHidden')} />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<AccountabilityEntry>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total)}
        scroll={{ x: personal ? 1300 : 900 }}
        columns={[
          {
            title: t('reg.acc.person'),
            key: 'person',
            width: 180,
            hidden: !personal,
            render: (_, e) =>
              e.personalHidden ? (
                <Typography.Text type="secondary">{t('reg.hidden')}</Typography.Text>
              ) : (
                <>
                  <div>{e.personName ?? t('common.none')}</div>
                  {(e.position || e.rank) && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[e.position, e.rank].filter(Boolean).join('，')}
                    </Typography.Text>
                  )}
                </>
              ),
          },
          {
            title: t('reg.acc.form'),
            key: 'form',
            width: 170,
            render: (_, e) => (
              <>
                <div>
                  {t(`reg.form.${e.form}`)}
                  {e.transferredToJudicial && (
                    <Tag color="red" style={{ marginInlineStart: 6 }}>
                      {t('reg.acc.transferred')}
                    </Tag>
                  )}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`reg.track.${e.track}`)}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('reg.acc.category'),
            key: 'category',
            width: 110,
            render: (_, e) => <Tag color={CATEGORY_COLOR[e.category]}>{t(`reg.category.${e.category}`)}</Tag>,
          },
          { title: t('reg.acc.countAs'), key: 'countAs', width: 70, render: (_, e) => t(`reg.countAs.${e.countAs}`) },
          { title: t('reg.acc.decisionDate'), dataIndex: 'decisionDate', width: 110 },
          { title: t('reg.acc.decidingBody'), dataIndex: 'decidingBody', width: 130 },
          {
            title: t('reg.acc.reason'),
            key: 'reason',
            width: 240,
            hidden: !personal,
            render: (_, e) => (e.personalHidden ? t('reg.hidden') : e.reason || t('common.none')),
          },
          { title: t('reg.problems'), key: 'problems', width: 220, render: (_, e) => <ProblemsCell problems={e.problems} /> },
          {
            title: t('reg.actions'),
            key: 'actions',
            hidden: !(list.data?.items ?? []).some((x) => x.abilities.edit || x.abilities.delete),
            width: 90,
            fixed: 'right',
            render: (_, e) => (
              <RowActions
                path="accountability"
                id={e.id}
                name={`${e.personName ?? ''}${t(`reg.form.${e.form}`)}`}
                abilities={e.abilities}
                onEdit={() => setEditing(e)}
              />
            ),
          },
        ]}
      />
      {editing && (
        <AccountabilityModal inspectionId={inspectionId} entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}

function AccountabilityModal({
  inspectionId,
  entry,
  onClose,
}: {
  inspectionId: number;
  entry: AccountabilityEntry | null;
  onClose: () => void;
}) {
  const t = useT();
  const save = useSaveAccountability();
  const schema = entry ? accountabilityUpdateBody : accountabilityCreateBody;
  const initialValues = entry
    ? { ...entry, decisionDate: fromDate(entry.decisionDate), problemIds: entry.problems.map((p) => p.id) }
    : { countAs: 'person', transferredToJudicial: false, problemIds: [] };
  return (
    <EntryModal
      title={entry ? t('reg.acc.editTitle') : t('reg.acc.addTitle')}
      schema={schema}
      initialValues={initialValues}
      toInput={(v) => ({
        ...(entry ? {} : { inspectionId }),
        countAs: v.countAs,
        personName: typeof v.personName === 'string' && v.personName.trim() ? v.personName : null,
        position: v.position ?? '',
        rank: v.rank ?? '',
        form: v.form,
        transferredToJudicial: !!v.transferredToJudicial && TRANSFERABLE_FORMS.includes(v.form as AccountabilityForm),
        decisionDate: toDate(v.decisionDate),
        decidingBody: v.decidingBody ?? '',
        reason: v.reason ?? '',
        problemIds: v.problemIds ?? [],
      })}
      submit={(body) =>
        save.mutateAsync('inspectionId' in body || !entry ? { id: null, body: { inspectionId, ...body } } : { id: entry.id, body })
      }
      onClose={onClose}
    >
      {(form) => <AccountabilityFields form={form} inspectionId={inspectionId} />}
    </EntryModal>
  );
}

function AccountabilityFields({ form, inspectionId }: { form: FormInstance; inspectionId: number }) {
  const t = useT();
  const countAs = Form.useWatch('countAs', form) as string | undefined;
  const chosen = Form.useWatch('form', form) as AccountabilityForm | undefined;
  const transferred = Form.useWatch('transferredToJudicial', form) as boolean | undefined;
  const shape = accountabilityUpdateBody.shape;
  const transferable = !!chosen && TRANSFERABLE_FORMS.includes(chosen);
  return (
    <>
      <Form.Item name="countAs" label={t('reg.acc.countAs')} extra={countAs === 'matter' ? t('reg.acc.matterHint') : undefined}>
        <Radio.Group optionType="button" options={COUNT_AS.map((c) => ({ value: c, label: t(`reg.countAs.${c}`) }))} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="personName" label={t('reg.acc.personName')} required={countAs !== 'matter'} style={{ flex: '1 1 140px' }}>
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item name="position" label={t('reg.acc.position')} rules={[zodRule(shape.position)]} style={{ flex: '2 1 200px' }}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="rank" label={t('reg.acc.rank')} rules={[zodRule(shape.rank)]} style={{ flex: '1 1 120px' }}>
          <Input maxLength={40} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item
          name="form"
          label={t('reg.acc.form')}
          required
          style={{ flex: '1 1 200px' }}
          extra={
            chosen
              ? t('reg.acc.derived', {
                  track: t(`reg.track.${trackOf(chosen)}`),
                  category: t(`reg.category.${categoryOf(chosen, !!transferred && transferable)}`),
                })
              : undefined
          }
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={formOptions(t)} popupMatchSelectWidth={false} />
        </Form.Item>
        <Form.Item name="decisionDate" label={t('reg.acc.decisionDate')} required style={{ flex: '0 1 170px' }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="transferredToJudicial" valuePropName="checked" extra={t('reg.acc.transferredHint')} style={{ marginBottom: 12 }}>
        <Checkbox disabled={!transferable}>{t('reg.acc.transferred')}</Checkbox>
      </Form.Item>
      <Form.Item name="decidingBody" label={t('reg.acc.decidingBody')} required rules={[zodRule(shape.decidingBody)]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="reason" label={t('reg.acc.reason')} rules={[zodRule(shape.reason)]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item name="problemIds" label={t('reg.problems')}>
        <ProblemSelect inspectionId={inspectionId} />
      </Form.Item>
    </>
  );
}
