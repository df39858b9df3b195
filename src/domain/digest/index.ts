/**
 * The weekly urging (周督促) and monthly dispatch (月调度) of a unit as people read
 * them: a short message for the inbox and the group robots, and the document
 * model of the monthly dispatch report. The data comes from the ledger
 * (modules/digests); this only words and lays it out.
 */
import type { DigestData } from '../schemas/supervision.js';
import { ORDER_LEVEL_ZH } from '../supervision/index.js';
import { chineseDate, type Block, type DocumentModel } from '../document/model.js';
import type { Figure } from '../document/docx.js';

export type { DigestData };

type Item = DigestData['overdue'][number];

function line(i: Item, link: (id: number) => string): string {
  const key = i.isKey ? `【重点难点${i.keyLeader ? `·${i.keyLeader}领办` : ''}】` : '';
  return `- ${key}[${i.label}${i.title}](${link(i.id)})${i.dept ? `（${i.dept}${i.deadline ? `，${i.deadline}` : ''}）` : ''}`;
}

/** The title of a digest: "江城市水务局周督促（2026-W48）". */
export function digestTitle(d: DigestData): string {
  const when = d.kind === 'weekly' ? `${d.period.slice(0, 4)}年第${Number(d.period.slice(6))}周` : `${Number(d.period.slice(5, 7))}月`;
  return `${d.unit.name}${d.kindZh}（${when}）`;
}

/**
 * The message of a digest: counts first, then up to `max` items of each list
 * (key problems first, as the lists are ordered), each with its deep link.
 */
export function digestMarkdown(
  d: DigestData,
  link: { problem: (id: number) => string; order: (id: number) => string; digest: string },
  max = 5,
): string {
  const parts: string[] = [
    `截至${chineseDate(d.asOf)}：临期（7日内）${d.dueSoon.length} 项，超期 ${d.overdue.length} 项，进展停滞 ${d.stalled.length} 项，` +
      `待审核销号 ${d.closureRequests.length} 项、延期 ${d.extensionRequests.length} 项，未办结督办单 ${d.openOrders.length} 件。`,
  ];
  const list = (title: string, items: Item[]) => {
    if (!items.length) return;
    parts.push(`**${title}**`);
    for (const i of items.slice(0, max)) parts.push(line(i, link.problem));
    if (items.length > max) parts.push(`- 另有 ${items.length - max} 项`);
  };
  list('重点难点问题', d.keyProblems);
  list('超期', d.overdue);
  list('临期', d.dueSoon);
  list('进展停滞', d.stalled);
  if (d.openOrders.length) {
    parts.push('**督办单**');
    for (const o of d.openOrders.slice(0, max)) {
      parts.push(
        `- [${o.number}](${link.order(o.id)}) ${o.dept}，${ORDER_LEVEL_ZH[o.level]}，回复时限 ${o.replyDue}${o.overdue ? '（已逾期）' : ''}`,
      );
    }
  }
  parts.push(`[查看${d.kindZh}](${link.digest})`);
  return parts.join('\n');
}

/**
 * The 月调度 report: the document (counts, the problems to dispatch) and its
 * figures — the table by department and the chart — set after the second heading.
 */
export function dispatchDocument(
  d: DigestData,
  chart: { png: Uint8Array; width: number; height: number } | null,
  signature: string,
): { doc: DocumentModel; figures: { after: number; figure: Figure }[] } {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, label: '一、', heading: '总体情况' },
    {
      kind: 'paragraph',
      computed: true,
      text:
        `截至${chineseDate(d.asOf)}，临期（7日内）问题 ${d.dueSoon.length} 项，超期 ${d.overdue.length} 项，进展停滞 ${d.stalled.length} 项；` +
        `待审核的销号申请 ${d.closureRequests.length} 项、延期申请 ${d.extensionRequests.length} 项；未办结督办单 ${d.openOrders.length} 件。`,
    },
    { kind: 'heading', level: 1, label: '二、', heading: '各部门整改情况' },
  ];
  const figures: { after: number; figure: Figure }[] = [
    {
      after: blocks.length - 1,
      figure: {
        kind: 'table',
        header: ['部门', '问题数', '已销号', '超期', '停滞', '完成率', '形式主义提示'],
        rows: d.byDept.map((r) => [
          r.dept,
          String(r.problems),
          String(r.closed),
          String(r.overdue),
          String(r.stalled),
          `${r.rate}%`,
          String(r.formalism),
        ]),
      },
    },
  ];
  if (chart) figures.push({ after: blocks.length - 1, figure: { kind: 'image', ...chart, caption: '图：各部门整改完成率' } });
  blocks.push({ kind: 'heading', level: 1, label: '三、', heading: '需要调度的问题' });
  let n = 0;
  const named = (title: string, items: Item[]) => {
    if (!items.length) return;
    blocks.push({ kind: 'heading', level: 2, label: `（${['一', '二', '三', '四'][n++]}）`, heading: `${title}（${items.length} 项）` });
    for (const i of items) {
      const key = i.isKey ? `【重点难点${i.keyLeader ? `，${i.keyLeader}领办` : ''}】` : '';
      const where = i.dept ? `（${i.dept}${i.deadline ? `，时限${chineseDate(i.deadline)}` : ''}）` : '';
      blocks.push({ kind: 'paragraph', computed: true, text: `${key}${i.label}${i.title}${where}` });
    }
  };
  named('重点难点问题', d.keyProblems);
  named('超期问题', d.overdue);
  named('进展停滞问题', d.stalled);
  named('临期问题', d.dueSoon);
  if (n === 0) blocks.push({ kind: 'paragraph', computed: true, text: '本月无需调度的超期、停滞、临期问题。' });
  const monthly = d.kind === 'monthly';
  const subtitle = monthly
    ? `（${d.period.slice(0, 4)}年${Number(d.period.slice(5, 7))}月）`
    : `（${d.period.slice(0, 4)}年第${Number(d.period.slice(6))}周）`;
  const doc = { title: `${d.unit.name}整改工作${monthly ? '月调度报告' : '周督促通报'}`, subtitle, blocks, signature, date: d.asOf };
  return { doc, figures };
}
