/**
 * structure-none / structure-single: text in which no numbered structure was recognised.
 *
 * Pasted text can lose its numbering (a copy from a web page that drew "一、" as a list marker,
 * a paragraph copied alone). The reader then finds no numbered items, or a single one swallowing
 * the whole text; a preview that shows an empty tree, or one item holding everything, would say
 * nothing about why. This rule says it in words, with what to do. Ledgers (xlsx) have rows, not
 * numbering, and are not held to it.
 */
import type { Finding, ParsedNotice } from '../types.js';

/**
 * One item in a text of this many paragraphs or more is not a notice read right: the item's text
 * runs on to the end and swallows every paragraph after it.
 */
const SINGLE_ITEM_PARAGRAPHS = 4;

export function checkStructure(p: ParsedNotice): Finding[] {
  if (p.source === 'xlsx') return [];
  const body = p.lines.filter((l) => l.trim()).length;
  if (body === 0) return [];
  const items = p.nodes.filter((n) => n.kind !== 'measure');
  if (items.length === 0) {
    return [
      {
        rule: 'structure-none',
        severity: 'warning',
        line: 1,
        message: '未识别出编号结构：全文没有找到“一、”“（一）”“1.”等编号的条目，无法拆分出问题，因此没有可导入的问题。',
        suggestion: '请确认粘贴的是通报全文且编号没有丢失；如原文没有编号，请为每个问题加上编号（如“1.”）后重新解析。',
      },
    ];
  }
  if (items.length === 1 && body >= SINGLE_ITEM_PARAGRAPHS) {
    const only = items[0];
    return [
      {
        rule: 'structure-single',
        severity: 'warning',
        line: only.line,
        nodeIds: [only.id],
        message: `只识别出1个编号条目（第${only.line}行），其余文字没有可识别的编号结构，导入后只会有这一个问题。`,
        suggestion: '请核对原文的编号是否在复制时丢失；可在左侧的结构中拆分或添加问题，或补上编号后重新解析。',
      },
    ];
  }
  return [];
}
