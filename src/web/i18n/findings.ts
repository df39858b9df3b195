/**
 * A checker finding in the page's language. The server writes findings in
 * Chinese, with the notice's own labels quoted; in English the rule's reading
 * from FINDING_EN is shown and the Chinese message kept as `original`, since
 * its quotations are the notice's words. Rules without a reading stay Chinese.
 */
import { FINDING_EN } from './en';
import type { Lang } from './index';

export interface FindingText {
  message: string;
  suggestion?: string;
  /** The Chinese message, when `message` is a translation of it. */
  original?: string;
}

export function findingText(lang: Lang, f: { rule: string; message: string; suggestion?: string | null }): FindingText {
  const en = lang === 'en' ? FINDING_EN[f.rule] : undefined;
  if (!en) return { message: f.message, ...(f.suggestion ? { suggestion: f.suggestion } : {}) };
  return { message: en.message, ...(f.suggestion ? { suggestion: en.suggestion } : {}), original: f.message };
}
