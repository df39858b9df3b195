import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { FileOutlined } from '@ant-design/icons';
import type { Measure, ProgressEntry } from '../../../lib/domain';
import { useT } from '../../../i18n';
import { paths } from '../../../config/paths';
import { formatInstant, formatSize } from '../../../lib/format';

/** 整改进展, newest first, with downloadable 佐证材料. */
export function ProgressTimeline({ progress, measures }: { progress: ProgressEntry[]; measures: Measure[] }) {
  const t = useT();
  if (!progress.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problem.noProgress')} />;
  const measureNo = new Map(measures.map((m, i) => [m.id, `${i + 1}. ${m.text}`]));
  const items = [...progress].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Timeline
      items={items.map((p) => ({
        key: p.id,
        color: p.evidence.length ? 'green' : 'blue',
        content: (
          <>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {formatInstant(p.createdAt)} · {p.author.name ?? t('common.system')}
            </Typography.Text>
            <article aria-label={`${formatInstant(p.createdAt)} ${p.author.name ?? t('common.system')}`}>
              {p.measureId && measureNo.get(p.measureId) && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
                  {t('problem.forMeasure', { m: measureNo.get(p.measureId) ?? '' })}
                </Typography.Text>
              )}
              <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.7 }}>{p.text}</div>
              {p.figures && Object.keys(p.figures).length > 0 && (
                <Space size={[4, 4]} wrap style={{ marginTop: 4 }} aria-label={t('problem.figures')}>
                  {Object.entries(p.figures).map(([k, v]) => (
                    <Tag key={k} color="blue">
                      {k}：{String(v)}
                    </Tag>
                  ))}
                </Space>
              )}
              {p.evidence.length > 0 && (
                <ul aria-label={t('problem.evidence')} style={{ listStyle: 'none', padding: 0, margin: '6px 0 0' }}>
                  {p.evidence.map((e) => (
                    <li key={e.id} style={{ lineHeight: 1.9 }}>
                      <FileOutlined style={{ color: '#888', marginInlineEnd: 6 }} />
                      <a href={paths.evidence.getHref(e.id)} download={e.filename}>
                        {e.filename}
                      </a>
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8, whiteSpace: 'nowrap' }}>
                        {formatSize(e.size)}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              )}
            </article>
          </>
        ),
      }))}
    />
  );
}
