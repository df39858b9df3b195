import { Alert } from 'antd';
import { useT } from '../i18n';
import { useFormalismCheck } from '../lib/formalism';
import type { FormalismWhat } from '../lib/domain';

/** The live warning under a text being written: what looks like formalism and what to write instead. */
export function FormalismHint({ text, what }: { text: string | undefined; what: FormalismWhat }) {
  const t = useT();
  const check = useFormalismCheck(text, what);
  const warnings = (text ?? '').trim() ? (check.data?.warnings ?? []) : [];
  // a live region: the warning is read out when it appears, without moving the focus
  return (
    <div aria-live="polite" data-testid="formalism-hint">
      {warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('formalism.title')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {warnings.map((w) => (
                <li key={w.message}>
                  {w.message}
                  {w.suggestion ? `（${w.suggestion}）` : ''}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </div>
  );
}
