/**
 * Answers of the imports module. The preview carries the parsed notice: its
 * schema mirrors the notice contract (src/domain/notice/types.ts) and the check
 * at the end of this file fails the type check when the two part.
 */
import { z } from 'zod';
import type { ParsedNotice } from '../../notice/types.js';
import { idSchema, instantSchema } from './common.js';
import { inspectionKindSchema } from './inspections.js';

const line = z.int().nonnegative();

/** Accountability stated in the text: "对1名责任人给予诫勉处理" → {form: "诫勉", count: 1}. */
const accountabilityMentionSchema = z.object({
  /** The form of accountability, e.g. 诫勉, 通报批评. */
  form: z.string(),
  /** How many people. */
  count: z.number(),
  /** 1-based line where it is stated. */
  line,
});

/** A figure found in the text. */
const figureSchema = z.object({
  /** date, count, percent or money. */
  kind: z.enum(['date', 'count', 'percent', 'money']),
  /** The text as written. */
  raw: z.string(),
  /** ISO date for dates, a number for the rest (money in 元). */
  value: z.union([z.string(), z.number()]),
  /** The unit as written, when there is one. */
  unit: z.string().optional(),
  /** 1-based line. */
  line,
});

/** One node of the parsed problem tree. */
export const noticeNodeSchema = z.object({
  /** Stable within one parse: "n1", "n2", … in document order. */
  id: z.string(),
  /** The parent node's id; null at the top. */
  parentId: z.string().nullable(),
  /** group, theme, problem or measure. */
  kind: z.enum(['group', 'theme', 'problem', 'measure']),
  /** The label as written, brackets normalised to full width: "（一）", "1.", "一是". */
  label: z.string(),
  /** The numbering family the label belongs to (cn-dun, arabic-dot, row, …). */
  family: z.enum(['cn-dun', 'cn-paren', 'arabic-dot', 'arabic-dun', 'arabic-paren', 'circled', 'project', 'ordinal', 'row', 'attachment']),
  /** Heading or first clause of the item. */
  title: z.string(),
  /** 1-based line of the label in the normalised text (for a ledger: the sheet row). */
  line,
  /** Last line of the node's own text, before its first child. */
  endLine: line,
  /** The full statement of the item. */
  text: z.string(),
  /** Progress text the notice gives for it. */
  progress: z.string().optional(),
  /** Status words found: 已完成, 持续推进, 长期坚持 … */
  status: z.string().optional(),
  /** ISO date or YYYY-MM from "整改时限：…" or the ledger's column. */
  deadline: z.string().optional(),
  /** The kind when stated. */
  rectifyKind: z.enum(['立行立改', '限期整改', '长期坚持']).optional(),
  /** The ledger's 责任领导 column. */
  leader: z.string().optional(),
  /** The ledger's 牵头部门 column. */
  leadDepartment: z.string().optional(),
  /** The ledger's 配合部门 column, split. */
  cooperatingDepartments: z.array(z.string()).optional(),
  /** Accountability stated in its text. */
  accountability: z.array(accountabilityMentionSchema).optional(),
  /** Figures found in its text. */
  figures: z.array(figureSchema).optional(),
});

/** One finding of the checks (numbering gaps, totals that do not add up, boilerplate …). */
export const findingSchema = z.object({
  /** Stable rule id: numbering-gap, total-mismatch, date-order, boilerplate, formalism, missing-field, … */
  rule: z.string(),
  /** error, warning or info. */
  severity: z.enum(['error', 'warning', 'info']),
  /** 1-based line (or sheet row). */
  line,
  /** For people, in Chinese. */
  message: z.string(),
  /** A corrected reading or what to do, in Chinese. */
  suggestion: z.string().optional(),
  /** The nodes concerned. */
  nodeIds: z.array(z.string()).optional(),
});

