/**
 * digit-typo: a letter typed for a digit ("项目l.2", "l5.86毫克", "2O23年"). The parser has
 * already read the digit (so the item is found and numbered right); this rule tells the
 * drafter what was read, so the published text can be corrected.
 */
import type { Finding, ParsedNotice } from '../types.js';
import { nodeAtLine } from './util.js';

export function checkDigitTypos(p: ParsedNotice): Finding[] {
  return (p.typos ?? []).map((t) => {
    const node = nodeAtLine(p, t.line);
    const letters = [...new Set([...t.raw].filter((c) => /[lIOo]/.test(c)))].map((c) => `“${c}”`).join('、');
    return {
      rule: 'digit-typo',
      severity: 'warning',
      line: t.line,
      message: `“${t.raw}”中的字母${letters}应为数字，已按“${t.fixed}”读取。`,
      suggestion: `将“${t.raw}”改为“${t.fixed}”。`,
      ...(node ? { nodeIds: [node.id] } : {}),
    } satisfies Finding;
  });
}
