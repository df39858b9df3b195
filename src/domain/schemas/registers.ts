/**
 * Requests and answers of the registers (issue 8): accountability (问责), rules (建章立制), clues handed over
 * (问题线索移交) and the work's own record (领导小组、整改方案、会议、督导检查). The server validates with the
 * request schemas and declares the answers with the response schemas (the serializer drops any field not declared);
 * the web's forms validate with the same schemas and its types are inferred from them.
 */
import { z } from 'zod';
import {
  ACCOUNTABILITY_FORMS,
  ACCOUNTABILITY_TRACKS,
  CLUE_DISPOSALS,
  CLUE_RECIPIENTS,
  CLUE_STATUSES,
  COUNT_AS,
  MEETING_KINDS,
  RULE_ACTIONS,
  TRANSFERABLE_FORMS,
  WORK_EVENT_KINDS,
  type RegisterTotals,
  type WorkEventSummary,
} from '../registers/index.js';
import { id, isoDate, multiLineText, pagingFields, queryText, singleLineText } from './index.js';
import { dateSchema, fileDownload, idSchema, instantSchema, pageSchema } from './responses/common.js';

// ————————————————————————————————————————————— requests —————————————————————————————————————————————

/** A choice from a fixed list: "请选择…" when missing, "…取值无效" when not one of the values. */
function choice<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: (iss) => (iss.input === undefined || iss.input === null ? `请选择${what}` : `${what}取值无效`) });
}
/** A required business date: "请填写…" when missing, then the shared date checks. */
function requiredDate(what: string) {
  return z
    .string({ error: `请填写${what}` })
    .min(1, { message: `请填写${what}` })
    .pipe(isoDate);
}
/**
 * Cross-field rules run even when another field is wrong (`when`), so a form shows every problem at once; the
 * value may then be partial, hence the optional reads — but only on an object (a body of `null` has no fields).
 */
const always = { when: (p: { value: unknown }) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) };

const formEnum = choice(ACCOUNTABILITY_FORMS, '问责方式');
const countAsEnum = choice(COUNT_AS, '计数方式（人次或件）');
const ruleActionEnum = choice(RULE_ACTIONS, '制度类型（制定、修订或废止）');
const recipientEnum = choice(CLUE_RECIPIENTS, '移交对象');
const disposalEnum = choice(CLUE_DISPOSALS, '处置方式');
const clueStatusEnum = choice(CLUE_STATUSES, '线索状态');
const eventKindEnum = choice(WORK_EVENT_KINDS, '工作事项类型');
const meetingKindEnum = choice(MEETING_KINDS, '会议类型');

/** The problems of the round an entry answers (ids of the same round's problems; checked by the server). */
const problemIds = z.array(id).max(100, { message: '对应问题最多 100 个' }).default([]);

/** The fields of an accountability entry, as created and as replaced by an edit. */
const accountabilityShape = {
  /** 人次 (a person held accountable) or 件 (a body, e.g. a party branch). Default person. */
  countAs: countAsEnum.default('person'),
  /** The person's name; required for 人次. Personal data: shown only to 整改办, leaders, 纪检 and the inspection office. */
  personName: singleLineText(64, '姓名').nullable().optional(),
  /** The person's position (职务) when held accountable, e.g. "工程建设处副处长"; may be empty. */
  position: singleLineText(100, '职务', { min: 0 }).default(''),
  /** The person's rank (职级), e.g. "四级调研员"; may be empty. */
  rank: singleLineText(40, '职级', { min: 0 }).default(''),
  /** The form of accountability as the notices name it; the track and the four-forms category follow from it. */
  form: formEnum,
  /** 移送司法机关: only for 开除党籍/开除; makes the entry the fourth form. */
  transferredToJudicial: z.boolean({ error: '是否移送司法机关应为 true 或 false' }).default(false),
  /** The date of the decision (Beijing date). */
  decisionDate: requiredDate('决定日期'),
  /** The body that decided, e.g. "局党组", "驻局纪检监察组". */
  decidingBody: singleLineText(100, '决定机关'),
  /** What the person or body was held accountable for; may be empty. */
  reason: multiLineText(2000, '问责事由', { min: 0 }).default(''),
  /** The problems of the round this entry answers. */
  problemIds,
};

