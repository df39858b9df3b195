/**
 * A round's publications: what was made public, when, with which digests, and
 * where the public reads and verifies it. Publishing itself happens where the
 * versions are saved, in the notices composer (its 发布 tab), linked from here.
 */
import { useSearchParams, Link } from 'react-router-dom';
import { Alert, Space, Typography } from 'antd';
import { InspectionSelect } from '../../../components/InspectionSelect';
import { PublishPanel } from '../../../components/PublishPanel';
import { paths } from '../../../config/paths';
import { useI18n } from '../../../i18n';

export default function PublicationsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const inspectionId = Number(params.get('inspectionId')) || undefined;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('publish.pageTitle')}
      </Typography.Title>
      <Space wrap>
        <InspectionSelect
          id="publications-inspection"
          value={inspectionId}
          onChange={(id) => setParams(id ? { inspectionId: String(id) } : {}, { replace: true })}
        />
        <a href="/public/" target="_blank" rel="noreferrer">
          {t('publish.portal')}
        </a>
      </Space>
      {inspectionId ? (
        <>
          <Alert
            type="info"
            showIcon
            message={
              <span>
                {t('publish.howTo')} <Link to={paths.notices.getHref(inspectionId, 'notice')}>{t('publish.toComposer')}</Link>
              </span>
            }
          />
          <PublishPanel inspectionId={inspectionId} />
        </>
      ) : (
        <Typography.Text type="secondary">{t('notices.chooseInspection')}</Typography.Text>
      )}
    </Space>
  );
}
