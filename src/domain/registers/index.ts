/**
 * The registers of issue 8 as pure logic: the track and the four-forms category of a form of accountability,
 * the Chinese labels, the totals of a round, and the sentences a notice states them in. The server counts with
 * `computeTotals` and the web shows `renderTotals`, so the figures in the registers' pages, the report and the
 * public notice are one computation.
 */
import {
  ACCOUNTABILITY_FORMS,
  ACCOUNTABILITY_TRACKS,
  CLUE_DISPOSALS,
  MEETING_KINDS,
  WORK_EVENT_KINDS,
  type AccountabilityForm,
  type AccountabilityTrack,
  type ClueDisposal,
  type ClueStatus,
  type CountAs,
  type FourFormsCategory,
  type MeetingKind,
  type RegisterTotals,
  type RuleAction,
  type WorkEventKind,
} from './types.js';

export * from './types.js';
export * from './labels.js';
export * from './wording.js';

/*
 * The track of each form. "组织处理" is meant in the broad sense the discipline inspection statistics use
 * ("给予党纪政务处分X人、组织处理Y人"): every measure that is neither a party sanction (党纪处分条例 第八条)
 * nor a government sanction (政务处分法 第七条) — the light measures 批评教育/提醒谈话/责令检查/诫勉/通报批评 as
 * well as the adjustments of post of 组织处理规定 (停职检查、调整职务、责令辞职、免职、降职) and 调离岗位.
 */
const TRACK: Record<AccountabilityForm, AccountabilityTrack> = {
  批评教育: 'organisational',
  提醒谈话: 'organisational',
  责令检查: 'organisational',
  诫勉: 'organisational',
  通报批评: 'organisational',
  调离岗位: 'organisational',
  停职检查: 'organisational',
  调整职务: 'organisational',
  责令辞职: 'organisational',
  免职: 'organisational',
  降职: 'organisational',
  党内警告: 'party',
  党内严重警告: 'party',
  撤销党内职务: 'party',
  留党察看: 'party',
  开除党籍: 'party',
  政务警告: 'government',
  记过: 'government',
  记大过: 'government',
  降级: 'government',
  撤职: 'government',
  开除: 'government',
};

/*
 * The four forms (监督执纪"四种形态", 监督执纪工作规则 第二条): "批评和自我批评、谈话函询、提醒谈话、批评教育、责令检查、
 * 诫勉 … 党纪轻处分、组织调整成为违纪处理的大多数；党纪重处分、重大职务调整的成为少数；严重违纪涉嫌违法立案审查的成为极少数".
 *
 * - 1st: the light measures that are not sanctions: 批评教育、提醒谈话、责令检查、诫勉, and 通报批评 (a 问责方式 of the same
 *   weight, 问责条例 第八条 "通报").
 * - 2nd: light sanctions and 组织调整. Party: 警告、严重警告. Government: 警告、记过、记大过 — the statistics count the
 *   government sanctions up to 记大过 as 轻处分, mirroring the party's. 组织调整: 调离岗位、停职检查、调整职务, which move a
 *   cadre without taking rank or office away.
 * - 3rd: heavy sanctions and 重大职务调整. Party: 撤销党内职务、留党察看、开除党籍. Government: 降级、撤职、开除 — the
 *   government sanctions from 降级 on are 重处分 because they take rank or office away, like 撤销党内职务. So 降级/撤职 are
 *   always third, never second: they are "heavy" by their nature, and a register cannot judge a case's gravity
 *   better than the sanction chosen for it. Organisational: 责令辞职、免职、降职 (the post or rank is lost).
 * - 4th: 严重违纪涉嫌违法 transferred to the judicial organs: an expulsion (开除党籍 or 开除) recorded as transferred
 *   (移送司法机关). Without the transfer an expulsion is a heavy sanction, third form.
 */
