import { useState } from 'react';
import { App as AntdApp, Button, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useNarrow } from '../../../lib/narrow';
import { EditOutlined } from '@ant-design/icons';
import { MEASURE_STATUSES, measureUpdateBody, type Measure, type MeasureUpdateBody, type ProblemDetail } from '../../../lib/domain';
import { zodRule } from '../../../lib/zod-form';
import { ActionModal } from './ActionModal';
import { useT } from '../../../i18n';
import { useUpdateMeasure } from '../api/plan-actions';
import { EditMeasureModal } from './MeasureModal';

const COLOR: Record<Measure['status'], string> = { pending: 'default', in_progress: 'blue', done: 'success', not_applicable: 'purple' };

/** 不适用 needs its reason: asked in a dialog before the status is sent. */
function NotApplicableModal({ problemId, measure, onClose }: { problemId: number; measure: Measure; onClose: () => void }) {
  const t = useT();
  const update = useUpdateMeasure(problemId);
  return (
    <ActionModal
      title={t('measure.notApplicableTitle')}
      schema={measureUpdateBody}
      initialValues={{ status: 'not_applicable' }}
      submit={(body: MeasureUpdateBody) => update.mutateAsync({ measureId: measure.id, body })}
      successText={t('measure.notApplicableDone')}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{measure.text}</Typography.Paragraph>
      <Form.Item name="status" hidden>
        <Input />
      </Form.Item>
      <Form.Item name="statusReason" label={t('measure.notApplicableReason')} rules={[zodRule(measureUpdateBody.shape.statusReason)]}>
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
    </ActionModal>
  );
}

/**
 * The status of one measure: a Select where the person may change it, a tag otherwise. It is remounted when the
 * table turns into the phone's list: it holds no dialog (不适用 asks in the table's, see `onNotApplicable`) and says
 * what came of a change through the request's promise, which outlives it (a mutate callback would not).
 */
function MeasureStatus({
  problemId,
  measure,
  no,
  onNotApplicable,
}: {
  problemId: number;
  measure: Measure;
  no: number;
  onNotApplicable: (m: Measure) => void;
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const update = useUpdateMeasure(problemId);
  const may = measure.abilities.setStatus || measure.abilities.edit;
  const reason = measure.statusReason ? (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
      {measure.statusReason}
    </Typography.Text>
  ) : null;
  if (!may) {
    return (
      <>
        <Tag color={COLOR[measure.status]}>{t(`measureStatus.${measure.status}`)}</Tag>
        {reason}
      </>
    );
  }
  return (
    <>
      <Select<Measure['status']>
        size="small"
        style={{ width: '100%' }}
        aria-label={t('measure.statusAria', { n: no })}
        value={update.isPending && update.variables?.body.status ? update.variables.body.status : measure.status}
        loading={update.isPending}
        disabled={update.isPending}
        popupMatchSelectWidth={false}
        options={MEASURE_STATUSES.map((s) => ({
          value: s,
          label: (
            <Tag color={COLOR[s]} style={{ marginInlineEnd: 0 }}>
              {t(`measureStatus.${s}`)}
            </Tag>
          ),
          title: t(`measureStatus.${s}`),
        }))}
        onChange={(status) => {
          if (status === measure.status) return;
          if (status === 'not_applicable') {
            onNotApplicable(measure);
            return;
          }
          update.mutateAsync({ measureId: measure.id, body: { status } }).then(
            () => message.success(t('measure.statusChangedTo', { s: t(`measureStatus.${status}`) })),
            (e: unknown) => message.error(t('measure.statusFailed', { m: e instanceof Error ? e.message : String(e) })),
          );
        }}
      />
      {reason}
    </>
  );
}

/** 整改措施 of one problem; 整改办 edits them, the lead department ticks them off. */
export function MeasureTable({ problem }: { problem: ProblemDetail }) {
  const t = useT();
  // the dialogs are held here and rendered below either layout: the rows are remounted when the width crosses the
  // phone breakpoint (a tablet turned), and a dialog held in a row would close under the person's hand; both layouts
  // render `dialogs` second, so React keeps them (and what was typed in them) across the switch
  const [editing, setEditing] = useState<Measure | null>(null);
  const [asking, setAsking] = useState<Measure | null>(null);
  const measures = problem.measures;
  const anyEdit = measures.some((m) => m.abilities.edit);
  // on a phone five columns leave the measure one character wide: one block per measure instead
  const narrow = useNarrow();
  const dialogs = (
    <>
      {editing && <EditMeasureModal problem={problem} measure={editing} onClose={() => setEditing(null)} />}
      {asking && <NotApplicableModal problemId={problem.id} measure={asking} onClose={() => setAsking(null)} />}
    </>
  );
  if (narrow) {
    return (
      <>
        {measures.length === 0 ? (
          <Typography.Text type="secondary">{t('problem.noMeasures')}</Typography.Text>
        ) : (
          <ol aria-label={t('problem.measures')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {measures.map((m, i) => (
              <li key={m.id} style={{ padding: '8px 0', borderTop: i ? '1px solid #f0f0f0' : undefined }}>
                <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {i + 1}. {m.text}
                </div>
                <Flex wrap gap={8} align="center" style={{ marginTop: 6, fontSize: 13, color: '#595959' }}>
                  <span>
                    {t('problem.measure.owner')}：{m.ownerDept?.name ?? '—'}
                  </span>
                  <span>
                    {t('problem.measure.deadline')}：{m.deadline ?? '—'}
                  </span>
                </Flex>
                <Flex gap={8} align="start" style={{ marginTop: 6 }}>
                  <div style={{ flex: '0 1 160px', minWidth: 0 }}>
                    <MeasureStatus problemId={problem.id} measure={m} no={i + 1} onNotApplicable={setAsking} />
                  </div>
                  {m.abilities.edit && (
                    <Button
                      size="small"
                      type="link"
                      icon={<EditOutlined />}
                      aria-label={t('measure.editAria', { n: i + 1 })}
                      onClick={() => setEditing(m)}
                    >
                      {t('measure.edit')}
                    </Button>
                  )}
                </Flex>
              </li>
            ))}
          </ol>
        )}
        {dialogs}
      </>
    );
  }
  return (
    <>
      <Table<Measure>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={measures}
        locale={{ emptyText: t('problem.noMeasures') }}
        columns={[
          { title: '#', key: 'no', width: 44, render: (_, __, i) => i + 1 },
          { title: t('problem.measure.text'), dataIndex: 'text', render: (v: string) => <div style={{ whiteSpace: 'pre-wrap' }}>{v}</div> },
          { title: t('problem.measure.owner'), key: 'owner', width: 120, render: (_, m) => m.ownerDept?.name ?? '—' },
          { title: t('problem.measure.deadline'), dataIndex: 'deadline', width: 108, render: (v: string | null) => v ?? '—' },
          {
            title: t('problem.measure.status'),
            dataIndex: 'status',
            width: 112,
            render: (_: Measure['status'], m, i) => (
              <MeasureStatus problemId={problem.id} measure={m} no={i + 1} onNotApplicable={setAsking} />
            ),
          },
          ...(anyEdit
            ? [
                {
                  title: t('problem.actions'),
                  key: 'actions',
                  width: 72,
                  render: (_: unknown, m: Measure, i: number) =>
                    m.abilities.edit ? (
                      <Button
                        size="small"
                        type="link"
                        icon={<EditOutlined />}
                        aria-label={t('measure.editAria', { n: i + 1 })}
                        onClick={() => setEditing(m)}
                      >
                        {t('measure.edit')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {dialogs}
    </>
  );
}
