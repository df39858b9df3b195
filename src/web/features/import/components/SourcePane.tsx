import { useEffect, useRef } from 'react';
import { useT } from '../../../i18n';

export interface LineRange {
  from: number;
  to: number;
  /** Changes on every request, so clicking the same node again scrolls again. */
  seq: number;
}

/** The normalised source lines with their numbers; the highlighted range is scrolled into view. */
export function SourcePane({
  lines,
  highlight,
  height = 520,
  cells = false,
}: {
  lines: string[];
  highlight: LineRange | null;
  height?: number;
  /** Ledger rows: tab-separated cells, shown with a visible separator. */
  cells?: boolean;
}) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!highlight || !box.current) return;
    const el = box.current.querySelector<HTMLElement>(`[data-line="${highlight.from}"]`);
    if (!el) return;
    const top = el.offsetTop - Math.min(80, box.current.clientHeight / 4);
    box.current.scrollTo({ top: Math.max(0, top), behavior: 'smooth' });
  }, [highlight]);

  const width = String(lines.length).length;
  return (
    <div
      ref={box}
      role="region"
      aria-label={t('import.source')}
      tabIndex={0}
      data-testid="import-source"
      style={{
        position: 'relative',
        height,
        overflow: 'auto',
        border: '1px solid #e5e8ed',
        borderRadius: 4,
        background: '#fcfcfd',
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", "Microsoft YaHei", monospace',
        fontSize: 13,
        lineHeight: 1.7,
      }}
    >
      {lines.map((text, i) => {
        const n = i + 1;
        const on = !!highlight && n >= highlight.from && n <= highlight.to;
        return (
          <div
            key={n}
            data-line={n}
            data-highlighted={on ? 'true' : undefined}
            style={{
              display: 'flex',
              gap: 10,
              padding: '1px 8px 1px 0',
              background: on ? '#fff3bf' : undefined,
              borderLeft: `3px solid ${on ? '#faad14' : 'transparent'}`,
            }}
          >
            <span aria-hidden style={{ flex: `0 0 ${width + 1}ch`, textAlign: 'right', color: '#98a2b3', userSelect: 'none' }}>
              {n}
            </span>
            <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', minWidth: 0 }}>
              {(cells ? text.replace(/\t/g, ' │ ') : text) || '\u00a0'}
            </span>
          </div>
        );
      })}
    </div>
  );
}
