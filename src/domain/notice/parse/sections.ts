/**
 * The top-level shape of a notice: preamble, "一、二、三、" sections (organisation of
 * the work, the problems and their rectification, next steps) and the closing
 * paragraph with the public-feedback channel. Only the problem part yields the tree,
 * so finding it well is what keeps "（一）加强组织领导" out of the problem list.
 */
import type { ContactInfo, NoticeSection, SectionKind } from '../types.js';
import { matchLabel } from './labels.js';
import { TABLE_ROW } from './normalise.js';

/** A run of lines (0-based, end exclusive) whose numbered items form the problem tree. */
export interface Region {
  start: number;
  end: number;
  /** True when the "一、" headings are themselves the problem level. */
  headingsAreItems: boolean;
  /** An attachment that is a group of its own (when several attachments hold problems). */
  wrap?: { label: string; title: string; line: number };
}

export interface Layout {
  sections: NoticeSection[];
  regions: Region[];
  /** 0-based index of the closing paragraph, or lines.length. */
  closingStart: number;
}

const CONTACT = /联系电话|联系方式|电子邮箱|邮政编码|邮编|电\s*话[:：]|邮箱[:：]/;
const ATTACHMENT = /^附件\s*\d*\s*[:：]?/;
/** Phrases by which an item names a problem; see also tree.ts. */
export const PROBLEM_PHRASE =
  /问题[”"」』]?$|^(针对|关于).{0,80}问题|^问题\s*[\d一二三四五六七八九十]|不够|不到位|不严|不足|缺乏|薄弱|滞后|欠缺|不力|不规范|不强|不高|不实|淡化|弱化|虚化|缺位|偏少|不明显|不彻底|不充分|不严肃|不主动/;

export function classifySection(title: string): SectionKind {
  if (/下一步|今后|持续|巩固|深化.{0,20}成果|长效常治/.test(title)) return 'next-steps';
  if (/问题|整改任务|整改落实情况|整改进展|整改情况|反馈意见|具体整改|整改成效/.test(title)) return 'problems';
  if (/组织|主体责任|落实|部署|政治任务|领导小组|高度重视|认识|工作开展|工作情况|机制/.test(title)) return 'organisation';
  return 'other';
}

export function layout(lines: string[]): Layout {
  const closingStart = findClosing(lines);
  const heads: { i: number; title: string; label: string }[] = [];
  for (let i = 0; i < closingStart; i++) {
    const l = matchLabel(lines[i]);
    if (l?.family === 'cn-dun') heads.push({ i, title: l.rest, label: l.label });
  }
  // "一、关于…的问题" as the problem level itself: most headings name a problem.
  const problemHeads = heads.filter((h) => PROBLEM_PHRASE.test(h.title) && classifySection(h.title) !== 'next-steps');
  const headingsAreItems =
    problemHeads.length >= 2 && problemHeads.length * 2 >= heads.length && problemHeads.every((h) => !/情况|成效|方面/.test(h.title));

  const sections: NoticeSection[] = [];
  const regions: Region[] = [];
  const firstHead = heads[0]?.i ?? closingStart;
  if (firstHead > 0) sections.push(section('preamble', null, '', 0, firstHead));
  if (headingsAreItems) {
    const first = problemHeads[0].i;
    const lastIdx = heads.indexOf(problemHeads[problemHeads.length - 1]);
    const end = heads[lastIdx + 1]?.i ?? closingStart;
    for (const h of heads.filter((x) => x.i < first)) pushHead(h, 'organisation');
    sections.push(section('problems', null, '', first, end));
    regions.push({ start: first, end, headingsAreItems: true });
    for (const h of heads.filter((x) => x.i >= end)) pushHead(h);
  } else {
    for (const h of heads) {
      const s = pushHead(h);
      if (s.kind === 'problems') regions.push({ start: s.startLine, end: s.endLine, headingsAreItems: false });
    }
  }
  const att = lines.findIndex((l, i) => i >= closingStart && ATTACHMENT.test(l));
  const closingEnd = att >= 0 ? att : lines.length;
  if (closingStart < closingEnd) sections.push(section('closing', null, '', closingStart, closingEnd));
  if (!regions.some((r) => hasItems(lines, r))) {
    regions.length = 0;
    regions.push(
      ...fallbackRegions(
        lines,
        heads.map((h) => h.i),
        closingStart,
      ),
    );
    for (const r of regions.filter((x) => x.start >= closingEnd)) {
      sections.push(section('problems', null, lines[r.start - 1] ?? '', r.start - 1, r.end));
    }
  }
  return { sections, regions: regions.filter((r) => r.end > r.start), closingStart };

  function pushHead(h: { i: number; title: string; label: string }, kind?: SectionKind): NoticeSection {
    const next = heads.find((x) => x.i > h.i)?.i ?? closingStart;
    const s = section(kind ?? classifySection(h.title), h.label, h.title, h.i + 1, next);
    sections.push(s);
    return s;
  }
}

/** Sections carry 1-based inclusive lines; `start`/`end` here are 0-based, end exclusive.
 *  A section's startLine is its heading; the region it yields starts after it. */
function section(kind: SectionKind, label: string | null, title: string, start: number, end: number): NoticeSection {
  const heading = label ? start - 1 : start;
  return { kind, label, title, startLine: heading + 1, endLine: Math.max(heading + 1, end) };
}

function hasItems(lines: string[], r: Region): boolean {
  if (r.headingsAreItems) return true;
  for (let i = r.start; i < r.end; i++) if (matchLabel(lines[i]) || TABLE_ROW.test(lines[i])) return true;
  return false;
}

/**
 * No section names the problems: look for numbered items in attachments ("附件"
 * followed by "项目1.1" items) or, failing that, anywhere outside organisation and
 * closing text.
 */
function fallbackRegions(lines: string[], heads: number[], closingStart: number): Region[] {
  const att = lines.findIndex((l) => ATTACHMENT.test(l));
  if (att >= 0) {
    const r = { start: att + 1, end: lines.length, headingsAreItems: false };
    if (hasItems(lines, r)) return [r];
  }
  const start = heads.length ? 0 : firstItem(lines, closingStart);
  const r = { start, end: closingStart, headingsAreItems: heads.length > 0 };
  return heads.length === 0 && hasItems(lines, r) ? [r] : [];
}

/** An attachment heading: "附件1 …情况（共20个问题）", "附件2：…" — short, not a list of attachment names. */
const ATTACHMENT_HEAD = /^附件\s*(\d*)\s*[:：]?\s*(.*)$/;

/**
 * The attachments that hold numbered items, one region each (0-based, end exclusive). With two or
 * more, each becomes a group; a single attachment keeps the groups it has inside.
 */
export function attachmentRegions(lines: string[], from: number): Region[] {
  const heads: { i: number; label: string; title: string }[] = [];
  for (let i = from; i < lines.length; i++) {
    const m = ATTACHMENT_HEAD.exec(lines[i]);
    if (!m || lines[i].length > 120 || /^\d+[.．、]/.test(m[2])) continue;
    heads.push({ i, label: `附件${m[1]}`, title: m[2].trim() });
  }
  const out: Region[] = [];
  heads.forEach((h, k) => {
    const r: Region = { start: h.i + 1, end: heads[k + 1]?.i ?? lines.length, headingsAreItems: false };
    if (r.end > r.start && hasItems(lines, r)) out.push({ ...r, wrap: { label: h.label, title: h.title || h.label, line: h.i + 1 } });
  });
  if (out.length < 2) for (const r of out) delete r.wrap;
  return out;
}

function firstItem(lines: string[], end: number): number {
  for (let i = 0; i < end; i++) if (matchLabel(lines[i]) || TABLE_ROW.test(lines[i])) return i;
  return end;
}

/** The closing paragraph: the last one that gives a phone, e-mail or postcode. */
function findClosing(lines: string[]): number {
  const att = lines.findIndex((l) => ATTACHMENT.test(l));
  const limit = att >= 0 ? att : lines.length;
  for (let i = limit - 1; i >= Math.max(0, limit - 12); i--) {
    if (CONTACT.test(lines[i]) && !matchLabel(lines[i])) {
      // The "欢迎…监督" sentence may stand on its own line just before.
      return i > 0 && /^欢迎/.test(lines[i - 1]) ? i - 1 : i;
    }
  }
  return limit;
}

export function findContact(lines: string[], from: number): ContactInfo {
  // Bounded: the closing paragraph is short, and bounded input keeps every pattern linear.
  const text = lines
    .slice(from, from + 12)
    .map((l) => l.slice(0, 2000))
    .join('\n');
  const out: ContactInfo = {};
  const phone = /(?:电话|热线)\s*[:：]?\s*((?:\d{3,4}[-—－]?)?\d{7,8}(?:[、,，或/]\s*(?:\d{3,4}[-—－]?)?\d{7,8})*|1[3-9]\d{9})/.exec(text);
  if (phone) out.phone = phone[1];
  const email = /(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/.exec(text);
  if (email) out.email = email[0];
  const post = /(?:邮政编码|邮编)\s*[:：]?\s*(\d{6})/.exec(text);
  if (post) out.postcode = post[1];
  const addr =
    /(?:邮政地址|通信地址|通讯地址|邮寄地址|邮政信箱|地址)\s*[:：]?\s*([^；;\n。]{1,120}?)(?=[，,]?\s*(?:邮政编码|邮编)|[；;\n。]|$)/.exec(
      text,
    );
  if (addr) out.address = addr[1].replace(/[，,\s]+$/, '');
  return out;
}
