/**
 * The report (整改报告) and the public notice (整改情况通报) composed from a round's
 * data, shaped like the real notices (DESIGN §4a):
 *
 *   title · （date） · [addressee] · opening ("现将…予以公布" / "现将有关情况报告如下")
 *   一、整改工作组织开展情况 — the office's paragraphs (drafted from the work's dated events)
 *        + the registers' totals (问责, 制度, 线索): computed, never typed
 *   二、反馈问题整改进展情况 — the ledger's totals, then every problem by aspect and theme
 *        in the ledger's order, with its measures and status: computed
 *   三、下一步工作打算 — the office's text (drafted from the counts)
 *   [closing: the public's feedback channel] · signature · date
 *
 * The office edits only the draft's text fields; what counts is recomputed from the
 * data each time, so a figure in the document is always the database's figure.
 * The wording is chosen so that the project's own notice reader parses it back into
 * the same tree (test/api/notices.test.ts holds it to that).
 */
import { renderTotals, type RegisterTotals, type WorkEventSummary } from '../registers/index.js';
import { findMalformedDates } from '../notice/parse/dates.js';
import { comparable } from '../notice/parse/text.js';
import { blocksFromText, chineseDate, headingLabel, type Block, type DocumentModel, type HeadingLevel } from './model.js';

export type DocumentKind = 'notice' | 'report';
export type InspectionKindZh = '巡视' | '巡察' | '审计' | '督察';
export type LedgerStatus = 'pending' | 'in_progress' | 'closure_requested' | 'closed' | 'long_term';

/** One node of the ledger's problem tree, as the composer needs it. */
export interface LedgerItem {
  title: string;
  description: string;
  status: LedgerStatus;
  /** 阶段性完成 of a long-term item. */
  stageDone: boolean;
  /** Lead department's name, when planned. */
  leadDept: string | null;
  /** ISO date. */
  deadline: string | null;
  /** ISO date the item was closed (销号), for closed items. */
  closedOn: string | null;
  measures: string[];
  /** The latest progress report's text, or null when none was filed. */
  progress: string | null;
  children: LedgerItem[];
}

/** The unit's channel for the public's feedback (closing paragraph of a notice). */
export interface ContactSettings {
  phone: string | null;
  address: string | null;
  postcode: string | null;
  email: string | null;
  /** Where the public reads the notice and leaves feedback (the portal). */
  portalUrl: string | null;
}

/** Everything a document is composed from: one round, read at one moment. Versions store it as their snapshot. */
export interface RoundFacts {
  /** Beijing date of the composition: "截至…" and the default document date. */
  today: string;
  unitName: string;
  /** The inspection office above the unit: the report's addressee. */
  officeName: string | null;
  inspection: {
    kind: InspectionKindZh;
    title: string;
    body: string;
    onsiteStart: string | null;
    onsiteEnd: string | null;
    feedbackDate: string | null;
  };
  /** The ledger's tree, roots in the ledger's order. */
  tree: LedgerItem[];
  /** The registers' totals; null when the registers are not available. */
  registers: RegisterTotals | null;
  /** The work's dated events, in date order. */
  events: WorkEventSummary[];
  contact: ContactSettings;
}

/** What the office edits. Paragraphs are lines; a line opening with （一） or 1. is set as a heading. */
export interface DraftContent {
  title: string;
  /** The line under the title, e.g. "（2026年11月）"; empty for none. */
  subtitle: string;
  /** 主送机关 with its colon; empty for none (a public notice has none). */
  addressee: string;
  opening: string;
  organisation: string;
  nextSteps: string;
  /** The closing paragraph (the notice's feedback channel); empty for none. */
  closing: string;
  signature: string;
  /** ISO date of the document. */
  date: string;
}

/** The figures a document states about the ledger, computed from the tree. */
export interface LedgerTotals {
  aspects: number;
  problems: number;
  completed: number;
  continuing: number;
  longTerm: number;
}

