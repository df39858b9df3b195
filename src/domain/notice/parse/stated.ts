/**
 * The totals a notice states about itself ("反馈的5个方面、61个具体问题",
 * "制定完善40项制度", "追责问责44人次。其中，…"), for the checker to hold against
 * what the text itemises. The first statement of each total wins: notices state
 * their totals early (organisation section) and later figures are about details.
 */
import type { StatedTotals } from '../types.js';
import { ACCOUNTABILITY_FORMS } from './figures.js';
import { cnToInt, splitSentences } from './text.js';

// (?<!\d): a number starts at its first digit, which keeps the patterns linear on digit runs.
const N = '((?<!\\d)\\d+|[一二两三四五六七八九十]{1,3})';

const MAYBE = /[\d一二两三四五六七八九十]\s*(?:个|项|条|人|名|大项|子项)/;

type Key = Exclude<keyof StatedTotals, 'accountability'>;

/** [key, pattern, guard]: the guard is a test on the whole sentence. */
const SIMPLE: [Key, RegExp, RegExp?][] = [
  ['aspects', new RegExp(`${N}\\s*个?(?:大)?方面`), /问题|反馈|意见/],
  ['majorProblems', new RegExp(`${N}\\s*(?:个)?大项(?:问题)?`)],
  ['tasks', new RegExp(`${N}\\s*项(?:整改)?任务`)],
  ['tasksDone', new RegExp(`已(?:全部)?(?:完成|办结|整改)(?:整改)?(?:任务)?\\s*${N}\\s*项`), /任务/],
  ['tasksLongTerm', new RegExp(`(?:长期(?:整改|坚持)?(?:的)?任务|需长期坚持)\\s*${N}\\s*项|${N}\\s*项[^。；，,]{0,6}长期坚持`)],
  ['supportingMeasures', new RegExp(`(?:支撑|具体|整改)措施\\s*${N}\\s*(?:条|项)`)],
  ['rulesNew', new RegExp(`(?:新建|新制定|新出台|新建立)[^。；，,\\d]{0,8}?${N}\\s*项`), /制度|规章|办法/],
  ['peopleHandled', new RegExp(`组织处理\\s*${N}\\s*(?:人|名)`)],
];

const PROBLEMS = new RegExp(`${N}\\s*(?:个|项|条)?\\s*(具体|子项|小项)?问题`);
const RULES = [
  new RegExp(`(?<!新)(?:制定|建立|完善|出台|修订)(?:完善|修订|出台|健全)?[^。；，,\\d]{0,6}?${N}\\s*(?:项|个|件)[^。；，,]{0,4}?(?:制度|规章|机制|办法)`),
  new RegExp(`(?<!新)(?:制定|建立|完善|出台)(?:完善|修订|出台|健全)?[^。；，,\\d]{0,4}?(?:制度|规章)[^。；，,\\d]{0,6}?${N}\\s*(?:项|个|件)`),
];
const REVISED = new RegExp(`修订[^。；，,\\d]{0,8}?${N}\\s*项`);

export function readStated(lines: string[]): StatedTotals {
  const out: StatedTotals = {};
  const set = (k: Key, v: string): void => {
    if (out[k] === undefined) out[k] = cnToInt(v);
  };
  for (const line of lines) {
    // Totals are numbers followed by a counter word; most sentences have none.
    if (!MAYBE.test(line)) continue;
    for (const { text } of splitSentences(line)) {
      if (!MAYBE.test(text)) continue;
      for (const [key, re, guard] of SIMPLE) {
        if (out[key] !== undefined || (guard && !guard.test(text))) continue;
        const m = re.exec(text);
        const v = m?.slice(1).find((g) => g !== undefined);
        if (v) set(key, v);
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
  // "17个大项问题、69个具体问题": the specific problems are sub-problems of the major ones.
  if (out.majorProblems !== undefined && /大项/.test(text)) set('subProblems', m[1]);
  else if (m[2] !== '子项' && m[2] !== '小项') set('problems', m[1]);
  else set('subProblems', m[1]);
}

function rules(text: string, out: StatedTotals, set: (k: Key, v: string) => void): void {
  if (out.rulesNew !== undefined && out.rulesRevised === undefined) {
    const r = REVISED.exec(text);
    if (r && /制度|规章|办法/.test(text)) set('rulesRevised', r[1]);
  }
  if (out.rules !== undefined || /新建|新制定|新出台/.test(text)) return;
  for (const re of RULES) {
    const m = re.exec(text);
    if (m) { set('rules', m[1]); return; }
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
