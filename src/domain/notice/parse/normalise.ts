/**
 * From published text to paragraphs.
 *
 * Notices reach us as crawled web pages, Markdown exports and PDF conversions: front
 * matter, navigation bars, Markdown marks, HTML comments and page breaks inside
 * sentences. This stage removes that noise and yields one string per paragraph, with a
 * map back to the input line, so that every later stage (and every finding) speaks of
 * lines of the *normalised* text while the UI can still point into the original.
 */
import { splitCrawled } from './crawl.js';
import { matchLabel, ORDINAL_START } from './labels.js';
import { SENTENCE_END } from './text.js';
import { fixDigitTypos, type DigitTypo } from './typos.js';

export interface Normalised {
  /** One paragraph per entry, no blank entries. */
  lines: string[];
  /** 1-based input line of the first fragment of each paragraph. */
  origin: number[];
  /** Key/value pairs of YAML front matter, when there was one. */
  frontMatter: Record<string, string>;
  /** A publication time from the crawl header ("• 2024-02-05 17:50"), as written. */
  crawlDate: string | null;
  /** Letters typed for digits that were read as digits ("项目l.2" → "项目1.2"), by normalised line. */
  typos: DigitTypo[];
}

const NAV_WORDS = /智能问答|无障碍|长者专区|ENGLISH|网站地图|首页|登录|注册/i;
const JUNK_LINE =
  /^(分享到|扫一扫|打印本页|【?打印|关闭窗口|【?字体[:：]|字号[:：]|上一篇|下一篇|责任编辑|浏览次数|附件下载|返回顶部|收藏|【\s*关闭)/;
const BULLET = /^[•·●▪◆■]\s*/;
const CRAWL_HEADER = /^#\s*(source|url|origin|原文)\s*[:：]/i;
const MD_LINK_LINE = /^!?\[[^\]]*\]\([^)]*\)$/;
const MD_TRAILING_LINK = /!?\[[^\]]{0,200}\]\((?:https?:|\/)[^)\s]{0,500}\)\s*$/;
/** A Word table pasted as text: cells split by tabs or by "|" (at least two cells). */
const TABLE_RE = /\t|^\|.*\|$|[^|]\|[^|]+\|/;
export const TABLE_ROW = { test: (s: string): boolean => (s.includes('\t') || s.includes('|')) && TABLE_RE.test(s) };
const PROGRESS_MARK = /^(整改(进展|完成|落实)?情况(及成效)?|整改成效|进展情况)\s*[:：]?/;
/** Spaces are noise when a Han character or full-width mark stands on either side
 *  and a Han character, full-width mark or digit on the other. */
const HAN = '\\u3400-\\u9fff\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20“”‘’《》';
const SPACE_AFTER_HAN = new RegExp(`([${HAN},;:])[ \\u00a0]+(?=[${HAN}0-9])`, 'g');
const SPACE_BEFORE_HAN = new RegExp(`([0-9])[ \\u00a0]+(?=[${HAN}])`, 'g');

export function normalise(input: string): Normalised {
  const raw = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n|\u2028|\u2029/);
  const frontMatter: Record<string, string> = {};
  const drop = new Uint8Array(raw.length);
  stripFrontMatter(raw, drop, frontMatter);

  let crawlDate: string | null = null;
  const kept: { text: string; line: number; forceJoin: boolean; alone?: boolean }[] = [];
  const typos: { input: number; typo: DigitTypo }[] = [];
  let pendingJoin = false;
  for (let i = 0; i < raw.length; i++) {
    if (drop[i]) continue;
    const hadComment = raw[i].includes('<!--');
    const text = cleanLine(raw[i], (t) => typos.push({ input: i + 1, typo: t }));
    if (text === null) continue;
    if (text === '') {
      // "<!--more-->" on its own line splits one sentence in two: join the halves.
      if (hadComment) pendingJoin = true;
      continue;
    }
    const bullet = BULLET.test(text) ? text.replace(BULLET, '') : null;
    if (bullet !== null) {
      const date = /^(\d{4}-\d{1,2}-\d{1,2})(\s+\d{1,2}:\d{2})?$/.exec(bullet);
      if (date) {
        crawlDate ??= date[1];
        continue;
      }
      if (/^(来源|作者|发布|浏览|字号|分享|打印)/.test(bullet)) continue;
    }
    const body = bullet ?? text;
    const pieces = body.length >= 200 ? splitCrawled(body) : [body];
    if (pieces.length > 1) {
      // A crawled body: its pieces are paragraphs of their own, never joined back.
      for (const piece of pieces) kept.push({ text: normaliseLabel(piece), line: i + 1, forceJoin: false, alone: true });
    } else {
      kept.push({ text: body, line: i + 1, forceJoin: pendingJoin });
    }
    pendingJoin = false;
  }

  // Paragraphs are built from fragments and joined once at the end; join decisions look
  // at the last fragment only, so a paragraph of 20,000 fragments costs linear time.
  const parts: string[][] = [];
  const origin: number[] = [];
  let lastAlone = false;
  for (const k of kept) {
    for (const part of splitCombined(k.text)) {
      const last = parts[parts.length - 1];
      if (last && !k.alone && !lastAlone && (k.forceJoin || continues(last[last.length - 1], last.length > 1, part))) {
        last.push(part);
        k.forceJoin = false;
      } else {
        parts.push([part]);
        origin.push(k.line);
      }
      lastAlone = !!k.alone;
    }
  }
  const lines = parts.map((p) => p.join(''));
  return { lines, origin, frontMatter, crawlDate, typos: placeTypos(typos, origin) };
}

