/**
 * Title, issuer, date and the inspection round, from the first paragraphs, the
 * signature and (for crawled pages) the front matter or crawl header.
 */
import type { InspectionKind, NoticeMeta } from '../types.js';
import { parseDate } from './dates.js';
import type { Normalised } from './normalise.js';

const TITLE = /^(.{2,60}?)关于.{2,120}(通报|报告|情况|公告|公示)$/;
/** "市委第一巡察组", "中央第四生态环境保护督察组", "省第二生态环境保护督察组": up to ten characters
 *  may name the field between the number and the kind. */
const BODY =
  /((?:中央|省委|市委|区委|县委|州委|盟委|旗委|党工委|校党委|党委|党组|省|市|区|县)?第[一二三四五六七八九十]{1,3}(?:轮)?[\u4e00-\u9fa5]{0,10}?(?:巡视|巡察|督察|审计)组)/;
/** Audit offices have no number: "审计署…特派员办事处", "省审计厅", "市审计局". */
const AUDIT_BODY = /(审计署(?:[\u4e00-\u9fa5]{1,10}?特派员办事处)?|(?:省|市|区|县|州|自治区|自治州|旗)审计(?:厅|局))/;

export function readMeta(norm: Normalised): NoticeMeta {
  const { lines, frontMatter } = norm;
  const head = lines.slice(0, 8);
  let title = head.find((l) => TITLE.test(l) && !/[。，,；;]/.test(l)) ?? null;
  if (!title && frontMatter.title) {
    // Crawled page titles: "site->title | site".
    title =
      frontMatter.title
        .split(/\s+\|\s+/)[0]
        .replace(/^.*?->\s*/, '')
        .trim() || null;
  }
  const issuer = title ? (TITLE.exec(title)?.[1] ?? null) : null;
  return { title, issuer: issuer?.trim() || null, date: noticeDate(norm, title), inspection: inspection(lines) };
}

function noticeDate(norm: Normalised, title: string | null): string | null {
  const { lines, frontMatter, crawlDate } = norm;
  const t = title ? lines.indexOf(title) : -1;
  // "（2020年5月）" right under the title, or the session of a report to a people's congress:
  // "——2023年12月20日在示例市第十六届人民代表大会常务委员会第十五次会议上".
  for (const l of lines.slice(t + 1, t + 3)) {
    const m =
      /^[（(]\s*(\d{4}年\d{1,2}月(?:\d{1,2}日)?)\s*[)）]$/.exec(l) ??
      /^[—-]{1,2}\s*(\d{4}年\d{1,2}月\d{1,2}日)\s*在.{2,60}(?:会议|大会)上/.exec(l);
    if (m) return parseDate(m[1]);
  }
  // The signature date: a line that is only a date, among the last lines of the notice or
  // of its body when attachments follow the signature.
  const att = lines.findIndex((l, i) => i > t && /^附件\s*\d*\s*[:：]?/.test(l) && l.length <= 80);
  const ends = att > 0 ? [lines.length, att] : [lines.length];
  for (const end of ends) {
    for (const l of lines.slice(Math.max(0, end - 6), end).reverse()) {
      if (/^\d{4}年\d{1,2}月\d{1,2}日$/.test(l)) return parseDate(l);
    }
  }
  if (crawlDate) return parseDate(crawlDate);
  if (frontMatter.date) return parseDate(frontMatter.date);
  return null;
}

const KIND_WORDS: InspectionKind[] = ['巡视', '巡察', '审计', '督察'];
const FEEDBACK = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日[^。；;\d]{0,30}?反馈/;

function inspection(lines: string[]): NoticeMeta['inspection'] {
  // The opening paragraph that tells who inspected when.
  const para = lines.slice(0, 10).find((l) => /巡视|巡察|审计|督察/.test(l) && /\d{1,2}月/.test(l)) ?? '';
  const opening = lines.slice(0, 10).join('\n');
  const body = BODY.exec(para)?.[1] ?? BODY.exec(opening)?.[1] ?? AUDIT_BODY.exec(para)?.[1] ?? AUDIT_BODY.exec(opening)?.[1] ?? null;
  let kind: InspectionKind | null = body ? (KIND_WORDS.find((k) => body.includes(k)) ?? null) : null;
  if (!kind) {
    const counts = KIND_WORDS.map((k) => para.split(k).length - 1);
    const best = Math.max(...counts);
    kind = best > 0 ? KIND_WORDS[counts.indexOf(best)] : null;
  }
  const onSite: [string | null, string | null] = [null, null];
  let year: number | undefined;
  const range =
    /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(?:至|到|—|－|-|~)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(
      para,
    );
  if (range) {
    year = range[1] ? +range[1] : undefined;
    const y2 = range[4] ? +range[4] : year;
    if (year) onSite[0] = parseDate(`${year}年${range[2]}月${range[3]}日`);
    if (y2) onSite[1] = parseDate(`${y2}年${range[5]}月${range[6]}日`);
    year = y2 ?? year;
  }
  let feedback: string | null = null;
  const after = range ? para.slice((range.index ?? 0) + range[0].length) : para;
  // In the paragraph of the stay, or in a sentence of its own among the opening lines.
  const rest = para ? opening.slice(opening.indexOf(para) + para.length) : opening;
  const fb = FEEDBACK.exec(after) ?? FEEDBACK.exec(rest);
  if (fb) {
    let y = fb[1] ? +fb[1] : year;
    // Feedback in January after an inspection ending in December: the next year.
    if (!fb[1] && y && onSite[1] && +fb[2] < +onSite[1].slice(5, 7)) y += 1;
    if (y) feedback = parseDate(`${y}年${fb[2]}月${fb[3]}日`);
  }
  return { kind, body, onSite, feedback };
}
