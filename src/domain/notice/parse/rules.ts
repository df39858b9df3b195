/**
 * Rules (制度) the notice says were made or revised: 《…》 titles that follow
 * 制定/出台/印发/建立 (made) or 修订/完善 (revised) in the same clause.
 */
import type { ParsedNotice } from '../types.js';

const RULE_WORDS = /(制度|办法|规定|细则|规则|规程|清单|方案|意见|机制|条例|守则|流程|指引|标准|章程|措施)$/;
const MADE = /(制定|出台|印发|建立|制发|新建|编制|起草|研究制定|拟订|拟定)/;
const REVISED = /(修订|修改|完善|修正|重新制定)/;

export function readRules(lines: string[]): ParsedNotice['rules'] {
  const out: ParsedNotice['rules'] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/《([^《》]{2,80})》/g)) {
      const title = m[1].trim();
      // Only the names of rules: laws and reports cited in passing are not "made" here.
      if (!RULE_WORDS.test(title.replace(/[（(][^）)]*[）)]$/, ''))) continue;
      const before = line.slice(Math.max(0, (m.index ?? 0) - 16), m.index ?? 0);
      const clause = before.split(/[。；;，,]/).pop() ?? '';
      const made = lastIndex(clause, MADE);
      const revised = lastIndex(clause, REVISED);
      if (made < 0 && revised < 0) continue;
      const key = title;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ title, line: i + 1, action: revised > made ? 'revised' : 'made' });
    }
  });
  return out;
}

function lastIndex(s: string, re: RegExp): number {
  let last = -1;
  for (const m of s.matchAll(new RegExp(re.source, 'g'))) last = m.index ?? last;
  return last;
}
