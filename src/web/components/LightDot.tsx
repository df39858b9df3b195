import type { Light } from '../lib/domain';
import { useT } from '../i18n';

export const LIGHT_COLOR: Record<Light, string> = {
  red: '#d32f2f',
  yellow: '#f9a825',
  green: '#2e7d32',
  blue: '#1565c0',
  unplanned: '#8d8d8d',
  none: '#bdbdbd',
};

/** The 红黄绿蓝 light as a coloured dot with an accessible name (e.g. "红灯"). */
export function LightDot({ light, withText = false }: { light: Light; withText?: boolean }) {
  const t = useT();
  const name = t(`light.${light}`);
  return (
    <span role="img" aria-label={name} title={name} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <span
        aria-hidden
        style={{
          display: 'inline-block',
          width: 10,
          height: 10,
          borderRadius: '50%',
          background: LIGHT_COLOR[light] ?? LIGHT_COLOR.none,
          boxShadow: light === 'none' ? undefined : `0 0 0 2px ${LIGHT_COLOR[light]}22`,
        }}
      />
      {withText && <span aria-hidden>{name}</span>}
    </span>
  );
}
