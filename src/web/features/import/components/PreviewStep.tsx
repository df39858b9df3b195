import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Collapse, Flex, Row, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, UndoOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useT, type TFunction } from '../../../i18n';
import { paths } from '../../../config/paths';
import { formatInstant, formatSize } from '../../../lib/format';
import { countKinds, fromNotice, nodeAtLine, type Counts, type EditNode } from '../lib/tree';
import type { Finding, LedgerMapping, ParsedNotice, StatedTotals } from '../lib/schemas';
import type { ImportPreview } from '../api/preview';
import { NodeTree, KIND_COLOR } from './NodeTree';
import { NodeEditor } from './NodeEditor';
import { SourcePane, type LineRange } from './SourcePane';
import { FindingsList } from './FindingsList';
import { MappingForm } from './MappingForm';

const PANE_HEIGHT = 520;

/** What the notice says about itself, next to what was counted. */
function CountTags({ counts, stated, t }: { counts: Counts; stated: StatedTotals; t: TFunction }) {
  const rows: { key: keyof Counts; kind: 'group' | 'theme' | 'problem' | 'measure'; stated?: number }[] = [
    { key: 'groups', kind: 'group', stated: stated.aspects },
    { key: 'themes', kind: 'theme' },
    { key: 'problems', kind: 'problem', stated: stated.problems },
    { key: 'measures', kind: 'measure', stated: stated.tasks },
  ];
  return (
    <Flex wrap gap={16} role="list" aria-label={t('import.counts')} data-testid="import-counts">
      {rows.map((r) => {
        const n = counts[r.key];
        const claimed = typeof r.stated === 'number' ? r.stated : undefined;
        return (
          <div key={r.key} role="listitem" style={{ minWidth: 120 }}>
            <Tag color={KIND_COLOR[r.kind]}>{t(`import.kind.${r.kind}`)}</Tag>
            <span style={{ fontSize: 20, fontWeight: 600 }}>{n}</span>
            {claimed !== undefined && (
              <Typography.Text type={claimed === n ? 'success' : 'danger'} style={{ fontSize: 12, display: 'block' }}>
                {claimed === n ? t('import.statedMatch', { n: claimed }) : t('import.statedMismatch', { n: claimed })}
              </Typography.Text>
            )}
          </div>
        );
      })}
    </Flex>
  );
}