/** The totals a notice states about itself (keys as the corpus expectations name them). */
const statedTotalsSchema = z.looseObject({
  /** 方面 (groups). */
  aspects: z.number().optional(),
  /** 问题. */
  problems: z.number().optional(),
  /** 重点问题. */
  majorProblems: z.number().optional(),
  /** 具体问题. */
  subProblems: z.number().optional(),
  /** 整改任务. */
  tasks: z.number().optional(),
  /** Tasks done. */
  tasksDone: z.number().optional(),
  /** Tasks kept up long-term. */
  tasksLongTerm: z.number().optional(),
  /** 配套措施. */
  supportingMeasures: z.number().optional(),
  /** Rules (制度) made or revised. */
  rules: z.number().optional(),
  /** Rules made. */
  rulesNew: z.number().optional(),
  /** Rules revised. */
  rulesRevised: z.number().optional(),
  /** People dealt with. */
  peopleHandled: z.number().optional(),
  /** "制定34项整改措施": the measures the notice says it takes. */
  measures: z.number().optional(),
  /** "已整改到位8个": problems the notice counts as done. */
  problemsDone: z.number().optional(),
  /** "整改问题金额12.36亿元": as written, and in 元. */
  amountRectified: z
    .object({
      /** As written. */
      raw: z.string(),
      /** In 元. */
      value: z.number(),
      /** Always 元. */
      unit: z.literal('元'),
    })
    .optional(),
  /** Totals a group heading states for itself: "附件1 …（共20个问题）". */
  perGroup: z
    .array(
      z.object({
        /** The group's label. */
        label: z.string(),
        /** The problems it says it holds. */
        problems: z.number(),
      }),
    )
    .optional(),
  /** People held accountable, in all and per form. */
  accountability: z.object({ total: z.number(), breakdown: z.record(z.string(), z.number()) }).optional(),
});

const countsSchema = z.object({
  /** Groups (方面). */
  groups: z.int().nonnegative(),
  /** Themes. */
  themes: z.int().nonnegative(),
  /** Problems. */
  problems: z.int().nonnegative(),
  /** Measures. */
  measures: z.int().nonnegative(),
});

/** One structure a notice supports: which numbered runs are its problems, and how well that fits. */
const structureCandidateSchema = z.object({
  /** "sections" (the body's problem sections), "attachments" (附件 items), "body" (all numbered items). */
  id: z.string(),
  /** For people, in Chinese: where the problems are and how they are numbered. */
  description: z.string(),
  /** Sum of the evidence weights; higher is better. */
  score: z.number(),
  /** Nodes per kind under this structure. */
  counts: countsSchema,
  /** The evidence for and against, in Chinese, each with its weight ("+40 与所称…一致"). */
  evidence: z.array(z.string()),
});

