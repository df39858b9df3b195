/**
 * The contract of the notice reader, parser and checker.
 *
 * Pure data: the server (import API), the web (import preview) and the CLI
 * (`zhenggai import --dry-run --json`, `zhenggai check`) all speak these types,
 * so a change here is a change to a public contract: keep it additive.
 */

/** Kinds of inspection a notice can report on. */
export type InspectionKind = '巡视' | '巡察' | '审计' | '督察';

/** Node kinds of the problem tree, outermost first. */
export type NodeKind = 'group' | 'theme' | 'problem' | 'measure';

/** Numbering families the parser recognises. */
export type LabelFamily =
  | 'cn-dun' // 一、
  | 'cn-paren' // （一） / (一)
  | 'arabic-dot' // 1.  1．
  | 'arabic-dun' // 1、
  | 'arabic-paren' // （1） / (1)
  | 'circled' // ①
  | 'project' // 项目1.1
  | 'ordinal' // 一是 / 二是
  | 'row' // a ledger row (xlsx), labelled by its 序号 cell; or an unnumbered measure sentence split out of a paragraph (label '')
  | 'attachment'; // 附件1, when several attachments each hold problems

export interface NoticeMeta {
  title: string | null;
  issuer: string | null;
  /** ISO date of the notice: YYYY-MM-DD, or YYYY-MM when the day is not given. */
  date: string | null;
  inspection: {
    kind: InspectionKind | null;
    /** The inspecting body as written, e.g. "市委第一巡察组". */
    body: string | null;
    /** On-site period, ISO dates; either may be null. */
    onSite: [string | null, string | null];
    feedback: string | null;
  };
}

/** One accountability mention: "对1名责任人给予诫勉处理" → { form: '诫勉', count: 1 }. */
export interface AccountabilityMention {
  form: string;
  count: number;
  line: number;
}

/** A figure found in the text. */
export interface Figure {
  kind: 'date' | 'count' | 'percent' | 'money';
  /** The text as written. */
  raw: string;
  /** Normalised value: ISO date for dates, number for the rest (money in 元). */
  value: string | number;
  unit?: string;
  line: number;
}

export interface NoticeNode {
  /** Stable within one parse: "n1", "n2", … in document order. */
  id: string;
  parentId: string | null;
  kind: NodeKind;
  /** The label as written, normalised to full-width brackets: "（一）", "1.", "（1）", "一是". */
  label: string;
  family: LabelFamily;
  /** Heading or first clause of the item. */
  title: string;
  /** 1-based line of the label in the normalised text (for xlsx: the sheet row). */
  line: number;
  /** Last line (inclusive) that belongs to this node's own text, before its first child. */
  endLine: number;
  /** Full statement of the item (problem description or measure text). */
  text: string;
  /** Progress text ("整改进展情况及成效…"), when the notice gives it. */
  progress?: string;
  /** Status words found: 已完成 / 基本完成 / 持续推进 / 长期坚持 / 正在推进 … */
  status?: string;
  /** ISO date (or YYYY-MM) from "整改时限：…", or the ledger's 整改时限 column. */
  deadline?: string;
  /** 立行立改 / 限期整改 / 长期坚持 when stated. */
  rectifyKind?: '立行立改' | '限期整改' | '长期坚持';
  /** Ledger columns, when read from a ledger. */
  leader?: string;
  leadDepartment?: string;
  cooperatingDepartments?: string[];
  accountability?: AccountabilityMention[];
  figures?: Figure[];
}

/** The totals a notice states; keys as in the corpus `*.expected.json` `stated`. */
export interface StatedTotals {
  aspects?: number;
  problems?: number;
  majorProblems?: number;
  subProblems?: number;
  tasks?: number;
  tasksDone?: number;
  tasksLongTerm?: number;
  supportingMeasures?: number;
  rules?: number;
  rulesNew?: number;
  rulesRevised?: number;
  peopleHandled?: number;
  /** "制定34项整改措施": the measures the notice says it takes. */
  measures?: number;
  /** "已整改到位8个": problems the notice counts as done. */
  problemsDone?: number;
  /** "整改问题金额12.36亿元": as written, and in 元. */
  amountRectified?: { raw: string; value: number; unit: '元' };
  /** Totals a group heading states for itself: "附件1 …（共20个问题）". */
  perGroup?: { label: string; problems: number }[];
  accountability?: { total: number; breakdown: Record<string, number> };
  [key: string]: unknown;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable rule id: numbering-duplicate, numbering-gap, total-mismatch, date-malformed,
   *  date-order, boilerplate, formalism, missing-field, … */
  rule: string;
  severity: Severity;
  /** 1-based line in the normalised text (or sheet row). */
  line: number;
  /** For people, in Chinese. */
  message: string;
  /** A corrected reading or what to do, in Chinese. */
  suggestion?: string;
  /** Ids of the nodes concerned (e.g. both sides of a boilerplate pair). */
  nodeIds?: string[];
}

