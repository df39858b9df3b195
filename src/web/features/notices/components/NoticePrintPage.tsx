/**
 * The print view: the document alone, in GB/T 9704 type on A4 (notice-doc.css sets
 * @page), for the browser's Print → Save as PDF. The current draft with today's
 * data, or a frozen version (?version=K).
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Space } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { paths } from '../../../config/paths';
import { useComposer, useVersion } from '../api/notices';
import { composeDocument, type DocumentKind } from '../lib/domain';
import { DocumentPreview } from './DocumentPreview';

export default function NoticePrintPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const inspectionId = Number(params.get('inspectionId')) || undefined;
  const kind: DocumentKind = params.get('kind') === 'report' ? 'report' : 'notice';
  const number = Number(params.get('version')) || undefined;
  const composer = useComposer(number ? undefined : inspectionId, kind);
  const version = useVersion(inspectionId, kind, number);
  const source = number ? version : composer;
  const doc = useMemo(() => {
    if (number) return version.data ? composeDocument(kind, version.data.facts, version.data.content) : null;
    return composer.data ? composeDocument(kind, composer.data.facts, composer.data.draft.content) : null;
  }, [number, kind, version.data, composer.data]);

  if (source.isError)
    return (
      <div style={{ maxWidth: 640, margin: '40px auto' }}>
        <ErrorAlert error={source.error} />
      </div>
    );
  if (!doc) return <PageSpinner />;
  return (
    <main style={{ background: '#eef0f3', minHeight: '100vh', padding: '16px 0' }}>
      <Space className="zg-no-print" style={{ display: 'flex', justifyContent: 'center', marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('notices.printNow')}
        </Button>
        <Link to={paths.notices.getHref(inspectionId, kind)}>
          <Button>{t('notices.back')}</Button>
        </Link>
      </Space>
      <div style={{ display: 'flex', justifyContent: 'center' }}>
        <DocumentPreview doc={doc} scale={false} label={t('notices.previewLabel')} />
      </div>
    </main>
  );
}