/** Each typo at the normalised line that holds its input line (the last paragraph starting at or before it). */
function placeTypos(found: { input: number; typo: DigitTypo }[], origin: number[]): DigitTypo[] {
  let k = 0;
  return found.map(({ input, typo }) => {
    while (k + 1 < origin.length && origin[k + 1] <= input) k++;
    return { ...typo, line: k + 1 };
  });
}

/** YAML front matter between '---' lines at the top (after any crawl header lines). */
function stripFrontMatter(raw: string[], drop: Uint8Array, out: Record<string, string>): void {
  let i = 0;
  while (i < raw.length && (raw[i].trim() === '' || CRAWL_HEADER.test(raw[i].trim()))) i++;
  if (raw[i]?.trim() !== '---') return;
  const end = raw.findIndex((l, j) => j > i && l.trim() === '---');
  if (end < 0 || end - i > 200) return;
  for (let j = 0; j <= end; j++) drop[j] = 1;
  for (let j = i + 1; j < end; j++) {
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(raw[j]);
    if (m && m[2].trim()) out[m[1]] = m[2].trim().replace(/^["']|["']$/g, '');
  }
}

/**
 * One input line without noise; null for a line that is pure noise. Each step is
 * guarded by a cheap character test: most lines are plain prose and should cost
 * little more than a trim (100k-line inputs must stay well under two seconds).
 */
function cleanLine(line: string, onTypo: (t: DigitTypo) => void): string | null {
  let s = line;
  if (/[\u200b-\u200d\u2060\ufeff]/.test(s)) s = s.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
  if (s.includes('<!--')) s = s.replace(/<!--[^>]{0,200}?-->/g, '');
  if (/[\u00a0\u3000]/.test(s)) s = s.replace(/[\u00a0\u3000]/g, ' ');
  s = s.trim();
  if (s === '') return '';
  const c0 = s[0];
  const hasLink = s.includes('](');
  if ((c0 === '#' && CRAWL_HEADER.test(s)) || (hasLink && MD_LINK_LINE.test(s)) || JUNK_LINE.test(s)) return null;
  if (/^[-=*_]{3,}$/.test(s)) return null; // Markdown rules and page separators.
  if (s.includes('|') && isNavBar(s)) return null;
  // Markdown block marks, possibly stacked ("- ## 1."), then inline bold/italics.
  if ('#-*+>'.includes(c0)) s = s.replace(/^(?:#{1,6}\s*|[-*+]\s+|>\s*)+/, '');
  if (s.includes('**')) s = s.replace(/\*\*(.+?)\*\*/g, '$1');
  if (s.includes('__')) s = s.replace(/__(.+?)__/g, '$1');
  if (hasLink) s = s.replace(MD_TRAILING_LINK, '').trim();
  if (s.includes(' ') && !TABLE_ROW.test(s)) {
    s = s.replace(SPACE_AFTER_HAN, '$1').replace(SPACE_BEFORE_HAN, '$1');
  }
  const fixed = fixDigitTypos(s);
  if (fixed.typos.length) {
    s = fixed.text;
    fixed.typos.forEach(onTypo);
  }
  return normaliseLabel(s);
}

/** "智能问答 | 无障碍浏览 | 长者专区 | ENGLISH": short cells with site words. */
function isNavBar(s: string): boolean {
  if (!s.includes('|') || !NAV_WORDS.test(s)) return false;
  return s.split('|').every((c) => c.trim().length <= 12);
}

/** Full-width brackets and "1." for labels at the start, so the text shows one style. */
function normaliseLabel(s: string): string {
  const c = s.charCodeAt(0);
  if (c !== 0x28 && c !== 0xff08 && !(c >= 0x30 && c <= 0x39)) return s;
  return s.replace(/^[(（]\s*([一二三四五六七八九十百零〇两]{1,4}|\d{1,3})\s*[)）]\s*/, '（$1）').replace(/^(\d{1,3})\s*．\s*/, '$1.');
}

/**
 * "21. 着力解决…问题 (61)针对…": a heading and the first item under it on one line
 * (PDF conversion lost the break). Split before the inner bracketed label when what
 * precedes it is a short heading without sentence punctuation.
 */
function splitCombined(s: string): string[] {
  if (!matchLabel(s)) return [s];
  const m = /^(.{4,80}?[^，,。；;、])\s+([（(]\s*\d{1,3}\s*[)）]\s*\S.*)$/.exec(s);
  if (!m || /[。；;]/.test(m[1])) return [s];
  return [m[1], normaliseLabel(m[2])];
}

/**
 * Does `next` continue the paragraph `prev` across a page break? Only when `prev`
 * stops mid-sentence, reads as running text (a heading never continues) and `next`
 * does not open a new item.
 */
function continues(prev: string, prevJoined: boolean, next: string): boolean {
  if (SENTENCE_END.test(prev) || TABLE_ROW.test(prev) || TABLE_ROW.test(next)) return false;
  if (matchLabel(next) || ORDINAL_START.test(next) || PROGRESS_MARK.test(next)) return false;
  if (/^[。，,、；;：:）)”’》」』]/.test(next)) return true;
  if (/^(附件|联系电话|联系方式|欢迎|特此)/.test(next)) return false;
  // A paragraph that already continued across a break is running text.
  if (prevJoined) return true;
  if (/关于.*(通报|报告|情况|意见)$/.test(prev)) return false;
  const label = matchLabel(prev);
  const body = label ? label.rest : prev;
  if (label) {
    // A label with a heading after it stands alone; an item whose text runs on
    // (an inline "一是", a full sentence, an unclosed 《 or quote) continues.
    const unclosed = body.lastIndexOf('《') > body.lastIndexOf('》') || body.lastIndexOf('“') > body.lastIndexOf('”');
    return unclosed || /[。；;]|[，,：:]\s*一是/.test(body);
  }
  return /[，,。；;、]/.test(body) || body.length >= 60;
}
