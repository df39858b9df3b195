/** The round's totals as figures and as the sentences the report and the notice will state (generated, never typed). */
import { Card, Col, Empty, Row, Statistic, Typography } from 'antd';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatRate } from '../lib/domain';
import { useRegisterTotals } from '../api/registers';

export function TotalsCard({ inspectionId }: { inspectionId: number }) {
  const t = useT();
  const totals = useRegisterTotals(inspectionId);
  const d = totals.data;
  const sentences = d
    ? [d.sentences.work, d.sentences.accountability, d.sentences.fourForms, d.sentences.rules, d.sentences.clues].filter(Boolean)
    : [];
  return (
    <Card size="small" title={t('reg.totals')} loading={totals.isPending} style={{ marginBottom: 16 }}>
      {totals.isError && <ErrorAlert error={totals.error} onRetry={() => totals.refetch()} />}
      {d && (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={12} sm={8} md={4}>
              <Statistic title={t('reg.stat.accountability')} value={d.totals.accountability.total} />
            </Col>
            <Col xs={12} sm={8} md={5}>
              <Statistic title={t('reg.stat.rules')} value={d.totals.rules.madeOrRevised} />
            </Col>
            <Col xs={12} sm={8} md={5}>
              <Statistic title={t('reg.stat.clues')} value={d.totals.clues.received} />
            </Col>
            <Col xs={12} sm={8} md={5}>
              <Statistic
                title={t('reg.stat.rate')}
                value={d.totals.clues.completionRate == null ? t('common.none') : formatRate(d.totals.clues.completionRate)}
              />
            </Col>
            <Col xs={12} sm={8} md={5}>
              <Statistic title={t('reg.stat.events')} value={d.totals.events.total} />
            </Col>
          </Row>
          {sentences.length ? (
            <blockquote style={{ margin: '12px 0 0', padding: '8px 12px', borderInlineStart: '3px solid #a31515', background: '#fbf7f7' }}>
              {sentences.map((s) => (
                <Typography.Paragraph key={s} style={{ margin: '2px 0', lineHeight: 1.8 }}>
                  {s}。
                </Typography.Paragraph>
              ))}
            </blockquote>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reg.totals.empty')} />
          )}
        </>
      )}
    </Card>
  );
}
