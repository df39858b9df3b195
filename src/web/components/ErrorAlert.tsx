import { Alert, Button } from 'antd';
import { isApiError } from '../lib/api';
import { useT } from '../i18n';

/** Shows a server error as the server phrased it (Chinese), with its stable code. */
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
          {code && (
            <div style={{ color: '#888', fontSize: 12, marginTop: 4 }}>
              {t('common.code')}: {code}
              {isApiError(error) && error.status ? ` (HTTP ${error.status})` : ''}
            </div>
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
