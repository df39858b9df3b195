/**
 * The totals a notice states about itself ("反馈的5个方面、61个具体问题",
 * "制定完善40项制度", "追责问责44人次。其中，…"), for the checker to hold against
 * what the text itemises. The first statement of each total wins: notices state
 * their totals early (organisation section) and later figures are about details.
 */
import type { StatedTotals } from '../types.js';
import { ACCOUNTABILITY_FORMS } from './figures.js';
import { matchLabel } from './labels.js';
import { cnToInt, splitSentences } from './text.js';

// (?<!\d): a number starts at its first digit, which keeps the patterns linear on digit runs.
const N = '((?<!\\d)\\d+|[一二两三四五六七八九十]{1,3})';

const MAYBE = /[\d一二两三四五六七八九十]\s*(?:个|项|条|人|名|大项|子项)/;

type Key = Exclude<keyof StatedTotals, 'accountability' | 'perGroup' | 'amountRectified'>;

/** [key, pattern, guard]: the guard is a test on the whole sentence. */
const SIMPLE: [Key, RegExp, RegExp?][] = [
  ['aspects', new RegExp(`${N}\\s*个?(?:大)?方面`), /问题|反馈|意见/],
  ['majorProblems', new RegExp(`${N}\\s*(?:个)?大项(?:问题)?`)],
  ['tasks', new RegExp(`${N}\\s*项(?:整改)?任务`)],
  // Done tasks only where the text says they are tasks: "已完成整改任务43项"; the figure that follows
  // a task total ("177项整改任务，已完成174项") is read by doneTasks below.
  ['tasksDone', new RegExp(`已(?:全部)?(?:完成|办结)(?:整改)?任务\\s*${N}\\s*项`)],
  ['tasksLongTerm', new RegExp(`(?:长期(?:整改|坚持)?(?:的)?任务|需长期坚持)\\s*${N}\\s*项|${N}\\s*项[^。；，,]{0,6}长期坚持`)],
  ['supportingMeasures', new RegExp(`(?:支撑|具体|整改)措施\\s*${N}\\s*(?:条|项)`)],
  ['rulesNew', new RegExp(`(?:新建|新制定|新出台|新建立)[^。；，,\\d]{0,8}?${N}\\s*项`), /制度|规章|办法/],
  ['peopleHandled', new RegExp(`组织处理\\s*${N}\\s*(?:人|名)`)],
  // "制定34项整改措施", "细化整改措施38条": the measures the notice itemises.
  ['measures', new RegExp(`(?<!支撑)(?:${N}\\s*(?:项|条)(?:具体)?整改措施|(?:细化|制定|提出)(?:具体)?整改措施\\s*${N}\\s*(?:项|条))`)],
  // "审计查出的…问题中，已整改到位8个": problems done, as counted by the notice.
  ['problemsDone', new RegExp(`(?:已整改(?:到位)?|已完成整改)(?:问题)?\\s*${N}\\s*个`), /问题/],
];

/** "177项整改任务，已完成174项", "有序推进9项整改任务，其中6项已完成". */
const TASKS_THEN_DONE = new RegExp(
  `${N}\\s*项(?:整改)?任务[^。；;，,]{0,4}[，,]?\\s*(?:其中)?\\s*(?:已(?:全部)?(?:完成|办结|销号)(?:整改)?\\s*${N}\\s*项|${N}\\s*项(?:已)?(?:全部)?(?:完成|办结|销号))`,
);
/** "整改问题金额12.36亿元": money, with its unit, kept as written and in 元. */
const AMOUNT = /整改(?:问题)?(?:涉及)?金额\s*((?<![\d.])\d+(?:\.\d+)?)\s*(亿元|万元|元)/;
const MONEY_FACTOR: Record<string, number> = { 亿元: 1e8, 万元: 1e4, 元: 1 };
/** "附件1 …（共20个问题）", "（一）…方面（共5个问题）": a total for one group. */
const GROUP_TOTAL = new RegExp(`[（(]\\s*共\\s*${N}\\s*(?:个|项|条)\\s*(?:具体)?问题\\s*[)）]`);
const ATTACHMENT_HEAD = /^附件\s*(\d+)/;

const PROBLEMS = new RegExp(`${N}\\s*(?:个|项|条)?\\s*(具体|子项|小项)?问题|问题共\\s*${N}\\s*(?:个|项|条)`);
const RULES = [
  new RegExp(
    `(?<!新)(?:制定|建立|完善|出台|修订)(?:完善|修订|出台|健全)?[^。；，,\\d]{0,6}?${N}\\s*(?:项|个|件)[^。；，,]{0,4}?(?:制度|规章|机制|办法)`,
  ),
  new RegExp(
    `(?<!新)(?:制定|建立|完善|出台)(?:完善|修订|出台|健全)?[^。；，,\\d]{0,4}?(?:制度|规章)[^。；，,\\d]{0,6}?${N}\\s*(?:项|个|件)`,
  ),
];
const REVISED = new RegExp(`修订[^。；，,\\d]{0,8}?${N}\\s*项`);

