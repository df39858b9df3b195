import { useState } from 'react';
import { Breadcrumb, Card, Col, Descriptions, Flex, Result, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useNarrow } from '../../../lib/narrow';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { paths } from '../../../config/paths';
import { isApiError } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import { useSession } from '../../../lib/auth';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { KindTag, StatusTag } from '../../../components/StatusTag';
import { LightDot } from '../../../components/LightDot';
import { useProblem } from '../api/get-problem';
import { AddMeasureButton } from './MeasureModal';
import { MeasureTable } from './MeasureTable';
import { ProblemActionButtons, ProblemActionDialogs, type ProblemAction } from './ProblemActions';
import { ExtensionList, TransitionList, waitingText } from './ProblemHistory';
import { ProgressForm } from './ProgressForm';
import { ProgressTimeline } from './ProgressTimeline';

/** One problem: plan, measures, progress with evidence, workflow actions, history. */
export default function ProblemPage() {
  const t = useT();
  const params = useParams();
  const id = Number(params.id);
  const problem = useProblem(id);
  const roles = useSession().data?.user.roles ?? [];
  // on a phone the actions go under the title: beside it they squeeze the title to a few characters a line
  const narrow = useNarrow();
  // the open dialog is held here, not by the buttons: they move when the width crosses the phone breakpoint (a
  // tablet turned, a page zoomed), and whatever held it there would be remounted and the dialog lost; the problem's
  // id goes with it, so going to another problem (back, forward) opens nothing there
  const [action, setAction] = useState<{ problemId: number; action: ProblemAction } | null>(null);

  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="404" subTitle={t('app.notFound')} />;
  if (problem.isPending) return <PageSpinner />;
  if (problem.isError) {
    return (
      <Flex vertical gap={12}>
        <Link to={paths.ledger.getHref()}>← {t('problem.back')}</Link>
        <ErrorAlert
          error={problem.error}
          title={t('problem.loadFailed')}
          onRetry={isApiError(problem.error) && problem.error.status === 404 ? undefined : () => problem.refetch()}
        />
      </Flex>
    );
  }
  const p = problem.data;
  const actions = <ProblemActionButtons problem={p} onOpen={(a) => setAction({ problemId: p.id, action: a })} />;
  const pendingExtensions = p.extensions?.filter((e) => e.status === 'pending').length ?? 0;

  return (
    <Flex vertical gap={12}>
      <Breadcrumb
        items={[
          { key: 'ledger', title: <Link to={paths.ledger.getHref(`inspectionId=${p.inspectionId}`)}>{t('nav.ledger')}</Link> },
          ...p.path.map((n) => ({
            key: `g${n.id}`,
            title: (
              <span title={n.title}>
                {n.label} {n.title.length > 16 ? `${n.title.slice(0, 16)}…` : n.title}
              </span>
            ),
          })),
          { key: 'self', title: p.label },
        ]}
      />
      <Card
        styles={{ body: { paddingTop: 12 } }}
        title={
          <Flex vertical gap={6} style={{ padding: '10px 0', whiteSpace: 'normal' }}>
            <Typography.Title level={1} style={{ fontSize: 19, margin: 0, lineHeight: 1.5 }}>
              <span style={{ color: '#1f4e8c', marginInlineEnd: 8 }}>{p.label}</span>
              {p.title}
            </Typography.Title>
            <Space size={8} wrap style={{ fontWeight: 400, fontSize: 13 }}>
              <StatusTag status={p.status} />
              {p.light !== 'none' && <LightDot light={p.light} withText />}
              <KindTag kind={p.rectifyKind} />
              {p.overdue && <Tag color="error">{t('ledger.overdueTag')}</Tag>}
              {p.stageDone && <Tag color="cyan">{t('ledger.stageDone')}</Tag>}
              {p.reviewStep && <Tag color="orange">{waitingText(t, p.reviewStep)}</Tag>}
              {/* 督办 (issue 9): the unit's 整改办 or the 巡察办 issue an order on an open item */}
              {p.light !== 'none' && roles.some((r) => r.role === 'office_admin' || (r.role === 'unit_admin' && r.orgId === p.unitId)) && (
                <Link to={paths.orders.getHref({ unitId: p.unitId, problemIds: [p.id] })}>{t('orders.issueHere')}</Link>
              )}
            </Space>
            {narrow && actions}
          </Flex>
        }
        extra={narrow ? undefined : actions}
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'leader', label: t('problem.leader'), children: p.leader?.name ?? '—' },
            { key: 'lead', label: t('problem.leadDept'), children: p.leadDept?.name ?? '—' },
            {
              key: 'co',
              label: t('problem.coDepts'),
              children: p.cooperatingDepts.length ? p.cooperatingDepts.map((d) => d.name).join('、') : '—',
            },
            {
              key: 'deadline',
              label: t('problem.deadline'),
              children: (
                <span style={{ color: p.overdue ? '#c62828' : undefined }}>
                  {p.deadline ?? '—'}
                  {pendingExtensions > 0 && (
                    <Tag color="warning" style={{ marginInlineStart: 6 }}>
                      {t('problem.ext.pending')}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              key: 'counts',
              label: t('problem.counts'),
              children: t('problem.countsValue', { p: p.progressCount ?? p.progress.length, e: p.evidenceCount ?? 0 }),
            },
            { key: 'updated', label: t('problem.updatedAt'), children: formatInstant(p.updatedAt) },
          ]}
        />
      </Card>
      <ProblemActionDialogs problem={p} open={action?.problemId === p.id ? action.action : null} onClose={() => setAction(null)} />

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={12}>
            <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('problem.description')}</h2>}>
              <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{p.description || t('problem.noDescription')}</div>
            </Card>
            <Card
              size="small"
              title={
                <h2 style={{ margin: 0, fontSize: 15 }}>
                  {t('problem.measures')}
                  {p.openMeasureCount > 0 && p.status !== 'closed' && (
                    <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400, marginInlineStart: 8 }}>
                      {t('problem.openMeasures', { n: p.openMeasureCount })}
                    </Typography.Text>
                  )}
                </h2>
              }
              extra={<AddMeasureButton problem={p} />}
            >
              <MeasureTable problem={p} />
            </Card>
            <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('problem.progress')}</h2>}>
              <ProgressTimeline progress={p.progress} measures={p.measures} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={12}>
            {p.abilities.addProgress && <ProgressForm problemId={p.id} measures={p.measures} />}
            <Card size="small" styles={{ body: { paddingTop: 0 } }}>
              <Tabs
                defaultActiveKey={pendingExtensions > 0 ? 'ext' : 'history'}
                items={[
                  {
                    key: 'history',
                    label: `${t('problem.history')}${p.transitions.length ? ` (${p.transitions.length})` : ''}`,
                    children: <TransitionList transitions={p.transitions} />,
                  },
                  {
                    key: 'ext',
                    label: `${t('problem.extensions')}${p.extensions.length ? ` (${p.extensions.length})` : ''}`,
                    children: <ExtensionList problemId={p.id} extensions={p.extensions} />,
                  },
                ]}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
