import { Button, Result } from 'antd';
import { Link, useRouteError } from 'react-router-dom';
import { useT } from '../../i18n';
import { paths } from '../../config/paths';

/** A render error or a failed lazy import (e.g. after a redeploy): offer a reload. */
export function RouteError() {
  const t = useT();
  const error = useRouteError();
  return (
    <Result
      status="error"
      title={t('app.error')}
      subTitle={error instanceof Error ? error.message : undefined}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </Button>
      }
    />
  );
}

export function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Link to={paths.ledger.getHref()}>
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}
