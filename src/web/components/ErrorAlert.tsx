import { Alert, Button } from 'antd';
import { isApiError } from '../lib/api';
import { useT } from '../i18n';

/**
 * Shows a server error as the server phrased it (Chinese). People read the
 * message, not "错误代码: conflict (HTTP 409)": the stable code stays on the
 * element (data-error-code) for support and tests.
 */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = isApiError(error) ? error.code : undefined;
  const fields = isApiError(error) ? error.fieldIssues : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-error-code={code}
      title={title ?? message}
      description={
        <>
          {title && <div>{message}</div>}
          {fields.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
              {fields.map((f, i) => (
                <li key={i}>{f.message}</li>
              ))}
            </ul>
          )}
        </>
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