type Partial2<T> = { [K in keyof T]?: T[K] | undefined };
type AccountabilityFields = Partial2<{ countAs: string; personName: string | null; form: string; transferredToJudicial: boolean }>;
/** The rules across fields of an accountability entry. */
function withAccountabilityRules<S extends z.ZodType<AccountabilityFields>>(schema: S) {
  return schema
    .refine((v) => v.countAs !== 'person' || !!v.personName, { ...always, message: '按人次计的问责须填写姓名', path: ['personName'] })
    .refine((v) => !v.transferredToJudicial || (TRANSFERABLE_FORMS as readonly (string | undefined)[]).includes(v.form), {
      ...always,
      message: '只有开除党籍或开除可以登记为移送司法机关',
      path: ['transferredToJudicial'],
    });
}

/** POST /registers/accountability */
export const accountabilityCreateBody = withAccountabilityRules(
  z
    .object({
      /** The inspection round the entry belongs to. */
      inspectionId: id,
      ...accountabilityShape,
    })
    .strict(),
);
export type AccountabilityCreateBody = z.infer<typeof accountabilityCreateBody>;

/** PUT /registers/accountability/:id — the whole entry as edited (the round does not change). */
export const accountabilityUpdateBody = withAccountabilityRules(z.object(accountabilityShape).strict());
export type AccountabilityUpdateBody = z.infer<typeof accountabilityUpdateBody>;

/** GET /registers/accountability — the entries of one round, filtered. */
export const accountabilityQuery = z.object({
  /** The inspection round (required: every register belongs to one round). */
  inspectionId: id,
  /** Only this form. */
  form: formEnum.optional(),
  /** Only this track (党纪/政务/组织处理). */
  track: z.enum(ACCOUNTABILITY_TRACKS, { message: '处理类别取值无效' }).optional(),
  /** Only this four-forms category, 1–4. */
  category: z.enum(['1', '2', '3', '4'], { message: '四种形态应为 1–4' }).optional(),
  /** Only persons or only matters. */
  countAs: countAsEnum.optional(),
  /** Only entries answering this problem. */
  problemId: id.optional(),
  /**
   * Free text over the deciding body and, for those who may see them, positions and reasons; a name only as a
   * whole (names are encrypted at rest and found through a blind index: a part of a name matches nothing).
   */
  q: queryText(100, '搜索词').optional(),
  ...pagingFields(),
});
export type AccountabilityQuery = z.infer<typeof accountabilityQuery>;

const ruleShape = {
  /** The rule's title, e.g. "《局机关公务接待管理规定》". */
  title: singleLineText(200, '制度名称'),
  /** 制定 (new), 修订 (revised) or 废止 (abolished). */
  action: ruleActionEnum,
  /** The document number (文号), e.g. "江水党〔2026〕12号"; may be empty. */
  docNumber: singleLineText(60, '文号', { min: 0 }).default(''),
  /** The date of issue (Beijing date). */
  issuedDate: requiredDate('印发日期'),
  /** The issuing body, e.g. "局党组". */
  issuingBody: singleLineText(100, '印发机关'),
  /** A note: what the rule settles; may be empty. */
  note: multiLineText(2000, '备注', { min: 0 }).default(''),
  /** The problems of the round this rule answers. */
  problemIds,
};

/** POST /registers/rules (the file itself is uploaded after, to /registers/rules/:id/files). */
export const ruleCreateBody = z.object({ /** The inspection round. */ inspectionId: id, ...ruleShape }).strict();
export type RuleCreateBody = z.infer<typeof ruleCreateBody>;
/** PUT /registers/rules/:id */
export const ruleUpdateBody = z.object(ruleShape).strict();
export type RuleUpdateBody = z.infer<typeof ruleUpdateBody>;

/** GET /registers/rules */
export const ruleQuery = z.object({
  /** The inspection round. */
  inspectionId: id,
  /** Only this action. */
  action: ruleActionEnum.optional(),
  /** Only rules answering this problem. */
  problemId: id.optional(),
  /** Free text over title, document number and issuing body. */
  q: queryText(100, '搜索词').optional(),
  ...pagingFields(),
});
export type RuleQuery = z.infer<typeof ruleQuery>;