/** A notice or ledger as read, parsed and checked. */
export const parsedNoticeSchema = z.object({
  /** What was read: text, a Word file or a ledger. */
  source: z.enum(['text', 'docx', 'xlsx']),
  /** The file's own format when it differs from `source` (text taken from a PDF or a .doc). */
  fileFormat: z.enum(['pdf', 'doc']).optional(),
  /** The normalised text, one entry per line (line numbers elsewhere point here, 1-based). */
  lines: z.array(z.string()),
  /** For text input: the input line where each normalised line starts. */
  sourceLines: z.array(z.int()).optional(),
  /** The notice's title, issuer, date and the inspection it reports on. */
  meta: z.object({
    /** The notice's title. */
    title: z.string().nullable(),
    /** Who issued it. */
    issuer: z.string().nullable(),
    /** Its date: YYYY-MM-DD, or YYYY-MM when no day is given. */
    date: z.string().nullable(),
    /** The inspection it reports on. */
    inspection: z.object({
      /** 巡视, 巡察, 审计 or 督察, when stated. */
      kind: inspectionKindSchema.nullable(),
      /** The inspecting body as written. */
      body: z.string().nullable(),
      /** On-site period, ISO dates; either may be null. */
      onSite: z.tuple([z.string().nullable(), z.string().nullable()]),
      /** The feedback date. */
      feedback: z.string().nullable(),
    }),
  }),
  /** Its sections: preamble, organisation, problems, next steps, closing. */
  sections: z.array(
    z.object({
      /** What the section is. */
      kind: z.enum(['preamble', 'organisation', 'problems', 'next-steps', 'closing', 'other']),
      /** Its label, when numbered. */
      label: z.string().nullable(),
      /** Its heading. */
      title: z.string(),
      /** First line. */
      startLine: line,
      /** Last line. */
      endLine: line,
    }),
  ),
  /** Contact details found at the end. */
  contact: z.object({
    /** Telephone. */
    phone: z.string().optional(),
    /** Postal address. */
    address: z.string().optional(),
    /** Postcode. */
    postcode: z.string().optional(),
    /** E-mail. */
    email: z.string().optional(),
  }),
  /** The problem tree, in document order. */
  nodes: z.array(noticeNodeSchema),
  /** Nodes per kind. */
  counts: countsSchema,
  /** The totals the notice states about itself. */
  stated: statedTotalsSchema,
  /** Rules (制度) made or revised, as named in the text. */
  rules: z.array(
    z.object({
      /** The 《…》 title. */
      title: z.string(),
      /** Its line. */
      line,
      /** made, revised, or unknown. */
      action: z.enum(['made', 'revised', 'unknown']),
    }),
  ),
  /** Letters typed for digits, read as digits ("项目l.2" → "项目1.2"); the checker reports each. */
  typos: z
    .array(
      z.object({
        /** Its line. */
        line,
        /** As typed. */
        raw: z.string(),
        /** As read. */
        fixed: z.string(),
      }),
    )
    .optional(),
  /** How the problem tree was chosen among the structures the text supports (text input only). */
  structure: z
    .object({
      /** The structure the tree follows. */
      chosen: structureCandidateSchema,
      /** The next best, why it lost, and its tree when the choice is close; null when there was no other. */
      runnerUp: structureCandidateSchema
        .extend({
          /** Why it lost, in Chinese. */
          lostBecause: z.string(),
          /** Its tree, when the choice is close. */
          nodes: z.array(noticeNodeSchema).optional(),
        })
        .nullable(),
      /** The scores are too close to choose without asking the person. */
      close: z.boolean(),
    })
    .optional(),
  /** What the checks found. */
  findings: z.array(findingSchema),
});

// The schema and the notice contract must describe the same object: a field added
// to one and not the other is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const noticeContractHolds: Same<z.output<typeof parsedNoticeSchema>, ParsedNotice> = true;
void noticeContractHolds;

/** POST /imports/preview: what the server read, before anything is written. */
export const importPreviewSchema = z
  .object({
    /** SM3 of the source bytes (hex); the commit names the document by it. */
    digest: z.string(),
    /** The file name given, or null for pasted text without one. */
    filename: z.string().nullable(),
    /** Bytes read. */
    size: z.int().nonnegative(),
    /** The unit the import is for (the one asked for, or the user's own); null when the user has none. */
    unitId: idSchema.nullable(),
    /** The round this same document was imported as before into the unit; null when new. */
    duplicate: z
      .object({
        /** That round. */
        inspectionId: idSchema,
        /** Its title. */
        title: z.string(),
        /** When it was imported. */
        importedAt: instantSchema,
      })
      .nullable(),
    /** The parsed and checked notice. */
    notice: parsedNoticeSchema,
    /** What the user may do with this preview. */
    abilities: z.object({
      /** Commit it: into its unit, or (read without one) into a unit the user imports into. */
      commit: z.boolean(),
      /** Save its ledger column mapping for its unit (false when the preview has no unit). */
      saveMapping: z.boolean(),
    }),
  })
  .describe('通报或台账的解析预览（不写入）');
export type ImportPreview = z.input<typeof importPreviewSchema>;

/** POST /imports/commit: what one transaction created. */
export const importCommitResultSchema = z
  .object({
    /** The new inspection round. */
    inspectionId: idSchema,
    /** Problem nodes created (all levels). */
    problems: z.int().nonnegative(),
    /** Measures created. */
    measures: z.int().nonnegative(),
  })
  .describe('导入结果');
export type ImportCommitResult = z.input<typeof importCommitResultSchema>;
