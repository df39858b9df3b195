/**
 * The registers' totals in the words the notices use: "追责问责44人次（件），其中党内严重警告2人次，…",
 * "制定完善制度85项，其中新制定44项，修订41项", "受理巡察移交问题线索12件，…办结率83.3%". Each sentence comes without
 * its final punctuation, because the composer places it inside a longer paragraph; a register with nothing in it
 * gives null (a notice does not state "追责问责0人次").
 */
import {
  ACCOUNTABILITY_FORMS,
  CLUE_DISPOSALS,
  FOUR_FORMS_CATEGORIES,
  MEETING_KINDS,
  type AccountabilityForm,
  type AccountabilityTrack,
  type RegisterTotals,
} from './types.js';
import { CATEGORY_ZH, CLUE_DISPOSAL_ZH, MEETING_KIND_ZH } from './labels.js';

export interface RegisterSentences {
  accountability: string | null;
  fourForms: string | null;
  rules: string | null;
  clues: string | null;
  work: string | null;
}

/** The unit a count is stated in: 人次 for people, 件 for matters, "人次（件）" when the count mixes both. */
function unit(persons: number, matters: number): string {
  if (persons > 0 && matters > 0) return '人次（件）';
  return matters > 0 ? '件' : '人次';
}

// The "其中" list goes from party to government to organisational handling, heaviest first within each, as the
// notices list it ("其中党内严重警告2人次，党内警告1人次，行政撤职1人次，诫勉4人次…").
const TRACK_ORDER: AccountabilityTrack[] = ['party', 'government', 'organisational'];

function listingRank(form: AccountabilityForm, track: AccountabilityTrack): number {
  return TRACK_ORDER.indexOf(track) * 100 + (ACCOUNTABILITY_FORMS.length - ACCOUNTABILITY_FORMS.indexOf(form));
}

/**
 * A rate as a notice prints it: "100%", "83.3%". Rounded DOWN to one decimal, so a round with one clue still open
 * never reads "100%".
 */
export function formatRate(rate: number): string {
  const tenths = Math.floor(rate * 1000 + 1e-9) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

export interface WordingOptions {
  /** The kind of the round, for "巡察移交问题线索" / "巡视移交问题线索". Default 巡察. */
  inspectionKind?: '巡视' | '巡察' | '审计' | '督察';
}

export function renderTotals(t: RegisterTotals, opts: WordingOptions = {}): RegisterSentences {
  return {
    accountability: accountabilitySentence(t),
    fourForms: fourFormsSentence(t),
    rules: rulesSentence(t),
    clues: cluesSentence(t, opts.inspectionKind ?? '巡察'),
    work: workSentence(t),
  };
}

function accountabilitySentence(t: RegisterTotals): string | null {
  const a = t.accountability;
  if (a.total === 0) return null;
  const lines = [...a.byForm].sort((x, y) => listingRank(x.form, x.track) - listingRank(y.form, y.track));
  const parts = lines.map((l) => `${l.form}${l.total}${unit(l.persons, l.matters)}`);
  return `追责问责${a.total}${unit(a.persons, a.matters)}，其中${parts.join('，')}`;
}

function fourFormsSentence(t: RegisterTotals): string | null {
  const a = t.accountability;
  if (a.total === 0) return null;
  const u = unit(a.persons, a.matters);
  const parts = FOUR_FORMS_CATEGORIES.filter((c) => a.byCategory[`${c}`] > 0).map((c) => `${CATEGORY_ZH[c]}${a.byCategory[`${c}`]}${u}`);
  return `运用监督执纪“四种形态”处理${a.total}${u}，其中${parts.join('，')}`;
}

function rulesSentence(t: RegisterTotals): string | null {
  const r = t.rules;
  const parts: string[] = [];
  if (r.madeOrRevised > 0) {
    let s = `制定完善制度${r.madeOrRevised}项`;
    if (r.made > 0 && r.revised > 0) s += `，其中新制定${r.made}项，修订${r.revised}项`;
    else if (r.revised > 0) s += `，均为修订`;
    parts.push(s);
  }
  if (r.abolished > 0) parts.push(r.madeOrRevised > 0 ? `废止${r.abolished}项` : `废止制度${r.abolished}项`);
  return parts.length ? parts.join('，') : null;
}

function cluesSentence(t: RegisterTotals, kind: string): string | null {
  const c = t.clues;
  if (c.received === 0) return null;
  const disposed = CLUE_DISPOSALS.filter((d) => c.byDisposal[d] > 0).map((d) => `${CLUE_DISPOSAL_ZH[d]}${c.byDisposal[d]}件`);
  let s = `受理${kind}移交问题线索${c.received}件`;
  if (disposed.length) s += `，其中${disposed.join('、')}`;
  s += `；已办结${c.concluded}件，办结率${formatRate(c.completionRate ?? 0)}`;
  return s;
}

function workSentence(t: RegisterTotals): string | null {
  const e = t.events;
  if (e.total === 0) return null;
  const parts: string[] = [];
  if (e.byKind.leading_group > 0) parts.push('成立整改工作领导小组');
  if (e.byKind.plan > 0) parts.push('审议通过整改方案');
  const meetings = MEETING_KINDS.filter((k) => e.byMeetingKind[k] > 0).map((k) => `${MEETING_KIND_ZH[k]}${e.byMeetingKind[k]}次`);
  if (meetings.length) parts.push(`召开${meetings.join('、')}`);
  if (e.byKind.supervision > 0) parts.push(`开展督导检查${e.byKind.supervision}次`);
  return parts.length ? parts.join('，') : null;
}