const clueShape = {
  /** The clue's number as the inspection group gave it; may be empty. */
  clueNumber: singleLineText(60, '线索编号', { min: 0 }).default(''),
  /** The date it was received from the inspection group. */
  receivedDate: requiredDate('接收日期'),
  /** What the clue is about. Personal data (it names people): shown like the names of the accountability register. */
  summary: multiLineText(2000, '线索摘要'),
  /** Whom it was handed to: 纪委监委, 组织部 or another body. */
  handedTo: recipientEnum,
  /** The receiving body's name, e.g. "区纪委监委第三监督检查室"; required when handedTo is "other". */
  handedToName: singleLineText(100, '接收单位', { min: 0 }).default(''),
  /** How it is disposed of (谈话函询, 初步核实, 立案审查, 暂存待查, 予以了结); null while not yet decided. */
  disposal: disposalEnum.nullable().default(null),
  /** received → in_progress → concluded (办结). */
  status: clueStatusEnum.default('received'),
  /** The result; required once concluded. Personal data, like the summary. */
  result: multiLineText(2000, '办理结果', { min: 0 }).default(''),
  /** The date it was concluded: required with status concluded, absent otherwise. */
  concludedDate: isoDate.nullable().default(null),
};

type ClueFields = Partial2<{
  handedTo: string;
  handedToName: string;
  status: string;
  result: string;
  concludedDate: string | null;
  receivedDate: string;
}>;
/** The rules across fields of a clue: the receiving body of "other", and what 办结 requires. */
function withClueRules<S extends z.ZodType<ClueFields>>(schema: S) {
  return (
    schema
      .refine((v) => v.handedTo !== 'other' || !!v.handedToName, {
        ...always,
        message: '移交其他单位时须填写接收单位',
        path: ['handedToName'],
      })
      .refine((v) => v.status !== 'concluded' || !!v.concludedDate, {
        ...always,
        message: '已办结的线索须填写办结日期',
        path: ['concludedDate'],
      })
      .refine((v) => v.status !== 'concluded' || !!v.result?.trim(), { ...always, message: '已办结的线索须填写办理结果', path: ['result'] })
      .refine((v) => v.status === 'concluded' || !v.concludedDate, {
        ...always,
        message: '未办结的线索不能填写办结日期',
        path: ['concludedDate'],
      })
      // compared only as the strings they must be: a partial value may hold anything (a 5,000-deep array overflows `>=`)
      .refine((v) => typeof v.concludedDate !== 'string' || typeof v.receivedDate !== 'string' || v.concludedDate >= v.receivedDate, {
        ...always,
        message: '办结日期不能早于接收日期',
        path: ['concludedDate'],
      })
  );
}

/** POST /registers/clues */
export const clueCreateBody = withClueRules(z.object({ /** The inspection round. */ inspectionId: id, ...clueShape }).strict());
export type ClueCreateBody = z.infer<typeof clueCreateBody>;
/** PUT /registers/clues/:id */
export const clueUpdateBody = withClueRules(z.object(clueShape).strict());
export type ClueUpdateBody = z.infer<typeof clueUpdateBody>;

/** GET /registers/clues */
export const clueQuery = z.object({
  /** The inspection round. */
  inspectionId: id,
  /** Only this status. */
  status: clueStatusEnum.optional(),
  /** Only this disposal. */
  disposal: disposalEnum.optional(),
  /** Only clues handed to this recipient. */
  handedTo: recipientEnum.optional(),
  ...pagingFields(),
});
export type ClueQuery = z.infer<typeof clueQuery>;

const eventShape = {
  /** 成立领导小组, 审议通过整改方案, 会议, 督导检查 or another step of the work. */
  kind: eventKindEnum,
  /** The kind of meeting: required for kind "meeting", absent otherwise. */
  meetingKind: meetingKindEnum.nullable().default(null),
  /** The date (Beijing date). */
  date: requiredDate('日期'),
  /** What happened, as the notice would say it, e.g. "召开党组会专题研究巡察整改工作". */
  title: singleLineText(200, '事项'),
  /** 组长 of the leading group, or who chaired the meeting; may be absent. */
  chair: singleLineText(64, '组长或主持人', { min: 0 }).nullable().default(null),
  /** Members of the leading group or participants, one name or position each. */
  members: z.array(singleLineText(64, '成员')).max(60, { message: '成员最多 60 人' }).default([]),
  /** Decisions, contents of the plan, findings of an inspection; may be empty. */
  detail: multiLineText(4000, '内容摘要', { min: 0 }).default(''),
};