/** The status a problem is reported in, as the notices word it. Leftmost in its paragraph, so a reader finds it first. */
export const STATUS_WORD: Record<LedgerStatus, '已完成' | '正在推进' | '长期坚持'> = {
  closed: '已完成',
  long_term: '长期坚持',
  closure_requested: '正在推进',
  in_progress: '正在推进',
  pending: '正在推进',
};

/** The actionable problems: the leaves of the tree, in order. */
export function leaves(tree: readonly LedgerItem[]): LedgerItem[] {
  const out: LedgerItem[] = [];
  const walk = (n: LedgerItem): void => {
    if (n.children.length === 0) out.push(n);
    else n.children.forEach(walk);
  };
  tree.forEach(walk);
  return out;
}

export function ledgerTotals(tree: readonly LedgerItem[]): LedgerTotals {
  const all = leaves(tree);
  const word = (w: string) => all.filter((p) => STATUS_WORD[p.status] === w).length;
  return {
    aspects: tree.length,
    problems: all.length,
    completed: word('已完成'),
    continuing: word('正在推进'),
    longTerm: word('长期坚持'),
  };
}

/** "市委第一巡察组" → "市委": whose deployment the round followed. */
function deployer(body: string): string {
  return /^(中央|省委|市委|区委|县委|州委|盟委|旗委|党工委|工委|校党委|党委|党组)/.exec(body)?.[1] ?? '';
}

/** A body worth naming ("（未注明）" from an import that did not know it is not). */
function namedBody(body: string): string | null {
  const b = body.trim();
  return b && !/^[（(]?未注明[)）]?$/.test(b) ? b : null;
}

/** "2026年3月9日至5月8日": the second date drops the year when it is the same. */
function period(start: string, end: string): string {
  const a = chineseDate(start);
  const b = chineseDate(end);
  return start.slice(0, 4) === end.slice(0, 4) ? `${a}至${b.replace(/^\d{4}年/, '')}` : `${a}至${b}`;
}

export function defaultTitle(kind: DocumentKind, f: RoundFacts): string {
  const who = namedBody(f.inspection.body) ?? '';
  const k = f.inspection.kind;
  return kind === 'notice' ? `${f.unitName}关于${who}${k}反馈意见整改进展情况的通报` : `${f.unitName}关于${who}${k}反馈意见整改情况的报告`;
}

export function defaultOpening(kind: DocumentKind, f: RoundFacts): string {
  const i = f.inspection;
  const body = namedBody(i.body);
  const dep = body ? deployer(body) : '';
  const parts: string[] = [`根据${dep}统一部署`];
  const who = body ?? `${i.kind}组`;
  if (i.onsiteStart && i.onsiteEnd) parts.push(`${period(i.onsiteStart, i.onsiteEnd)}，${who}对${f.unitName}进行了${i.kind}`);
  else parts.push(`${who}对${f.unitName}进行了${i.kind}`);
  let s = parts.join('，');
  if (i.feedbackDate) s += `，并于${chineseDate(i.feedbackDate)}反馈了${i.kind}意见`;
  s += `。${f.unitName}坚决扛起${i.kind}整改政治责任，逐项对照反馈意见抓好整改落实。`;
  s += kind === 'notice' ? `现将${i.kind}整改进展情况予以公布。` : '现将有关情况报告如下。';
  return s;
}

/** A sentence of an event: "2026年6月15日，成立巡察整改工作领导小组，由…任组长。…". */
function eventSentence(e: WorkEventSummary): string {
  let s = `${chineseDate(e.date)}，${e.title.replace(/[。；;，,]+$/, '')}`;
  if (e.kind === 'leading_group' && e.chair) s += `，由${e.chair}任组长`;
  s += '。';
  if (e.detail.trim())
    s += e.detail
      .trim()
      .replace(/\s*\n\s*/g, '')
      .replace(/([^。！？；])$/, '$1。');
  return s;
}

