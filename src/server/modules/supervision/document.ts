/**
 * The 督办通知单 as an official document (the GB/T 9704 builder of
 * src/domain/document): number under the title, addressee, the items, the
 * demands, the reply deadline, the issuer and the date.
 */
import { blocksFromText, chineseDate, type Block, type DocumentModel } from '../../../domain/document/index.js';
import { ORDER_LEVEL_ZH, orderNumber } from '../../../domain/supervision/index.js';
import type { OrderProblemRow, OrderRow } from './repository.js';

export function orderDocument(o: OrderRow, problems: OrderProblemRow[], issuedOn: string): DocumentModel {
  const level = ORDER_LEVEL_ZH[o.level];
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `为推动巡视巡察反馈问题整改落实，现将下列问题列为${level}事项。请认真研究，逐项落实，于${chineseDate(o.reply_due)}前书面回复整改落实情况，并附佐证材料。`,
    },
    { kind: 'heading', level: 1, label: '一、', heading: '督办事项' },
    ...problems.map((p, i): Block => ({
      kind: 'paragraph',
      computed: true,
      text: `${i + 1}. ${p.label}${p.title}${p.deadline ? `（整改时限：${chineseDate(p.deadline)}）` : ''}`,
    })),
    { kind: 'heading', level: 1, label: '二、', heading: '督办要求' },
    ...blocksFromText(o.demands).map((b): Block =>
      b.kind === 'heading' ? { kind: 'paragraph', text: `${b.label}${b.heading}${b.body ?? ''}` } : b,
    ),
    { kind: 'heading', level: 1, label: '三、', heading: '回复时限' },
    { kind: 'paragraph', text: `请于${chineseDate(o.reply_due)}前回复。逾期未回复的，将提级督办并通报。` },
  ];
  return {
    title: '督办通知单',
    // a full-width space between number and level, as 公文 set them
    subtitle: `${orderNumber(o.year, o.seq)}\u3000${level}`,
    addressee: `${o.dept_name}${o.leader_name ? `、${o.leader_name}同志` : ''}：`,
    blocks,
    signature: o.issuer_kind === 'office' ? o.issuer_name : `${o.unit_name}整改工作领导小组办公室`,
    date: issuedOn,
  };
}
