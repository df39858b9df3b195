/**
 * The document as it will be printed: the same DocumentModel the .docx is built
 * from (composeDocument), set in GB/T 9704 type (notice-doc.css). Paragraphs the
 * data produced are tinted on screen, so the office sees what it cannot type over.
 */
import { chineseDate, type Block, type DocumentModel } from '../lib/domain';
import './notice-doc.css';

function BlockView({ b }: { b: Block }) {
  const cls = b.computed ? 'zg-computed' : undefined;
  if (b.kind === 'paragraph') return <p className={cls}>{b.text}</p>;
  const head = b.level === 1 ? 'zg-h1' : b.level === 2 ? 'zg-h2' : '';
  return (
    <p className={cls} role={b.level <= 2 ? 'heading' : undefined} aria-level={b.level <= 2 ? b.level + 1 : undefined}>
      <span className={head}>{`${b.label}${b.heading}`}</span>
      {b.body ? <span className="zg-run-on">{b.body}</span> : null}
    </p>
  );
}

export function DocumentPreview({ doc, scale = true, label }: { doc: DocumentModel; scale?: boolean; label: string }) {
  return (
    <div className={scale ? 'zg-doc-scale' : undefined}>
      <article className="zg-doc" aria-label={label} lang="zh-CN">
        <p className="zg-title" role="heading" aria-level={1}>
          {doc.title}
        </p>
        {doc.subtitle ? <p className="zg-center">{doc.subtitle}</p> : null}
        <p className="zg-addressee">&nbsp;</p>
        {doc.addressee ? <p className="zg-addressee">{doc.addressee}</p> : null}
        {doc.blocks.map((b, i) => (
          <BlockView key={i} b={b} />
        ))}
        {doc.signature || doc.date ? <p className="zg-signature">&nbsp;</p> : null}
        {doc.signature ? (
          <p className="zg-signature" style={{ paddingRight: '4em' }}>
            {doc.signature}
          </p>
        ) : null}
        {doc.date ? (
          <p className="zg-signature" style={{ paddingRight: '2em' }}>
            {chineseDate(doc.date)}
          </p>
        ) : null}
      </article>
    </div>
  );
}
