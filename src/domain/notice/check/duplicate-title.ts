/**
 * duplicate-title: two groups (or two themes under one parent) with the same
 * heading — usually a copy-paste slip that also breaks the numbering.
 */
import type { Finding, NoticeNode, ParsedNotice } from '../types.js';
import { comparable } from '../parse/text.js';

export function checkDuplicateTitles(p: ParsedNotice): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, NoticeNode>();
  for (const n of p.nodes) {
    if (n.kind !== 'group' && n.kind !== 'theme') continue;
    const t = comparable(n.title);
    if (t.length < 2) continue;
    const key = `${n.kind}|${n.kind === 'theme' ? n.parentId : ''}|${t}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, n);
      continue;
    }
    out.push({
      rule: 'duplicate-title',
      severity: 'warning',
      line: n.line,
      nodeIds: [first.id, n.id],
      message: `“${n.label}${n.title}”与第${first.line}行“${first.label}${first.title}”标题相同。`,
      suggestion: '核对是否重复列出，或应合并为一个部分。',
    });
  }
  return out;
}
