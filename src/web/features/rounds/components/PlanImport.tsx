/**
 * 从 Excel 导入整改计划: the office uploads its own 台账 (departments, leaders,
 * deadlines), sees which row matched which problem of the round and how (same
 * label and title, same title, one containing the other, similar wording), what
 * could not be taken over, the rows that matched nothing and the problems no
 * row planned; it unticks what it does not want and confirms. The accepted rows
 * are saved in one transaction, one 计划变更 entry per problem.
 */
import { useMemo, useState } from 'react';
import { Alert, App as AntdApp, Button, Card, Flex, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { PlanImportPreview, PlanImportRow } from '../../../lib/domain';
import { usePlanImportCommit, usePlanImportPreview } from '../api/rounds';

const BY_COLOR = { label_title: 'green', title: 'green', contains: 'blue', similar: 'gold' } as const;

/** A row brings something to save: matched, and at least one field resolved. */
const usable = (r: PlanImportRow) => r.match != null && Object.keys(r.plan).length > 0;

export function PlanImport({ inspectionId }: { inspectionId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const preview = usePlanImportPreview(inspectionId);
  const commit = usePlanImportCommit();
  const [data, setData] = useState<PlanImportPreview | null>(null);
  const [chosen, setChosen] = useState<number[]>([]);
  const rows = useMemo(() => data?.rows ?? [], [data]);

  const read = (file: File) => {
    setData(null);
    preview.mutate(file, {
      onSuccess: (p) => {
        setData(p);
        setChosen(p.rows.filter(usable).map((r) => r.line));
      },
    });
    return false;
  };

  const save = () => {
    const items = rows.filter((r) => chosen.includes(r.line) && usable(r)).map((r) => ({ id: r.match!.problemId, plan: r.plan }));
    commit.mutate(
      { items, source: 'import' },
      {
        onSuccess: (r) => {
          message.success(t('rounds.import.done', { n: r.updated }));
          setData(null);
        },
      },
    );
  };

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('rounds.import.help')}
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        showUploadList={false}
        beforeUpload={read}
        disabled={preview.isPending}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{preview.isPending ? t('rounds.import.reading') : t('rounds.import.drop')}</p>
      </Upload.Dragger>
      {preview.isError && <ErrorAlert error={preview.error} />}
      {data && (
        <>
          <Alert
            type={data.matched === data.problems ? 'success' : 'info'}
            showIcon
            title={t('rounds.import.summary', {
              file: data.filename,
              rows: data.rows.length,
              matched: data.matched,
              problems: data.problems,
              unmatched: data.rows.filter((r) => !r.match).length,
            })}
          />
          <Card size="small" title={t('rounds.import.rowsTitle')}>
            <Table<PlanImportRow>
              size="small"
              rowKey="line"
              dataSource={rows}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: 1100 }}
              rowSelection={{
                selectedRowKeys: chosen,
                onChange: (keys) => setChosen(keys.map(Number)),
                getCheckboxProps: (r) => ({ disabled: !usable(r), 'aria-label': t('rounds.import.pick', { line: r.line }) }),
              }}
              columns={[
                { title: t('rounds.import.line'), dataIndex: 'line', width: 60 },
                {
                  title: t('rounds.import.row'),
                  key: 'row',
                  render: (_, r) => (
                    <span>
                      {r.label} {r.title}
                    </span>
                  ),
                },
                {
                  title: t('rounds.import.match'),
                  key: 'match',
                  render: (_, r) =>
                    r.match ? (
                      <span>
                        <Tag color={BY_COLOR[r.match.by]}>{t(`rounds.import.by.${r.match.by}`)}</Tag>
                        {r.match.label} {r.match.title}
                      </span>
                    ) : (
                      <Tag color="red">{r.ambiguous ? t('rounds.import.ambiguous') : t('rounds.import.none')}</Tag>
                    ),
                },
                {
                  title: t('rounds.import.plan'),
                  key: 'plan',
                  width: 300,
                  render: (_, r) => (
                    <Typography.Text style={{ fontSize: 12 }}>
                      {[
                        r.cells.leadDept && `${t('ledger.col.leadDept')}：${r.cells.leadDept}`,
                        r.cells.cooperatingDepts.length ? `${t('ledger.col.coDepts')}：${r.cells.cooperatingDepts.join('、')}` : null,
                        r.cells.leader && `${t('ledger.col.leader')}：${r.cells.leader}`,
                        r.cells.deadline && `${t('ledger.col.deadline')}：${r.cells.deadline}`,
                        r.cells.kind && `${t('ledger.col.kind')}：${r.cells.kind}`,
                      ]
                        .filter(Boolean)
                        .join('；')}
                    </Typography.Text>
                  ),
                },
                {
                  title: t('rounds.import.issues'),
                  key: 'issues',
                  width: 260,
                  render: (_, r) =>
                    r.issues.length ? (
                      <ul style={{ margin: 0, paddingInlineStart: 16, fontSize: 12, color: '#8a5300' }}>
                        {r.issues.map((i) => (
                          <li key={i}>{i}</li>
                        ))}
                      </ul>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          </Card>
          {data.unmatchedProblems.length > 0 && (
            <Card size="small" title={t('rounds.import.unplanned', { n: data.unmatchedProblems.length })}>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {data.unmatchedProblems.map((p) => (
                  <li key={p.id}>
                    {p.label} {p.title}
                  </li>
                ))}
              </ul>
            </Card>
          )}
          <Flex gap={8}>
            <Button type="primary" disabled={chosen.length === 0} loading={commit.isPending} onClick={save}>
              {t('rounds.import.confirm', { n: chosen.length })}
            </Button>
            <Button onClick={() => setData(null)}>{t('common.cancel')}</Button>
          </Flex>
          {commit.isError && <ErrorAlert error={commit.error} />}
        </>
      )}
    </Flex>
  );
}
