import { Empty, Flex, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { findingText } from '../../../i18n/findings';
import type { Finding, Severity } from '../lib/schemas';

export const SEVERITY_COLOR: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };
const ORDER: Severity[] = ['error', 'warning', 'info'];

/** The checker's findings by severity; each one is a button that shows its line. */
export function FindingsList({ findings, onPick }: { findings: Finding[]; onPick: (f: Finding) => void }) {
  const { t, lang } = useI18n();
  if (!findings.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('import.noFindings')} />;
  return (
    <Flex vertical gap={12} style={{ maxHeight: 360, overflow: 'auto' }} data-testid="import-findings">
      {ORDER.map((sev) => {
        const list = findings.filter((f) => f.severity === sev);
        if (!list.length) return null;
        return (
          <section key={sev} aria-label={`${t(`import.sev.${sev}`)}（${list.length}）`}>
            <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
              <Tag color={SEVERITY_COLOR[sev]}>{t(`import.sev.${sev}`)}</Tag>
              {t('common.items', { n: list.length })}
            </Typography.Text>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {list.map((f, i) => {
                const text = findingText(lang, f);
                return (
                  <li key={`${f.rule}-${f.line}-${i}`} style={{ borderBottom: '1px solid #f0f0f0' }}>
                    <button
                      type="button"
                      onClick={() => onPick(f)}
                      style={{
                        display: 'block',
                        width: '100%',
                        textAlign: 'left',
                        background: 'none',
                        border: 0,
                        padding: '6px 4px',
                        font: 'inherit',
                        color: 'inherit',
                        cursor: 'pointer',
                      }}
                    >
                      <Tag color={SEVERITY_COLOR[sev]} style={{ marginInlineEnd: 6 }}>
                        {t(`import.sev.${sev}`)}
                      </Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 6 }}>
                        {t('import.lineNo', { n: f.line })}
                      </Typography.Text>
                      <span>{text.message}</span>
                      {text.original && (
                        <div lang="zh-CN" style={{ color: '#667085', fontSize: 12, marginTop: 2 }}>
                          {text.original}
                        </div>
                      )}
                      {text.suggestion && (
                        <div style={{ color: '#667085', fontSize: 12, marginTop: 2 }}>
                          {t('import.suggestion')}
                          {text.suggestion}
                        </div>
                      )}
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </Flex>
  );
}
