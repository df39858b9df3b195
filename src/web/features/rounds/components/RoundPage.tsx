/** One round: its problem tree (edit before work starts) and the plan import from Excel. */
import { Breadcrumb, Card, Flex, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useT } from '../../../i18n';
import { useInspection } from '../../../api/inspections';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { isApiError } from '../../../lib/api';
import { PageSpinner } from '../../../components/PageSpinner';
import { paths } from '../../../config/paths';
import { TreeEditor } from './TreeEditor';
import { PlanImport } from './PlanImport';

export default function RoundPage() {
  const t = useT();
  const id = Number(useParams().id);
  const [sp, setSp] = useSearchParams();
  const rounds = useInspection(id);
  if (rounds.isLoading) return <PageSpinner />;
  if (rounds.isError && !(isApiError(rounds.error) && rounds.error.status === 404))
    return <ErrorAlert error={rounds.error} onRetry={() => rounds.refetch()} />;
  const round = rounds.data;
  if (!round) return <ErrorAlert error={new Error(t('rounds.notFound'))} />;
  const tab = sp.get('tab') === 'plan' ? 'plan' : 'tree';
  return (
    <Flex vertical gap={12}>
      <Breadcrumb items={[{ title: <Link to={paths.rounds.getHref()}>{t('rounds.pageTitle')}</Link> }, { title: round.title }]} />
      <Flex align="baseline" gap={12} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {round.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {round.unitName} · {round.kind} · {round.body}
          {round.feedbackDate ? ` · ${t('rounds.feedbackDate')} ${round.feedbackDate}` : ''}
        </Typography.Text>
        <Link to={paths.ledger.getHref(`inspectionId=${round.id}`)}>{t('rounds.openLedger')}</Link>
      </Flex>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setSp({ tab: k }, { replace: true })}
          items={[
            { key: 'tree', label: t('rounds.tabTree'), children: <TreeEditor inspectionId={round.id} /> },
            ...(round.abilities.addProblem
              ? [{ key: 'plan', label: t('rounds.tabPlan'), children: <PlanImport inspectionId={round.id} /> }]
              : []),
          ]}
        />
      </Card>
    </Flex>
  );
}
