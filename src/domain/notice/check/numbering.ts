/**
 * numbering-duplicate / numbering-gap.
 *
 * Items of one family and kind are read in document order as runs, one run per
 * parent. A run either restarts at 1 or runs on from the previous run (Wuhan's
 * （1）…（61） across themes); which one is decided per run by its first number, so a
 * notice is held to its own convention. Groups, themes and problems are errors;
 * measures ("一是…") and ledger rows are warnings, as their numbering carries no
 * reference elsewhere.
 */
import type { Finding, NoticeNode, ParsedNotice, Severity } from '../types.js';
import { levelKey } from '../parse/labels.js';
import { cnToInt } from '../parse/text.js';
import { relabel } from './util.js';

export function checkNumbering(p: ParsedNotice): Finding[] {
  const chains = new Map<string, NoticeNode[]>();
  for (const n of p.nodes) {
    if (!Number.isFinite(ordinalOf(n)) || ordinalOf(n) <= 0) continue;
    const key = `${n.kind}|${levelKey(n.family)}`;
    const list = chains.get(key) ?? chains.set(key, []).get(key)!;
    list.push(n);
  }
  const out: Finding[] = [];
  // not push(...): a chain of a million duplicates would overflow the call stack with its arguments
  for (const chain of chains.values()) for (const f of checkChain(chain)) out.push(f);
  return out;
}

/** The number of a label: "（三）" → 3, "项目2.4" → 4, "一是" → 1. */
function ordinalOf(n: NoticeNode): number {
  const m = /(\d+)(?!.*\d)/.exec(n.label);
  if (m) return Number(m[1]);
  const cn = /[一二三四五六七八九十百零两]+/.exec(n.label);
  return cn ? cnToInt(cn[0]) : NaN;
}

/** "项目2.4" numbers within "项目2": a new prefix starts a new run. */
const scopeOf = (n: NoticeNode): string => (n.family === 'project' ? n.label.replace(/\.?\d+$/, '') : '');

function checkChain(chain: NoticeNode[]): Finding[] {
  const out: Finding[] = [];
  const severity: Severity = chain[0].kind === 'measure' || chain[0].family === 'row' ? 'warning' : 'error';
  let prev: NoticeNode | null = null;
  let seen = new Map<number, NoticeNode>();
  for (const n of chain) {
    const k = ordinalOf(n);
    const newRun = !prev || prev.parentId !== n.parentId || scopeOf(prev) !== scopeOf(n);
    if (newRun && (k === 1 || !prev || scopeOf(prev) !== scopeOf(n))) {
      // A restart (or the very first item). Numbering that starts above 1 is a gap.
      seen = new Map();
      if (k !== 1) out.push(gap(n, null, k, 1, severity));
    } else {
      const last = ordinalOf(prev!);
      const dup = seen.get(k);
      if (dup) out.push(duplicate(n, dup, last + 1, severity));
      else if (k !== last + 1) out.push(gap(n, prev, k, last + 1, severity));
    }
    seen.set(k, n);
    prev = n;
  }
  return out;
}

function duplicate(n: NoticeNode, first: NoticeNode, expected: number, severity: Severity): Finding {
  return {
    rule: 'numbering-duplicate',
    severity,
    line: n.line,
    nodeIds: [first.id, n.id],
    message: `编号“${n.label}”重复：第${first.line}行已有“${first.label}”。`,
    suggestion: `按顺序应为“${relabel(n.family, n.label, expected)}”，其后编号依次顺延。`,
  };
}

function gap(n: NoticeNode, prev: NoticeNode | null, k: number, expected: number, severity: Severity): Finding {
  const message =
    prev === null
      ? `编号从“${n.label}”开始，前面缺少“${relabel(n.family, n.label, 1)}”。`
      : k < expected
        ? `编号倒退：“${prev.label}”之后是“${n.label}”。`
        : `编号不连续：“${prev.label}”之后是“${n.label}”，缺少“${relabel(n.family, n.label, expected)}”。`;
  return {
    rule: 'numbering-gap',
    severity,
    line: n.line,
    nodeIds: prev ? [prev.id, n.id] : [n.id],
    message,
    suggestion: `核对原文是否漏列或错编；按顺序应为“${relabel(n.family, n.label, expected)}”。`,
  };
}