export function readStated(lines: string[]): StatedTotals {
  const out: StatedTotals = {};
  const set = (k: Key, v: string): void => {
    if (out[k] === undefined) out[k] = cnToInt(v);
  };
  for (const line of lines) {
    if (out.amountRectified === undefined && line.includes('金额')) {
      const a = AMOUNT.exec(line);
      if (a) out.amountRectified = { raw: `${a[1]}${a[2]}`, value: Math.round(Number(a[1]) * MONEY_FACTOR[a[2]] * 100) / 100, unit: '元' };
    }
    // Totals are numbers followed by a counter word; most sentences have none.
    if (!MAYBE.test(line)) continue;
    const group = GROUP_TOTAL.exec(line);
    if (group && line.length <= 120) {
      // A heading's own total counts that group, not the notice.
      const label = ATTACHMENT_HEAD.exec(line)?.[1] ?? null;
      const head = label ? `附件${label}` : matchLabel(line)?.label;
      if (head) (out.perGroup ??= []).push({ label: head, problems: cnToInt(group[1]) });
      continue;
    }
    for (const { text } of splitSentences(line)) {
      if (!MAYBE.test(text)) continue;
      for (const [key, re, guard] of SIMPLE) {
        if (out[key] !== undefined || (guard && !guard.test(text))) continue;
        const m = re.exec(text);
        const v = m?.slice(1).find((g) => g !== undefined);
        if (v) set(key, v);
      }
      if (out.tasksDone === undefined) {
        const t = TASKS_THEN_DONE.exec(text);
        const v = t?.slice(2).find((g) => g !== undefined);
        if (v) set('tasksDone', v);
      }
      problems(text, out, set);
      rules(text, out, set);
      if (!out.accountability) accountability(text, line, out);
    }
  }
  return out;
}

function problems(text: string, out: StatedTotals, set: (k: Key, v: string) => void): void {
  if (!/反馈|指出|方面|大项|整改台账/.test(text)) return;
  const m = PROBLEMS.exec(text.replace(new RegExp(`${N}\\s*(?:个)?大项(?:问题)?`), ''));
  if (!m) return;
  const n = m[1] ?? m[3];
  // "17个大项问题、69个具体问题": the specific problems are sub-problems of the major ones.
  if (out.majorProblems !== undefined && /大项/.test(text)) set('subProblems', n);
  else if (m[2] !== '子项' && m[2] !== '小项') set('problems', n);
  else set('subProblems', n);
}

function rules(text: string, out: StatedTotals, set: (k: Key, v: string) => void): void {
  if (out.rulesNew !== undefined && out.rulesRevised === undefined) {
    const r = REVISED.exec(text);
    if (r && /制度|规章|办法/.test(text)) set('rulesRevised', r[1]);
  }
  if (out.rules !== undefined || /新建|新制定|新出台/.test(text)) return;
  for (const re of RULES) {
    const m = re.exec(text);
    if (m) {
      set('rules', m[1]);
      return;
    }
  }
}

const FORMS = new RegExp(`(${ACCOUNTABILITY_FORMS.join('|')})\\s*${N}\\s*(?:人次|人|名|件)`, 'g');
const TOTAL = new RegExp(`(?:追责问责|问责|追究责任|(?<!组织)处理)[^。；，,\\d]{0,6}?${N}\\s*(?:人次|人|名)`);

/** "追责问责44人次(件)。其中，党内严重警告2人次，…": the total and its breakdown. */
function accountability(text: string, line: string, out: StatedTotals): void {
  const total = TOTAL.exec(text);
  if (!total) return;
  // The breakdown usually follows in the next sentence ("其中，…").
  const from = line.indexOf(text);
  const rest = line.slice(from + text.length);
  const next = /^[^。]*(?:其中|包括|分别)[^。]*/.exec(rest)?.[0] ?? '';
  const breakdown: Record<string, number> = {};
  for (const m of `${text.slice((total.index ?? 0) + total[0].length)}${next}`.matchAll(FORMS)) {
    breakdown[m[1]] = (breakdown[m[1]] ?? 0) + cnToInt(m[2]);
  }
  out.accountability = { total: cnToInt(total[1]), breakdown };
}
