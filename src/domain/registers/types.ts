/**
 * The contract of the registers of issue 8 (问责, 建章立制, 问题线索移交, and the work's own record):
 * the value sets, and the totals that the report and the public notice state. The DOCUMENTS side composes
 * its sentences from `RegisterTotals` and the list of `WorkEventSummary`, returned together by the server's
 * `registerTotals(db, { inspectionId })` (src/server/modules/registers/repository.ts). Keep this file free
 * of logic: it is imported by the server, the web and the document composer alike.
 */

/**
 * Forms of accountability as the notices name them (the canonical legal names are the stored values,
 * because the notice prints them verbatim). The order is the order of severity within each track, which
 * is also the order in which a notice lists "其中…" breakdowns.
 */
export const ACCOUNTABILITY_FORMS = [
  // Light measures that are not sanctions (问责条例 通报/诫勉; 监督执纪工作规则 first form)
  '批评教育',
  '提醒谈话',
  '责令检查',
  '诫勉',
  '通报批评',
  // Organisational handling (组织处理规定: 停职检查、调整职务、责令辞职、免职、降职), plus 调离岗位 which notices use
  '调离岗位',
  '停职检查',
  '调整职务',
  '责令辞职',
  '免职',
  '降职',
  // Party discipline (党纪处分条例 第八条)
  '党内警告',
  '党内严重警告',
  '撤销党内职务',
  '留党察看',
  '开除党籍',
  // Government sanctions (政务处分法 第七条)
  '政务警告',
  '记过',
  '记大过',
  '降级',
  '撤职',
  '开除',
] as const;
export type AccountabilityForm = (typeof ACCOUNTABILITY_FORMS)[number];

/** The track (处理类别) a form belongs to. */
export const ACCOUNTABILITY_TRACKS = ['party', 'government', 'organisational'] as const;
export type AccountabilityTrack = (typeof ACCOUNTABILITY_TRACKS)[number];

/** 监督执纪"四种形态": 1 = 第一种形态 … 4 = 第四种形态. */
export const FOUR_FORMS_CATEGORIES = [1, 2, 3, 4] as const;
export type FourFormsCategory = (typeof FOUR_FORMS_CATEGORIES)[number];

/** Whether an entry is counted as a person (人次) or as a matter (件: a body, e.g. a party committee held accountable). */
export const COUNT_AS = ['person', 'matter'] as const;
export type CountAs = (typeof COUNT_AS)[number];

/** 建章立制: what was done to a rule. */
export const RULE_ACTIONS = ['made', 'revised', 'abolished'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** Whom a clue was handed to. */
export const CLUE_RECIPIENTS = ['discipline', 'organisation', 'other'] as const;
export type ClueRecipient = (typeof CLUE_RECIPIENTS)[number];

/** How a clue is disposed of (监督执纪工作规则: 谈话函询、初步核实、暂存待查、予以了结; 立案审查 after 初核). */
export const CLUE_DISPOSALS = ['inquiry', 'preliminary', 'case', 'shelved', 'concluded_off'] as const;
export type ClueDisposal = (typeof CLUE_DISPOSALS)[number];

/** A clue's state: received, being handled, concluded (办结). */
export const CLUE_STATUSES = ['received', 'in_progress', 'concluded'] as const;
export type ClueStatus = (typeof CLUE_STATUSES)[number];

/** The work's own record: the steps a notice reports in its first section. */
export const WORK_EVENT_KINDS = ['leading_group', 'plan', 'meeting', 'supervision', 'other'] as const;
export type WorkEventKind = (typeof WORK_EVENT_KINDS)[number];

/** The kind of meeting, for `kind === 'meeting'`. */
export const MEETING_KINDS = ['party_group', 'democratic_life', 'scheduling', 'promotion', 'other'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** One line of the accountability breakdown by form; only forms with at least one entry appear. */
export interface AccountabilityByForm {
  form: AccountabilityForm;
  track: AccountabilityTrack;
  persons: number;
  matters: number;
  /** persons + matters */
  total: number;
}

/** Everything the report and the notice state as totals, for one inspection round. Counts, never names. */
export interface RegisterTotals {
  inspectionId: number;
  accountability: {
    /** 追责问责 N 人次（件）: persons + matters. */
    total: number;
    /** 人次 */
    persons: number;
    /** 件 */
    matters: number;
    /** In the order of ACCOUNTABILITY_FORMS; zero lines left out. */
    byForm: AccountabilityByForm[];
    /** Every track present, zero included. */
    byTrack: Record<AccountabilityTrack, number>;
    /** Keys '1'..'4' (JSON object keys), zero included. */
    byCategory: Record<`${FourFormsCategory}`, number>;
    /** Entries transferred to judicial organs (移送司法机关). */
    transferredToJudicial: number;
  };
  rules: {
    /** 制定完善制度 N 项 = made + revised (an abolished rule is not "完善"). */
    madeOrRevised: number;
    made: number;
    revised: number;
    abolished: number;
  };
  clues: {
    received: number;
    /** Every disposal present, zero included; clues not yet disposed of are in `undisposed`. */
    byDisposal: Record<ClueDisposal, number>;
    undisposed: number;
    /** Status 'concluded' (办结). */
    concluded: number;
    /** concluded / received, 0..1; null when no clue was received (no rate to state). */
    completionRate: number | null;
  };
  events: {
    total: number;
    /** Every kind present, zero included. */
    byKind: Record<WorkEventKind, number>;
    /** Meetings (kind 'meeting') by the kind of meeting, zero included. */
    byMeetingKind: Record<MeetingKind, number>;
  };
}

/** A file attached to a register entry, stored in the evidence store (content-addressed by SM3). */
export interface RegisterFileRef {
  id: number;
  filename: string;
  mime: string;
  size: number;
  /** SM3 digest, hex. */
  digest: string;
}

/** A work event as the notice's "organisation of the work" needs it, in date order. */
export interface WorkEventSummary {
  id: number;
  kind: WorkEventKind;
  /** Beijing date, YYYY-MM-DD. */
  date: string;
  /** e.g. "成立巡察整改工作领导小组", "召开党组会专题研究巡察反馈意见整改工作". */
  title: string;
  /** For meetings only. */
  meetingKind: MeetingKind | null;
  /** 组长 (leading group) or the person who chaired (meeting); null when not recorded. */
  chair: string | null;
  /** Members of the leading group, or participants; may be empty. */
  members: string[];
  /** Free text: what was decided, the plan's contents, what the inspection found. */
  detail: string;
  files: RegisterFileRef[];
}

/** What `registerTotals(db, { inspectionId })` returns. */
export interface RegisterTotalsResult {
  totals: RegisterTotals;
  events: WorkEventSummary[];
}