/**
 * The organisation section as a first draft from the work's events: 领导小组, 方案,
 * 会议, 督导检查 — each item only when something was recorded, plus the plan item,
 * which the ledger itself attests.
 */
export function defaultOrganisation(f: RoundFacts): string {
  const t = ledgerTotals(f.tree);
  const of = (kind: WorkEventSummary['kind']) =>
    f.events
      .filter((e) => e.kind === kind)
      .map(eventSentence)
      .join('');
  const items: [string, string][] = [];
  const group = of('leading_group');
  if (group) items.push(['加强组织领导。', group]);
  const plan = `针对反馈的${t.aspects}个方面、${t.problems}个具体问题，逐项明确整改措施、责任领导、责任部门和整改时限，建立问题清单、任务清单、责任清单和整改台账。`;
  items.push(['制定整改方案。', `${of('plan')}${plan}`]);
  const meetings = of('meeting');
  if (meetings) items.push(['压实整改责任。', meetings]);
  const checks = of('supervision');
  if (checks) items.push(['强化督促检查。', checks]);
  const other = of('other');
  if (other) items.push(['扎实推进整改。', other]);
  return items.map(([h, b], k) => `${headingLabel(2, k + 1)}${h}${b}`).join('\n');
}

export function defaultNextSteps(f: RoundFacts): string {
  const t = ledgerTotals(f.tree);
  const items: string[] = [];
  if (t.continuing > 0)
    items.push(`紧盯未完成问题抓整改。对正在推进的${t.continuing}个问题，逐项盯紧整改时限，实行周督促、月调度，确保按期完成。`);
  if (t.completed > 0) items.push(`巩固已完成问题整改成果。对已完成整改的${t.completed}个问题适时开展“回头看”，防止问题反弹回潮。`);
  if (t.longTerm > 0) items.push(`建立健全长效机制。对需长期坚持的${t.longTerm}个问题，明确阶段目标，把整改要求融入日常工作。`);
  items.push('强化整改成果运用。把巡察整改与推动中心工作结合起来，以整改实效促进事业发展。');
  return items.map((s, k) => `${headingLabel(2, k + 1)}${s}`).join('\n');
}

export function defaultClosing(f: RoundFacts): string {
  const c = f.contact;
  const ways: string[] = [];
  if (c.phone) ways.push(`联系电话：${c.phone}`);
  if (c.address) ways.push(`通信地址：${c.address}${c.postcode ? `，邮政编码：${c.postcode}` : ''}`);
  else if (c.postcode) ways.push(`邮政编码：${c.postcode}`);
  if (c.email) ways.push(`电子邮箱：${c.email}`);
  if (c.portalUrl) ways.push(`网上反馈：${c.portalUrl}`);
  const k = f.inspection.kind;
  const lead = `欢迎广大干部群众对${k}整改落实情况进行监督。`;
  return ways.length ? `${lead}如有意见建议，请及时向我们反映。${ways.join('；')}。` : lead;
}

/** The first draft of a document: every editable field filled from the data. */
export function defaultDraft(kind: DocumentKind, f: RoundFacts): DraftContent {
  return {
    title: defaultTitle(kind, f),
    subtitle: kind === 'notice' ? `（${chineseDate(f.today.slice(0, 7))}）` : '',
    addressee: kind === 'report' && f.officeName ? `${f.officeName.replace(/办公室$/, '')}：` : '',
    opening: defaultOpening(kind, f),
    organisation: defaultOrganisation(f),
    nextSteps: defaultNextSteps(f),
    closing: kind === 'notice' ? defaultClosing(f) : '',
    signature: f.unitName,
    date: f.today,
  };
}

/** The registers' paragraph of section 一: 问责, 四种形态, 制度, 线索. Null when the registers hold nothing. */
export function registersParagraph(f: RoundFacts): string | null {
  if (!f.registers) return null;
  const s = renderTotals(f.registers, { inspectionKind: f.inspection.kind });
  const parts = [s.accountability, s.fourForms, s.rules, s.clues].filter((x): x is string => !!x);
  if (!parts.length) return null;
  return `坚持边查边改、立行立改，严肃追责问责，注重建章立制。${parts.map((p) => `${p}。`).join('')}`;
}

