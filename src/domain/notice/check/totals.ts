/**
 * total-mismatch: what the notice says it contains against what it itemises.
 *
 * A stated total is only compared with a count the text actually supports. When the
 * text itemises nothing of that kind (a notice that states "17大项问题、69子项问题"
 * and then reports by aspect and theme) the finding is `info` "无法核对", never a
 * false mismatch. Accountability: the breakdown must add up to the stated total
 * (error); items naming fewer cases than the total is normal (not every case is
 * itemised), so that comparison is informational.
 */
import type { Finding, ParsedNotice } from '../types.js';

const NAMES: Record<string, string> = {
  aspects: '方面',
  problems: '具体问题',
  majorProblems: '大项问题',
  subProblems: '具体（子项）问题',
};

const unverifiable = (line: number, what: string): Finding => ({
  rule: 'total-mismatch',
  severity: 'info',
  line,
  message: `通报称${what}，正文未逐项列出这类条目，无法核对。`,
  suggestion: '如需核对，请以整改台账（问题清单）为准。',
});

export function checkTotals(p: ParsedNotice): Finding[] {
  const out: Finding[] = [];
  const s = p.stated;
  const c = p.counts;
  const line = (re: RegExp): number => Math.max(1, p.lines.findIndex((l) => re.test(l)) + 1);
  const compare = (key: string, stated: number | undefined, counted: number, countable: boolean, re: RegExp): void => {
    if (stated === undefined) return;
    const where = line(re);
    if (!countable) {
      out.push({
        rule: 'total-mismatch',
        severity: 'info',
        line: where,
        message: `通报称${NAMES[key]} ${stated} 个，正文未逐项列出，无法核对。`,
        suggestion: '如需核对，请以整改台账（问题清单）为准。',
      });
    } else if (stated !== counted) {
      out.push({
        rule: 'total-mismatch',
        severity: 'error',
        line: where,
        message: `通报称${NAMES[key]} ${stated} 个，正文列出 ${counted} 个。`,
        suggestion: '核对总数表述与逐项列出的条目，补列漏项或更正总数。',
      });
    }
  };
  const itemised = c.problems > 0;
  // Attachments grouped as such are not the aspects a notice counts.
  const aspects = p.nodes.filter((n) => n.kind === 'group' && n.family !== 'attachment').length;
  compare('aspects', s.aspects, aspects, aspects > 0, /(?<!\d)\d+\s*个?(?:大)?方面/);
  compare('problems', s.problems, c.problems, itemised, /(?<!\d)\d+\s*(?:个|项|条)?\s*(?:具体)?问题/);
  // Major problems map onto themes only when problems are itemised beneath them.
  compare('majorProblems', s.majorProblems, c.themes, itemised && c.themes > 0, /大项/);
  compare('subProblems', s.subProblems, c.problems, itemised, /子项|具体问题/);
  out.push(...perGroup(p));
  out.push(...measures(p, line));
  out.push(...accountability(p, line));
  out.push(...tasks(p, line));
  return out;
}

/** "附件1 …（共8个问题）": the group's own total against the problems listed under it. */
function perGroup(p: ParsedNotice): Finding[] {
  const out: Finding[] = [];
  const groups = p.nodes.filter((n) => n.kind === 'group' || n.kind === 'theme');
  for (const g of p.stated.perGroup ?? []) {
    const node = groups.find((x) => x.label === g.label);
    const at = Math.max(1, p.lines.findIndex((l) => l.startsWith(g.label) && /共/.test(l)) + 1);
    if (!node) {
      out.push(unverifiable(at, `“${g.label}”共 ${g.problems} 个问题`));
      continue;
    }
    const ids = new Set([node.id]);
    let n = 0;
    for (const x of p.nodes) {
      if (x.parentId === null || !ids.has(x.parentId)) continue;
      ids.add(x.id);
      if (x.kind === 'problem') n++;
    }
    if (n !== g.problems) {
      out.push({
        rule: 'total-mismatch',
        severity: 'error',
        line: node.line,
        nodeIds: [node.id],
        message: `“${g.label}”称共 ${g.problems} 个问题，其下列出 ${n} 个。`,
        suggestion: '核对该部分的总数表述与逐项列出的问题，补列漏项或更正总数。',
      });
    }
  }
  return out;
}

/** "制定34项整改措施" against the measures itemised; measures are counted loosely, so a warning. */
function measures(p: ParsedNotice, line: (re: RegExp) => number): Finding[] {
  const stated = p.stated.measures;
  if (stated === undefined) return [];
  const where = line(/整改措施/);
  if (p.counts.measures === 0) return [unverifiable(where, `整改措施 ${stated} 项`)];
  if (p.counts.measures === stated) return [];
  return [
    {
      rule: 'total-mismatch',
      severity: 'warning',
      line: where,
      message: `通报称整改措施 ${stated} 项，正文列出 ${p.counts.measures} 条。`,
      suggestion: '核对整改措施的总数表述与逐条列出的措施。',
    },
  ];
}

function accountability(p: ParsedNotice, line: (re: RegExp) => number): Finding[] {
  const a = p.stated.accountability;
  if (!a) return [];
  const out: Finding[] = [];
  const where = line(/问责|追究责任/);
  const parts = Object.values(a.breakdown);
  const sum = parts.reduce((x, y) => x + y, 0);
  if (parts.length > 0 && sum !== a.total) {
    out.push({
      rule: 'total-mismatch',
      severity: 'error',
      line: where,
      message: `问责总数为 ${a.total} 人次，分项合计 ${sum} 人次，二者不符。`,
      suggestion: `分项：${Object.entries(a.breakdown)
        .map(([k, v]) => `${k}${v}`)
        .join('、')}；请核对总数或分项。`,
    });
  }
  const named = p.nodes
    .flatMap((n) => n.accountability ?? [])
    .filter((m) => m.form !== '组织处理')
    .reduce((x, m) => x + m.count, 0);
  if (named > a.total) {
    out.push({
      rule: 'total-mismatch',
      severity: 'warning',
      line: where,
      message: `各项问题中点名的问责合计 ${named} 人次，多于通报所称总数 ${a.total} 人次。`,
      suggestion: '核对问责总数是否漏计。',
    });
  } else if (named < a.total) {
    out.push({
      rule: 'total-mismatch',
      severity: 'info',
      line: where,
      message: `通报称问责 ${a.total} 人次，各项问题中写明的有 ${named} 人次（并非每起都逐项写明，属正常）。`,
    });
  }
  return out;
}

/**
 * The tasks a notice states are compared with each other (done + long-term ≤ total: the parser
 * reads a done figure only where the text ties it to the tasks). The tree has no task nodes, so
 * a total that matches neither the problems nor the measures cannot be verified.
 */
function tasks(p: ParsedNotice, line: (re: RegExp) => number): Finding[] {
  const { tasks: total, tasksDone: done = 0, tasksLongTerm: long = 0 } = p.stated;
  if (total === undefined) return [];
  if (done + long <= total) {
    const matches = total === p.counts.problems || total === p.counts.measures;
    return matches ? [] : [unverifiable(line(/项(?:整改)?任务/), `整改任务 ${total} 项`)];
  }
  return [
    {
      rule: 'total-mismatch',
      severity: 'error',
      line: line(/项(?:整改)?任务/),
      message: `整改任务共 ${total} 项，但已完成 ${done} 项、长期坚持 ${long} 项，合计超过总数。`,
      suggestion: '核对任务总数及完成情况的表述。',
    },
  ];
}