/** A meeting has its kind of meeting; nothing else has one. */
function withEventRules<S extends z.ZodType<Partial2<{ kind: string; meetingKind: string | null }>>>(schema: S) {
  return schema
    .refine((v) => v.kind !== 'meeting' || !!v.meetingKind, { ...always, message: '请选择会议类型', path: ['meetingKind'] })
    .refine((v) => v.kind === 'meeting' || !v.meetingKind, { ...always, message: '只有会议需要会议类型', path: ['meetingKind'] });
}

/** POST /registers/events (files — minutes, the plan — are uploaded after, to /registers/events/:id/files). */
export const workEventCreateBody = withEventRules(z.object({ /** The inspection round. */ inspectionId: id, ...eventShape }).strict());
export type WorkEventCreateBody = z.infer<typeof workEventCreateBody>;
/** PUT /registers/events/:id */
export const workEventUpdateBody = withEventRules(z.object(eventShape).strict());
export type WorkEventUpdateBody = z.infer<typeof workEventUpdateBody>;

/** GET /registers/events */
export const workEventQuery = z.object({
  /** The inspection round. */
  inspectionId: id,
  /** Only this kind. */
  kind: eventKindEnum.optional(),
  ...pagingFields(),
});
export type WorkEventQuery = z.infer<typeof workEventQuery>;

/** GET /registers/totals */
export const registerTotalsQuery = z.object({
  /** The inspection round. */
  inspectionId: id,
});
export type RegisterTotalsQuery = z.infer<typeof registerTotalsQuery>;

// ————————————————————————————————————————————— answers —————————————————————————————————————————————

/** What the user may do to one register entry. */
export const registerEntryAbilitiesSchema = z.object({
  /** Replace the entry's fields (整改办; 纪检 too for accountability and clues). */
  edit: z.boolean(),
  /** Delete the entry (same people as edit). */
  delete: z.boolean(),
  /** Upload or remove files (rules and work events only). */
  attach: z.boolean(),
});
export type RegisterEntryAbilities = z.input<typeof registerEntryAbilitiesSchema>;

/** What the user may do on a register list. */
export const registerListAbilitiesSchema = z.object({
  /** Add an entry to this register of this round. */
  create: z.boolean(),
  /** Sees personal data (names, positions, reasons, clue summaries); false: those fields arrive as null. */
  viewPersonalData: z.boolean(),
});

/** A problem an entry answers. */
export const linkedProblemSchema = z.object({
  /** The problem id. */
  id: idSchema,
  /** Its label as written, e.g. "（三）". */
  label: z.string(),
  /** Its title. */
  title: z.string(),
});

/** A file of a rule or work event, in the evidence store. */
export const registerFileSchema = z.object({
  /** The file id (GET /registers/files/:id downloads it). */
  id: idSchema,
  /** The file name as uploaded. */
  filename: z.string(),
  /** The MIME type it is served with. */
  mime: z.string(),
  /** Size in bytes. */
  size: z.int().nonnegative(),
  /** SM3 digest of the bytes, hex: proves which file was filed. */
  digest: z.string(),
});

/** GET /registers/files/:id answers the file itself (its type, `content-disposition: attachment`, `x-content-digest: sm3=<hex>`). */
export const registerFileDownload = fileDownload('application/octet-stream', '制度文件或会议纪要等文件本身，content-type 为其类型');

/** The multipart upload of files to a rule or work event: no text fields, 1–20 files in the field "file". */
export const registerFilesUpload = { fields: z.object({}), fileField: 'file', minFiles: 1, maxFiles: 20 };

/** One accountability entry. Personal fields are null for those who may not see them (and `personalHidden` true). */
export const accountabilityEntrySchema = z.object({
  /** The entry id. */
  id: idSchema,
  /** Its inspection round. */
  inspectionId: idSchema,
  /** The round's unit. */
  unitId: idSchema,
  /** 人次 or 件. */
  countAs: countAsEnum,
  /** The person's name; null when hidden or for a matter without one. */
  personName: z.string().nullable(),
  /** Position; null when hidden. */
  position: z.string().nullable(),
  /** Rank; null when hidden. */
  rank: z.string().nullable(),
  /** The form of accountability. */
  form: formEnum,
  /** Its track, derived from the form. */
  track: z.enum(ACCOUNTABILITY_TRACKS),
  /** Its four-forms category 1–4, derived from the form and the transfer. */
  category: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  /** Transferred to the judicial organs. */
  transferredToJudicial: z.boolean(),
  /** Date of the decision. */
  decisionDate: dateSchema,
  /** The deciding body. */
  decidingBody: z.string(),
  /** What it was for; null when hidden. */
  reason: z.string().nullable(),
  /** True when the personal fields were withheld from this user. */
  personalHidden: z.boolean(),
  /** The problems it answers. */
  problems: z.array(linkedProblemSchema),
  /** When it was recorded. */
  createdAt: instantSchema,
  /** When it was last changed. */
  updatedAt: instantSchema,
  /** What the user may do to it. */
  abilities: registerEntryAbilitiesSchema,
});
export type AccountabilityEntry = z.input<typeof accountabilityEntrySchema>;