/** "截至…": the ledger's totals in words a reader (and the notice parser) counts. */
export function progressSummary(f: RoundFacts): string {
  const t = ledgerTotals(f.tree);
  const done = `已完成${t.completed}项，正在推进${t.continuing}项，需长期坚持${t.longTerm}项`;
  return `截至${chineseDate(f.today)}，${f.inspection.kind}反馈问题共形成${t.problems}项整改任务，${done}。`;
}

/** A single paragraph: line breaks inside stored text would start new (and possibly numbered) paragraphs. */
const oneLine = (s: string): string => s.replace(/\s*\r?\n\s*/g, '').trim();

/**
 * Ledger text as a document may print it: a date that lost its 年/月 in an imported
 * notice ("20235月") is written as the checker reads it ("2023年5月") when there is
 * exactly one reading; an ambiguous one stays for the office to correct in the ledger
 * (the composer lists both kinds: see dateCorrections).
 */
export function repairDates(s: string): string {
  const found = findMalformedDates(s).filter((d) => d.suggestion && !d.suggestion.includes('或'));
  let out = s;
  for (const d of found.sort((a, b) => b.index - a.index)) out = out.slice(0, d.index) + d.suggestion + out.slice(d.index + d.raw.length);
  return out;
}

/** Dates in the ledger's text that the document corrects, or cannot (suggestion null), for the office to see. */
export function dateCorrections(f: RoundFacts): { raw: string; corrected: string | null }[] {
  const out = new Map<string, string | null>();
  const visit = (n: LedgerItem): void => {
    for (const t of [n.title, n.description, n.progress ?? '', ...n.measures]) {
      for (const d of findMalformedDates(t)) out.set(d.raw, d.suggestion && !d.suggestion.includes('或') ? d.suggestion : null);
    }
    n.children.forEach(visit);
  };
  f.tree.forEach(visit);
  return [...out].map(([raw, corrected]) => ({ raw, corrected }));
}

/** "一是 …" as imported: the label is ours to write. */
const stripOrdinal = (s: string): string => s.replace(/^[一二三四五六七八九十]{1,3}是\s*[，,、：:]?\s*/, '');

/**
 * The heading of a problem as notices word it: "针对“…”的问题". A title already so
 * worded (an imported notice's) is kept.
 */