/** Which structure the reader chose and the runner-up; when they score close, the person chooses. */
function StructureNote({ structure, onUse, t }: { structure: ParsedNotice['structure']; onUse: (next: EditNode[]) => void; t: TFunction }) {
  const r = structure?.runnerUp;
  if (!structure || !r) return null;
  const c = structure.chosen;
  const alt = r.nodes;
  return (
    <Alert
      type={structure.close ? 'warning' : 'info'}
      showIcon
      data-testid="import-structure"
      title={structure.close ? t('import.structure.close') : t('import.structure.title')}
      description={
        <>
          <div>{t('import.structure.chosen', { desc: c.description, score: c.score })}</div>
          <div>{t('import.structure.runnerUp', { desc: r.description, score: r.score, why: r.lostBecause })}</div>
        </>
      }
      action={
        structure.close && alt ? (
          <Button size="small" onClick={() => onUse(fromNotice(alt))}>
            {t('import.structure.useRunnerUp')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Text in which no numbered structure was recognised: said above the tree, not only among the findings. */
function NoStructureNote({ findings, t }: { findings: Finding[]; t: TFunction }) {
  const none = findings.some((f) => f.rule === 'structure-none');
  if (!none && !findings.some((f) => f.rule === 'structure-single')) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="import-no-structure"
      title={t(none ? 'import.structure.none' : 'import.structure.single')}
      description={t(none ? 'import.structure.noneDesc' : 'import.structure.singleDesc')}
    />
  );
}

export function PreviewStep({
  preview,
  nodes,
  edits,
  apply,
  undo,
  mapping,
  reparsing,
  onReparse,
  onBack,
  onNext,
}: {
  preview: ImportPreview;
  nodes: EditNode[];
  edits: number;
  apply: (next: EditNode[]) => void;
  undo: () => void;
  mapping?: LedgerMapping;
  reparsing: boolean;
  onReparse: (mapping: LedgerMapping) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const t = useT();
  const { notice } = preview;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<LineRange | null>(null);
  const counts = useMemo(() => countKinds(nodes), [nodes]);
  const selected = selectedId ? nodes.find((n) => n.id === selectedId) : undefined;

  const show = (from: number, to: number) => setHighlight((h) => ({ from, to: Math.max(from, to), seq: (h?.seq ?? 0) + 1 }));

  const selectNode = (id: string | null) => {
    setSelectedId(id);
    const n = id ? nodes.find((x) => x.id === id) : undefined;
    if (n) show(n.line, n.endLine);
  };

  const pickFinding = (f: Finding) => {
    show(f.line, f.line);
    const byId = f.nodeIds?.map((id) => nodes.find((n) => n.id === id)).find(Boolean);
    const n = byId ?? nodeAtLine(nodes, f.line);
    if (n) setSelectedId(n.id);
  };

  const applyAndSelect = (next: EditNode[], select?: string | null) => {
    apply(next);
    if (select !== undefined) setSelectedId(select);
    const n = select ? next.find((x) => x.id === select) : undefined;
    if (n) show(n.line, n.endLine);
  };

  const dup = preview.duplicate;
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex justify="space-between" align="start" wrap gap={12}>
          <div>
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {notice.meta.title || preview.filename || t('import.preview.untitled')}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[
                preview.filename && `${t('import.preview.file')}：${preview.filename}（${formatSize(preview.size)}）`,
                notice.meta.issuer,
                notice.meta.date,
                t(`import.format.${notice.fileFormat ?? notice.source}`),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </div>
          <CountTags counts={counts} stated={notice.stated} t={t} />
        </Flex>
      </Card>

      {dup && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('import.duplicate.title')}
          description={t('import.duplicate.desc', { date: formatInstant(dup.importedAt), title: dup.title })}
          action={<Link to={paths.ledger.getHref(`inspectionId=${dup.inspectionId}`)}>{t('import.duplicate.open')}</Link>}
        />
      )}

      <StructureNote structure={notice.structure} onUse={apply} t={t} />
      <NoStructureNote findings={notice.findings} t={t} />

      {notice.source === 'xlsx' && (
        <Collapse
          size="small"
          defaultActiveKey={notice.findings.some((f) => f.rule === 'ledger-column-missing') ? ['mapping'] : []}
          items={[
            {
              key: 'mapping',
              label: t('import.mapping.title'),
              children: (
                <MappingForm
                  key={preview.digest + JSON.stringify(mapping ?? {})}
                  notice={notice}
                  unitId={preview.abilities.saveMapping ? preview.unitId : null}
                  initial={mapping}
                  reparsing={reparsing}
                  onReparse={onReparse}
                />
              ),
            },
          ]}
        />
      )}

      <Row gutter={12}>
        <Col xs={24} lg={11}>
          <Card
            size="small"
            title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('import.tree')}</h2>}
            extra={
              <Flex gap={8} align="center">
                {edits > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('import.edit.edited', { n: edits })}
                  </Typography.Text>
                )}
                <Button size="small" icon={<UndoOutlined />} onClick={undo} disabled={edits === 0}>
                  {t('import.edit.undo')}
                </Button>
              </Flex>
            }
          >
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 6 }}>
              {t('import.treeHint')}
            </Typography.Text>
            <NodeTree nodes={nodes} selectedId={selectedId} onSelect={selectNode} height={PANE_HEIGHT - 30} />
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <Card
            size="small"
            title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('import.source')}</h2>}
            extra={
              highlight && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {highlight.from === highlight.to
                    ? t('import.lineNo', { n: highlight.from })
                    : t('import.lineRange', { from: highlight.from, to: highlight.to })}
                </Typography.Text>
              )
            }
          >
            <SourcePane lines={notice.lines} highlight={highlight} height={PANE_HEIGHT} cells={notice.source === 'xlsx'} />
          </Card>
        </Col>
      </Row>

      <Row gutter={12}>
        <Col xs={24} lg={11}>
          <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('import.edit.title')}</h2>}>
            {selected ? (
              <NodeEditor key={`${selected.id}:${edits}`} node={selected} nodes={nodes} lines={notice.lines} apply={applyAndSelect} />
            ) : (
              <Typography.Text type="secondary">{t('import.edit.none')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <Card
            size="small"
            title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('import.findings')}</h2>}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('common.items', { n: notice.findings.length })}
              </Typography.Text>
            }
          >
            <FindingsList findings={notice.findings} onPick={pickFinding} />
          </Card>
        </Col>
      </Row>

      <Flex justify="space-between" gap={8}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('import.back')}
        </Button>
        <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end" onClick={onNext} disabled={nodes.length === 0}>
          {t('import.next')}
        </Button>
      </Flex>
    </Flex>
  );
}
