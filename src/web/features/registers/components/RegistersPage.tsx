/**
 * 整改工作登记: one round's accountability, rules, clues and work record, with their totals in the notice's words.
 * The round and the tab live in the URL (?inspectionId=&tab=), so a link opens the same view.
 */
import { useEffect } from 'react';
import { Empty, Flex, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useLatestInspection } from '../../../api/inspections';
import { useT } from '../../../i18n';
import { InspectionSelect } from '../../../components/InspectionSelect';
import { AccountabilityTab } from './AccountabilityTab';
import { CluesTab } from './CluesTab';
import { EventsTab } from './EventsTab';
import { RulesTab } from './RulesTab';
import { TotalsCard } from './TotalsCard';

const TABS = ['accountability', 'rules', 'clues', 'events'] as const;
type Tab = (typeof TABS)[number];

export default function RegistersPage() {
  const t = useT();
  const [sp, setSp] = useSearchParams();
  const inspections = useLatestInspection();
  const raw = Number(sp.get('inspectionId'));
  const inspectionId = Number.isInteger(raw) && raw > 0 ? raw : undefined;
  const tab: Tab = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as Tab) : 'accountability';

  // default to the most recent round the person can see
  useEffect(() => {
    if (!inspectionId && inspections.latest) setSp({ inspectionId: String(inspections.latest.id), tab }, { replace: true });
  }, [inspectionId, inspections.latest, setSp, tab]);

  return (
    <>
      <Flex wrap gap={12} align="center" justify="space-between" style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('reg.title')}
        </Typography.Title>
        <InspectionSelect
          value={inspectionId}
          onChange={(id) => setSp(id ? { inspectionId: String(id), tab } : {}, { replace: true })}
          style={{ maxWidth: '100%' }}
        />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('reg.intro')}
      </Typography.Paragraph>
      {!inspectionId ? (
        <Empty description={t('reg.chooseInspection')} />
      ) : (
        <>
          <TotalsCard inspectionId={inspectionId} />
          <Tabs
            activeKey={tab}
            onChange={(k) => setSp({ inspectionId: String(inspectionId), tab: k }, { replace: true })}
            items={[
              { key: 'accountability', label: t('reg.tab.accountability'), children: <AccountabilityTab inspectionId={inspectionId} /> },
              { key: 'rules', label: t('reg.tab.rules'), children: <RulesTab inspectionId={inspectionId} /> },
              { key: 'clues', label: t('reg.tab.clues'), children: <CluesTab inspectionId={inspectionId} /> },
              { key: 'events', label: t('reg.tab.events'), children: <EventsTab inspectionId={inspectionId} /> },
            ]}
            destroyOnHidden
          />
        </>
      )}
    </>
  );
}