export function problemHeading(title: string): string {
  const t = oneLine(title).replace(/[。；;，,：:]+$/, '');
  if (/^(针对|关于).*问题$/.test(t)) return t;
  const core = t.replace(/(的)?问题$/, '') || t;
  return /[“”"]/.test(core) ? `针对${core}的问题` : `针对“${core}”的问题`;
}

/**
 * The status, then its facts, each in a short sentence: a sentence as formulaic as
 * "整改时限：…" is the same under many problems, and the boilerplate check (rightly)
 * reads long identical sentences as progress copied from item to item.
 */
function statusSentence(p: LedgerItem): string {
  const word = STATUS_WORD[p.status];
  if (p.status === 'closed') return `${word}${p.closedOn ? `，于${chineseDate(p.closedOn)}审核销号` : ''}。`;
  if (p.status === 'long_term') return `${word}${p.stageDone ? '，已取得阶段性成效' : ''}。`;
  if (p.status === 'closure_requested') return `${word}。整改措施已落实，正在审核销号。`;
  const facts = [p.deadline ? `整改时限：${chineseDate(p.deadline)}。` : '', p.leadDept ? `牵头部门：${p.leadDept}。` : ''];
  return `${word}。${facts.join('')}`;
}

function problemBlocks(p: LedgerItem, level: HeadingLevel, n: number, kind: DocumentKind): Block[] {
  const out: Block[] = [{ kind: 'heading', level, label: headingLabel(level, n), heading: problemHeading(repairDates(p.title)) }];
  // an imported problem stated only in its heading has the heading as its description: nothing more to show
  const shows = p.description.trim() && comparable(p.description) !== comparable(p.title);
  if (kind === 'report' && shows) out.push({ kind: 'paragraph', text: `问题表现：${repairDates(oneLine(p.description))}` });
  const measures = p.measures.map((m) => repairDates(stripOrdinal(oneLine(m))).replace(/[。；;，,]+$/, '')).filter(Boolean);
  if (measures.length === 1) out.push({ kind: 'paragraph', text: `整改措施：${measures[0]}。` });
  else if (measures.length > 1) {
    out.push({ kind: 'paragraph', text: `整改措施：${measures.map((m, k) => `${headingOrdinal(k + 1)}是${m}`).join('；')}。` });
  }
  const progress = p.progress ? repairDates(oneLine(p.progress)) : '';
  out.push({ kind: 'paragraph', text: `整改进展情况：${statusSentence(p)}${progress}` });
  return out;
}

const headingOrdinal = (n: number): string => headingLabel(1, n).replace('、', '');

/**
 * Section 二: groups （一）, themes 1. (numbered on across groups), problems （1）
 * (numbered on across the whole section, as the Wuhan notice does). A round
 * without themes puts its problems at "1.".
 */
export function progressBlocks(f: RoundFacts, kind: DocumentKind): Block[] {
  const out: Block[] = [{ kind: 'paragraph', text: progressSummary(f) }];
  const depth = (n: LedgerItem): number => (n.children.length ? 1 + Math.max(...n.children.map(depth)) : 1);
  const deepest = Math.max(0, ...f.tree.map(depth));
  const counters = { theme: 0, problem: 0 };
  f.tree.forEach((g, gi) => {
    out.push({ kind: 'heading', level: 2, label: headingLabel(2, gi + 1), heading: repairDates(oneLine(g.title)) });
    // An aspect that is itself the actionable item: its heading, then the item under it,
    // so the aspect still counts as an aspect and the item as a problem.
    for (const c of g.children.length ? g.children : [g]) {
      if (deepest >= 3 && c.children.length > 0) {
        out.push({ kind: 'heading', level: 3, label: headingLabel(3, ++counters.theme), heading: repairDates(oneLine(c.title)) });
        for (const p of leaves(c.children)) out.push(...problemBlocks(p, 4, ++counters.problem, kind));
      } else {
        out.push(...problemBlocks(c, deepest >= 3 ? 4 : 3, ++counters.problem, kind));
      }
    }
  });
  return out;
}

/** The document: the office's draft with the computed parts put in their places. */
export function composeDocument(kind: DocumentKind, f: RoundFacts, d: DraftContent): DocumentModel {
  const blocks: Block[] = [];
  if (d.opening.trim()) blocks.push({ kind: 'paragraph', text: oneLine(d.opening) });
  let n = 0;
  const section = (heading: string) => blocks.push({ kind: 'heading', level: 1, label: headingLabel(1, ++n), heading });
  section('整改工作组织开展情况');
  blocks.push(...blocksFromText(d.organisation));
  const reg = registersParagraph(f);
  if (reg) blocks.push({ kind: 'paragraph', text: reg, computed: true });
  section('反馈问题整改进展情况');
  blocks.push(...progressBlocks(f, kind).map((b) => ({ ...b, computed: true })));
  if (d.nextSteps.trim()) {
    section('下一步工作打算');
    blocks.push(...blocksFromText(d.nextSteps));
  }
  if (d.closing.trim()) blocks.push({ kind: 'paragraph', text: oneLine(d.closing) });
  return {
    title: oneLine(d.title),
    ...(d.subtitle.trim() ? { subtitle: oneLine(d.subtitle) } : {}),
    ...(d.addressee.trim() ? { addressee: oneLine(d.addressee) } : {}),
    blocks,
    ...(d.signature.trim() ? { signature: oneLine(d.signature) } : {}),
    date: d.date,
  };
}