/** One rule of the 建章立制 register. */
export const ruleEntrySchema = z.object({
  /** The rule id. */
  id: idSchema,
  /** Its inspection round. */
  inspectionId: idSchema,
  /** The round's unit. */
  unitId: idSchema,
  /** The rule's title. */
  title: z.string(),
  /** made, revised or abolished. */
  action: ruleActionEnum,
  /** Document number (文号); may be empty. */
  docNumber: z.string(),
  /** Date of issue. */
  issuedDate: dateSchema,
  /** The issuing body. */
  issuingBody: z.string(),
  /** A note; may be empty. */
  note: z.string(),
  /** The problems it answers. */
  problems: z.array(linkedProblemSchema),
  /** The rule's files (the document itself). */
  files: z.array(registerFileSchema),
  /** When it was recorded. */
  createdAt: instantSchema,
  /** When it was last changed. */
  updatedAt: instantSchema,
  /** What the user may do to it. */
  abilities: registerEntryAbilitiesSchema,
});
export type RuleEntry = z.input<typeof ruleEntrySchema>;

/** One clue handed over by the inspection group. Summary and result are null for those who may not see them. */
export const clueEntrySchema = z.object({
  /** The clue id. */
  id: idSchema,
  /** Its inspection round. */
  inspectionId: idSchema,
  /** The round's unit. */
  unitId: idSchema,
  /** The inspection group's number for it; may be empty. */
  clueNumber: z.string(),
  /** Date received. */
  receivedDate: dateSchema,
  /** What it is about; null when hidden. */
  summary: z.string().nullable(),
  /** Whom it was handed to. */
  handedTo: recipientEnum,
  /** The receiving body's name; may be empty. */
  handedToName: z.string(),
  /** How it is disposed of; null while undecided. */
  disposal: disposalEnum.nullable(),
  /** received, in_progress or concluded. */
  status: clueStatusEnum,
  /** The result; null when hidden, empty while open. */
  result: z.string().nullable(),
  /** Date concluded; null while open. */
  concludedDate: dateSchema.nullable(),
  /** True when summary and result were withheld from this user. */
  personalHidden: z.boolean(),
  /** When it was recorded. */
  createdAt: instantSchema,
  /** When it was last changed. */
  updatedAt: instantSchema,
  /** What the user may do to it. */
  abilities: registerEntryAbilitiesSchema,
});
export type ClueEntry = z.input<typeof clueEntrySchema>;

/** One step of the work (领导小组, 方案, 会议, 督导检查). */
export const workEventEntrySchema = z.object({
  /** The event id. */
  id: idSchema,
  /** Its inspection round. */
  inspectionId: idSchema,
  /** The round's unit. */
  unitId: idSchema,
  /** The kind of step. */
  kind: eventKindEnum,
  /** The kind of meeting; null unless kind is meeting. */
  meetingKind: meetingKindEnum.nullable(),
  /** Its date. */
  date: dateSchema,
  /** What happened. */
  title: z.string(),
  /** 组长 or who chaired; null when not recorded. */
  chair: z.string().nullable(),
  /** Members or participants. */
  members: z.array(z.string()),
  /** Decisions, contents, findings. */
  detail: z.string(),
  /** Files: minutes, the plan, the founding notice. */
  files: z.array(registerFileSchema),
  /** When it was recorded. */
  createdAt: instantSchema,
  /** When it was last changed. */
  updatedAt: instantSchema,
  /** What the user may do to it. */
  abilities: registerEntryAbilitiesSchema,
});
export type WorkEventEntry = z.input<typeof workEventEntrySchema>;