const CATEGORY: Record<AccountabilityForm, 1 | 2 | 3> = {
  批评教育: 1,
  提醒谈话: 1,
  责令检查: 1,
  诫勉: 1,
  通报批评: 1,
  调离岗位: 2,
  停职检查: 2,
  调整职务: 2,
  党内警告: 2,
  党内严重警告: 2,
  政务警告: 2,
  记过: 2,
  记大过: 2,
  责令辞职: 3,
  免职: 3,
  降职: 3,
  撤销党内职务: 3,
  留党察看: 3,
  开除党籍: 3,
  降级: 3,
  撤职: 3,
  开除: 3,
};

/** The forms that may be recorded as transferred to the judicial organs (the fourth form). */
export const TRANSFERABLE_FORMS: readonly AccountabilityForm[] = ['开除党籍', '开除'];

export function isAccountabilityForm(s: string): s is AccountabilityForm {
  return (ACCOUNTABILITY_FORMS as readonly string[]).includes(s);
}

/** The track (党纪/政务/组织处理) of a form. */
export function trackOf(form: AccountabilityForm): AccountabilityTrack {
  return TRACK[form];
}

/** The four-forms category of an entry: from its form, and the transfer to judicial organs for an expulsion. */
export function categoryOf(form: AccountabilityForm, transferredToJudicial = false): FourFormsCategory {
  if (transferredToJudicial && TRANSFERABLE_FORMS.includes(form)) return 4;
  return CATEGORY[form];
}

/** The facts of the registers that the totals are computed from (counts only: no names). */
export interface TotalsInput {
  inspectionId: number;
  accountability: { form: AccountabilityForm; countAs: CountAs; transferredToJudicial: boolean }[];
  rules: { action: RuleAction }[];
  clues: { disposal: ClueDisposal | null; status: ClueStatus }[];
  events: { kind: WorkEventKind; meetingKind: MeetingKind | null }[];
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** The totals of one round, as the report and the notice state them. */
export function computeTotals(input: TotalsInput): RegisterTotals {
  const byForm = new Map<AccountabilityForm, { persons: number; matters: number }>();
  const byTrack = zeros(ACCOUNTABILITY_TRACKS);
  const byCategory: RegisterTotals['accountability']['byCategory'] = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let persons = 0;
  let matters = 0;
  let transferred = 0;
  for (const e of input.accountability) {
    const line = byForm.get(e.form) ?? { persons: 0, matters: 0 };
    if (e.countAs === 'person') {
      line.persons += 1;
      persons += 1;
    } else {
      line.matters += 1;
      matters += 1;
    }
    byForm.set(e.form, line);
    byTrack[trackOf(e.form)] += 1;
    const cat = categoryOf(e.form, e.transferredToJudicial);
    byCategory[`${cat}`] += 1;
    if (cat === 4) transferred += 1;
  }
  const rules = zeros(['made', 'revised', 'abolished'] as const);
  for (const r of input.rules) rules[r.action] += 1;
  const byDisposal = zeros(CLUE_DISPOSALS);
  let undisposed = 0;
  let concluded = 0;
  for (const c of input.clues) {
    if (c.disposal) byDisposal[c.disposal] += 1;
    else undisposed += 1;
    if (c.status === 'concluded') concluded += 1;
  }
  const byKind = zeros(WORK_EVENT_KINDS);
  const byMeetingKind = zeros(MEETING_KINDS);
  for (const e of input.events) {
    byKind[e.kind] += 1;
    if (e.kind === 'meeting') byMeetingKind[e.meetingKind ?? 'other'] += 1;
  }
  return {
    inspectionId: input.inspectionId,
    accountability: {
      total: persons + matters,
      persons,
      matters,
      byForm: ACCOUNTABILITY_FORMS.filter((f) => byForm.has(f)).map((form) => {
        const l = byForm.get(form)!;
        return { form, track: trackOf(form), persons: l.persons, matters: l.matters, total: l.persons + l.matters };
      }),
      byTrack,
      byCategory,
      transferredToJudicial: transferred,
    },
    rules: { madeOrRevised: rules.made + rules.revised, ...rules },
    clues: {
      received: input.clues.length,
      byDisposal,
      undisposed,
      concluded,
      completionRate: input.clues.length ? concluded / input.clues.length : null,
    },
    events: { total: input.events.length, byKind, byMeetingKind },
  };
}
