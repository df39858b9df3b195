/** 建章立制: the rules register of a round — filters, the list with the rule documents, add/edit. */
import { useState } from 'react';
import { Button, DatePicker, Flex, Form, Input, Radio, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { zodRule } from '../../../lib/zod-form';
import { RULE_ACTIONS, ruleCreateBody, ruleUpdateBody, type RuleEntry } from '../lib/domain';
import { useRules, useSaveRule } from '../api/registers';
import { usePaging } from '../../../lib/paging';
import { EntryModal, FilesCell, ProblemSelect, ProblemsCell, RowActions, fromDate, toDate } from './shared';

const ACTION_COLOR = { made: 'green', revised: 'blue', abolished: 'default' } as const;

export function RulesTab({ inspectionId }: { inspectionId: number }) {
  const t = useT();
  const [filters, setFilters] = useState<{ action?: string; q?: string }>({});
  const paging = usePaging([inspectionId, filters]);
  const list = useRules(inspectionId, { ...filters, ...paging.query });
  const [editing, setEditing] = useState<RuleEntry | 'new' | null>(null);
  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 12 }} role="search">
        <Select
          allowClear
          aria-label={t('reg.rule.action')}
          placeholder={t('reg.rule.action')}
          style={{ flex: '1 1 140px', maxWidth: 130 }}
          value={filters.action}
          onChange={(v: string | undefined) => setFilters((f) => ({ ...f, action: v }))}
          options={RULE_ACTIONS.map((a) => ({ value: a, label: t(`reg.action.${a}`) }))}
        />
        <Input.Search
          allowClear
          aria-label={t('reg.search')}
          placeholder={t('reg.search')}
          style={{ flex: '1 1 140px', maxWidth: 220 }}
          maxLength={100}
          onSearch={(v) => setFilters((f) => ({ ...f, q: v.trim() || undefined }))}
        />
        <div style={{ flex: 1 }} />
        {list.data?.abilities.create && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('reg.rule.addTitle')}
          </Button>
        )}
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<RuleEntry>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={paging.pagination(list.data?.total)}
        scroll={{ x: 980 }}
        columns={[
          { title: t('reg.rule.title'), dataIndex: 'title', width: 240 },
          {
            title: t('reg.rule.action'),
            key: 'action',
            width: 80,
            render: (_, r) => <Tag color={ACTION_COLOR[r.action]}>{t(`reg.action.${r.action}`)}</Tag>,
          },
          { title: t('reg.rule.docNumber'), key: 'doc', width: 150, render: (_, r) => r.docNumber || t('common.none') },
          { title: t('reg.rule.issuedDate'), dataIndex: 'issuedDate', width: 110 },
          { title: t('reg.rule.issuingBody'), dataIndex: 'issuingBody', width: 110 },
          { title: t('reg.problems'), key: 'problems', width: 200, render: (_, r) => <ProblemsCell problems={r.problems} /> },
          {
            title: t('reg.rule.files'),
            key: 'files',
            width: 220,
            render: (_, r) => <FilesCell path="rules" ownerId={r.id} ownerName={r.title} files={r.files} canAttach={r.abilities.attach} />,
          },
          {
            title: t('reg.actions'),
            key: 'actions',
            hidden: !(list.data?.items ?? []).some((x) => x.abilities.edit || x.abilities.delete),
            width: 90,
            fixed: 'right',
            render: (_, r) => <RowActions path="rules" id={r.id} name={r.title} abilities={r.abilities} onEdit={() => setEditing(r)} />,
          },
        ]}
      />
      {editing && <RuleModal inspectionId={inspectionId} rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function RuleModal({ inspectionId, rule, onClose }: { inspectionId: number; rule: RuleEntry | null; onClose: () => void }) {
  const t = useT();
  const save = useSaveRule();
  const shape = ruleUpdateBody.shape;
  return (
    <EntryModal
      title={rule ? t('reg.rule.editTitle') : t('reg.rule.addTitle')}
      schema={rule ? ruleUpdateBody : ruleCreateBody}
      initialValues={
        rule
          ? { ...rule, issuedDate: fromDate(rule.issuedDate), problemIds: rule.problems.map((p) => p.id) }
          : { action: 'made', problemIds: [] }
      }
      toInput={(v) => ({
        ...(rule ? {} : { inspectionId }),
        title: v.title ?? '',
        action: v.action,
        docNumber: v.docNumber ?? '',
        issuedDate: toDate(v.issuedDate),
        issuingBody: v.issuingBody ?? '',
        note: v.note ?? '',
        problemIds: v.problemIds ?? [],
      })}
      submit={(body) =>
        save.mutateAsync('inspectionId' in body || !rule ? { id: null, body: { inspectionId, ...body } } : { id: rule.id, body })
      }
      onClose={onClose}
    >
      {() => (
        <>
          <Form.Item name="title" label={t('reg.rule.title')} required rules={[zodRule(shape.title)]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="action" label={t('reg.rule.action')} required>
            <Radio.Group optionType="button" options={RULE_ACTIONS.map((a) => ({ value: a, label: t(`reg.action.${a}`) }))} />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="docNumber" label={t('reg.rule.docNumber')} rules={[zodRule(shape.docNumber)]} style={{ flex: '1 1 180px' }}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="issuedDate" label={t('reg.rule.issuedDate')} required style={{ flex: '0 1 170px' }}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="issuingBody"
              label={t('reg.rule.issuingBody')}
              required
              rules={[zodRule(shape.issuingBody)]}
              style={{ flex: '1 1 160px' }}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Flex>
          <Form.Item name="note" label={t('reg.rule.note')} rules={[zodRule(shape.note)]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="problemIds" label={t('reg.problems')}>
            <ProblemSelect inspectionId={inspectionId} />
          </Form.Item>
        </>
      )}
    </EntryModal>
  );
}
