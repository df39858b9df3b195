import { Spin } from 'antd';
import { useT } from '../i18n';

export function PageSpinner() {
  const t = useT();
  return (
    <div role="status" aria-live="polite" style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: 240 }}>
      <Spin description={t('app.loading')} />
    </div>
  );
}