/** One page of a register's entries of a round matching the filters, in date order, and what the user may do. */
function listSchema<T extends z.ZodType>(item: T) {
  return pageSchema(item).extend({
    /** What the user may do on this register of this round. */
    abilities: registerListAbilitiesSchema,
  });
}
export const accountabilityListSchema = listSchema(accountabilityEntrySchema);
export type AccountabilityList = z.input<typeof accountabilityListSchema>;
export const ruleListSchema = listSchema(ruleEntrySchema);
export type RuleList = z.input<typeof ruleListSchema>;
export const clueListSchema = listSchema(clueEntrySchema);
export type ClueList = z.input<typeof clueListSchema>;
export const workEventListSchema = listSchema(workEventEntrySchema);
export type WorkEventList = z.input<typeof workEventListSchema>;

const count = z.int().nonnegative();
const countsOf = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, count])) as Record<K, typeof count>);

/** The totals of a round (RegisterTotals of src/domain/registers/types.ts): counts, never names. */
export const registerTotalsSchema = z.object({
  /** The round. */
  inspectionId: idSchema,
  /** 追责问责. */
  accountability: z.object({
    /** persons + matters. */
    total: count,
    /** 人次. */
    persons: count,
    /** 件. */
    matters: count,
    /** By form, in the order of the forms, zero lines left out. */
    byForm: z.array(
      z.object({
        /** The form. */
        form: formEnum,
        /** Its track. */
        track: z.enum(ACCOUNTABILITY_TRACKS),
        /** 人次 of this form. */
        persons: count,
        /** 件 of this form. */
        matters: count,
        /** persons + matters. */
        total: count,
      }),
    ),
    /** By track, every track present. */
    byTrack: countsOf(ACCOUNTABILITY_TRACKS),
    /** By four-forms category '1'..'4'. */
    byCategory: countsOf(['1', '2', '3', '4'] as const),
    /** Transferred to judicial organs. */
    transferredToJudicial: count,
  }),
  /** 建章立制. */
  rules: z.object({
    /** 制定完善 = made + revised. */
    madeOrRevised: count,
    /** 新制定. */
    made: count,
    /** 修订. */
    revised: count,
    /** 废止. */
    abolished: count,
  }),
  /** 问题线索. */
  clues: z.object({
    /** Received. */
    received: count,
    /** By disposal, every disposal present. */
    byDisposal: countsOf(CLUE_DISPOSALS),
    /** Not yet disposed of. */
    undisposed: count,
    /** 已办结. */
    concluded: count,
    /** 办结率 0..1; null with no clue. */
    completionRate: z.number().min(0).max(1).nullable(),
  }),
  /** The work's own record. */
  events: z.object({
    /** All events. */
    total: count,
    /** By kind. */
    byKind: countsOf(WORK_EVENT_KINDS),
    /** Meetings by kind of meeting. */
    byMeetingKind: countsOf(MEETING_KINDS),
  }),
});

/** A work event as the composer reads it (WorkEventSummary). */
export const workEventSummarySchema = workEventEntrySchema.pick({
  id: true,
  kind: true,
  meetingKind: true,
  date: true,
  title: true,
  chair: true,
  members: true,
  detail: true,
  files: true,
});

/** GET /registers/totals: the totals, the sentences a notice states them in, and the work's events. */
export const registerTotalsResponseSchema = z.object({
  /** The totals. */
  totals: registerTotalsSchema,
  /** The totals in the notice's words (renderTotals); null for an empty register. */
  sentences: z.object({
    /** "追责问责N人次（件），其中…". */
    accountability: z.string().nullable(),
    /** "运用监督执纪“四种形态”处理…". */
    fourForms: z.string().nullable(),
    /** "制定完善制度N项，其中新制定…". */
    rules: z.string().nullable(),
    /** "受理巡察移交问题线索N件，…办结率…". */
    clues: z.string().nullable(),
    /** "成立整改工作领导小组，…". */
    work: z.string().nullable(),
  }),
  /** The work's events in date order. */
  events: z.array(workEventSummarySchema),
});
export type RegisterTotalsResponse = z.input<typeof registerTotalsResponseSchema>;

// The schema and the domain's contract must describe the same object: a change to one without the other is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const totalsAgree: Same<z.output<typeof registerTotalsSchema>, RegisterTotals> = true;
const eventsAgree: Same<z.output<typeof workEventSummarySchema>, WorkEventSummary> = true;
void totalsAgree;
void eventsAgree;
