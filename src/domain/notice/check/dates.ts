/**
 * date-malformed: dates that lost their 年/月 in publishing ("2023824日"), with the
 * corrected reading. date-order: on-site start ≤ end ≤ feedback ≤ notice date.
 */
import type { Finding, ParsedNotice } from '../types.js';
import { compareIso, findMalformedDates } from '../parse/dates.js';
import { nodeAtLine } from './util.js';

export function checkMalformedDates(p: ParsedNotice): Finding[] {
  const out: Finding[] = [];
  p.lines.forEach((text, i) => {
    for (const d of findMalformedDates(text)) {
      const node = nodeAtLine(p, i + 1);
      out.push({
        rule: 'date-malformed',
        severity: 'error',
        line: i + 1,
        message: `日期“${d.raw}”缺少“年”“月”等字样，无法确定所指日期。`,
        ...(d.suggestion ? { suggestion: `应为“${d.suggestion}”。` } : { suggestion: '请按“YYYY年M月D日”补全。' }),
        ...(node ? { nodeIds: [node.id] } : {}),
      });
    }
  });
  return out;
}

const NAMES = ['巡视巡察进驻', '进驻结束', '反馈', '通报'];

export function checkDateOrder(p: ParsedNotice): Finding[] {
  const { inspection, date } = p.meta;
  const seq = [inspection.onSite[0], inspection.onSite[1], inspection.feedback, date];
  const out: Finding[] = [];
  // Compare each date with the next one that is known.
  for (let a = 0; a < seq.length; a++) {
    const x = seq[a];
    if (!x) continue;
    const b = seq.findIndex((y, k) => k > a && y !== null);
    if (b < 0) break;
    const y = seq[b]!;
    if (compareIso(x, y) > 0) {
      out.push({
        rule: 'date-order',
        severity: 'error',
        line: lineOf(p, a === 3 || b === 3 ? y : x),
        message: `${NAMES[a]}日期（${x}）晚于${NAMES[b]}日期（${y}），时间顺序不合理。`,
        suggestion: '核对巡视巡察起止日期、反馈日期和通报日期。',
      });
    }
  }
  return out;
}

/** The first line that mentions the date's month (best effort for a line number). */
function lineOf(p: ParsedNotice, iso: string): number {
  const m = Number(iso.slice(5, 7));
  const i = p.lines.slice(0, 12).findIndex((l) => m > 0 && l.includes(`${m}月`));
  return i >= 0 ? i + 1 : 1;
}
