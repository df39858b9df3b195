/**
 * Which column of a ledger holds what. Offices name the same column a dozen
 * ways ("责任单位", "牵头部门", "责任科室（牵头）"), so detection matches
 * synonyms on a normalised header; what it gets wrong the user corrects once
 * and the saved mapping overrides detection on the next import.
 */
import type { LedgerField, LedgerMapping } from '../types.js';

/** Most specific first within a field; a longer synonym beats a shorter one across fields. */
const SYNONYMS: Record<LedgerField, string[]> = {
  seq: ['序号', '编号', '序', 'no', 'no.'],
  category: ['问题类别', '问题类型', '问题方面', '问题分类', '所属方面', '方面', '类别', '类型', '分类', '板块'],
  problem: ['具体问题', '问题描述', '存在问题', '反馈问题', '问题表现', '问题内容', '主要问题', '具体表现', '问题清单', '反馈意见', '问题'],
  measure: ['整改措施', '整改举措', '具体措施', '整改任务', '工作措施', '措施', '举措'],
  leader: ['责任领导', '牵头领导', '分管领导', '责任校领导', '牵头校领导', '主要负责人', '责任人', '领导'],
  leadDepartment: [
    '责任部门',
    '牵头单位',
    '责任单位',
    '责任科室',
    '牵头部门',
    '牵头科室',
    '责任处室',
    '牵头处室',
    '主责部门',
    '主责单位',
    '承办单位',
    '责任主体',
  ],
  cooperatingDepartments: ['配合部门', '配合单位', '协办部门', '配合科室', '配合处室', '协办单位', '协同部门', '参与部门', '配合'],
  deadline: ['整改时限', '完成时限', '完成时间', '整改期限', '完成期限', '计划完成时间', '时间节点', '时限'],
  progress: ['整改进展', '完成情况', '整改情况', '进展情况', '整改落实情况', '整改成效', '推进情况', '落实情况', '进展'],
  closed: ['是否销号', '销号情况', '是否完成', '完成状态', '整改状态', '销号'],
  remark: ['备注', '说明'],
};

const FIELDS = Object.keys(SYNONYMS) as LedgerField[];
const EXACT = 1000;

/**
 * Header text → comparable form: full-width to half-width, no whitespace or
 * line breaks, no bracketed asides ("整改时限（年月）"), no stray marks.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（【[][^)）】\]]*[)）】\]]/g, '')
    .replace(/[\s*※：:、/]+/g, '');
}

function score(header: string, field: LedgerField): number {
  const bare = normaliseHeader(header);
  const full = header.normalize('NFKC').replace(/[\s()（）【】[\]]/g, '');
  // "责任单位（配合）" is the cooperating column whatever its main words say.
  if (/配合|协办|协同/.test(full)) return field === 'cooperatingDepartments' ? EXACT + 1 : 0;
  let best = 0;
  for (const syn of SYNONYMS[field]) {
    if (bare === syn) return EXACT;
    if (bare.includes(syn) || full.includes(syn)) best = Math.max(best, syn.length);
  }
  // Single characters ("序") are only trusted as the whole header.
  return best >= 2 ? best : 0;
}

export interface LedgerMappingResult {
  mapping: LedgerMapping;
  /** Non-empty headers no field was given to, as written. */
  unmapped: string[];
}

/**
 * Detects the mapping of one header row. Each header goes to its best field
 * and each field to its best header (the leftmost on a tie), so two "领导"
 * columns never both become `leader`.
 */
export function detectLedgerMapping(headers: string[]): LedgerMappingResult {
  const taken = new Set<number>();
  const mapping: LedgerMapping = {};
  const candidates: { field: LedgerField; col: number; s: number }[] = [];
  headers.forEach((h, col) => {
    if (!h || !h.trim()) return;
    let top: { field: LedgerField; s: number } | null = null;
    for (const field of FIELDS) {
      const s = score(h, field);
      if (s > 0 && (!top || s > top.s)) top = { field, s };
    }
    if (top) candidates.push({ ...top, col });
  });
  candidates.sort((a, b) => b.s - a.s || a.col - b.col);
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || taken.has(c.col)) continue;
    mapping[c.field] = headers[c.col];
    taken.add(c.col);
  }
  const unmapped = headers.filter((h, col) => h && h.trim() && !taken.has(col));
  return { mapping, unmapped };
}

/**
 * Detection with the user's saved corrections on top: a corrected field wins,
 * and a header the user moved to another field leaves its detected one.
 */
export function resolveLedgerMapping(headers: string[], user?: LedgerMapping): LedgerMappingResult {
  const detected = detectLedgerMapping(headers);
  if (!user || Object.keys(user).length === 0) return detected;
  const claimed = new Set(
    Object.values(user)
      .filter((h): h is string => !!h)
      .map(normaliseHeader),
  );
  const mapping: LedgerMapping = {};
  for (const field of FIELDS) {
    const own = user[field];
    const auto = detected.mapping[field];
    if (own) mapping[field] = own;
    else if (auto && !claimed.has(normaliseHeader(auto))) mapping[field] = auto;
  }
  const used = new Set(Object.values(mapping).map((h) => normaliseHeader(h ?? '')));
  const unmapped = headers.filter((h) => h && h.trim() && !used.has(normaliseHeader(h)));
  return { mapping, unmapped };
}

/** Column index (0-based) of each mapped field, matched on the normalised header. */
export function columnsOf(headers: string[], mapping: LedgerMapping): Partial<Record<LedgerField, number>> {
  const norm = headers.map((h) => (h ? normaliseHeader(h) : ''));
  const out: Partial<Record<LedgerField, number>> = {};
  for (const field of FIELDS) {
    const h = mapping[field];
    if (!h) continue;
    const exact = headers.indexOf(h);
    const col = exact >= 0 ? exact : norm.indexOf(normaliseHeader(h));
    if (col >= 0) out[field] = col;
  }
  return out;
}

/** How much a row looks like a header: fields it maps (for choosing the header row). */
export function headerScore(headers: string[], user?: LedgerMapping): number {
  const { mapping } = resolveLedgerMapping(headers, user);
  return Object.keys(columnsOf(headers, mapping)).length;
}
