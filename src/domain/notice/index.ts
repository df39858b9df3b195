/**
 * The notice domain: parse a rectification notice's text into structure and check it.
 * Pure logic, no I/O: bytes are decoded by ./read (see the reader exports below).
 */
import { checkNotice } from './check/index.js';
import { parseNoticeText, type ParseOptions } from './parse/index.js';
import type { ParsedNotice } from './types.js';

export * from './types.js';
export { parseNoticeText, type ParseOptions } from './parse/index.js';
export { checkNotice, RULES as CHECK_RULES, type Rule as CheckRule } from './check/index.js';

/** Parse, then fill `findings` with every rule's findings. */
export function analyseText(text: string, opts?: ParseOptions): ParsedNotice {
  const parsed = parseNoticeText(text, opts);
  parsed.findings = checkNotice(parsed);
  return parsed;
}

// reader exports below
export {
  readNotice,
  readNoticeText,
  sniffFormat,
  decodeText,
  detectLedgerMapping,
  resolveLedgerMapping,
  MAX_NOTICE_BYTES,
  type NoticeText,
  type NoticeFormat,
} from './read/index.js';