export type SectionKind = 'preamble' | 'organisation' | 'problems' | 'next-steps' | 'closing' | 'other';

export interface NoticeSection {
  kind: SectionKind;
  label: string | null;
  title: string;
  startLine: number;
  endLine: number;
}

export interface ContactInfo {
  phone?: string;
  address?: string;
  postcode?: string;
  email?: string;
}

/** One structure a notice supports: which numbered runs are its problems, and how well that fits. */
export interface StructureCandidate {
  /** "sections" (the body's problem sections), "attachments" (附件 items), "body" (all numbered items). */
  id: string;
  /** For people, in Chinese: where the problems are and how they are numbered. */
  description: string;
  /** Sum of the evidence weights; higher is better. */
  score: number;
  counts: { groups: number; themes: number; problems: number; measures: number };
  /** The evidence for and against, in Chinese, each with its weight ("+40 与所称…一致"). */
  evidence: string[];
}

/** Which structure was chosen, and the runner-up (with its tree when the choice is close). */
export interface StructureChoice {
  chosen: StructureCandidate;
  runnerUp: (StructureCandidate & { lostBecause: string; nodes?: NoticeNode[] }) | null;
  /** True when the scores are too close to choose without asking the person. */
  close: boolean;
}

export interface ParsedNotice {
  /** What was read: text-like input, a Word file or a ledger. */
  source: 'text' | 'docx' | 'xlsx';
  /** The file's own format when it differs from `source` (text taken from a PDF or a .doc). Additive. */
  fileFormat?: 'pdf' | 'doc';
  /** SM3 hex digest of the input bytes is computed by callers that have crypto;
   *  the domain keeps the normalised text so line numbers can be shown. */
  lines: string[];
  /** For text input: the 1-based input line where each normalised line starts
   *  (noise removal and page-break joins shift lines). Optional, additive. */
  sourceLines?: number[];
  meta: NoticeMeta;
  sections: NoticeSection[];
  contact: ContactInfo;
  nodes: NoticeNode[];
  counts: { groups: number; themes: number; problems: number; measures: number };
  stated: StatedTotals;
  /** Rules (制度) made or revised, as named in the text (《…》 titles). */
  rules: { title: string; line: number; action: 'made' | 'revised' | 'unknown' }[];
  /** Letters typed for digits, read as digits ("项目l.2" → "项目1.2"); the checker reports each. */
  typos?: { line: number; raw: string; fixed: string }[];
  /** How the problem tree was chosen among the structures the text supports (text input only). */
  structure?: StructureChoice;
  findings: Finding[];
}

/** A column mapping for ledgers: our field → the header text in the sheet. */
export type LedgerField =
  | 'seq'
  | 'category'
  | 'problem'
  | 'measure'
  | 'leader'
  | 'leadDepartment'
  | 'cooperatingDepartments'
  | 'deadline'
  | 'progress'
  | 'closed'
  | 'remark';

export type LedgerMapping = Partial<Record<LedgerField, string>>;

/** Input to `readNotice`. Bytes, never a path: the domain does no I/O. */
export interface NoticeInput {
  bytes: Uint8Array;
  /** Used only as a hint for the format (extension). */
  filename?: string;
  /** For ledgers: a saved, user-corrected header mapping. */
  mapping?: LedgerMapping;
}

/** The error a reader throws for input it refuses (empty, binary, PDF, image, too large). */
export class NoticeInputError extends Error {
  constructor(
    readonly code: 'empty' | 'binary' | 'pdf' | 'image' | 'too-large' | 'unsupported' | 'corrupt',
    /** For people, in Chinese. */
    readonly userMessage: string,
    message: string,
  ) {
    super(message);
    this.name = 'NoticeInputError';
  }
}
