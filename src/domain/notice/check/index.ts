/**
 * checkNotice: run every rule over a parsed notice; findings sorted by line.
 * Each rule is a pure function (ParsedNotice → Finding[]) in its own module so that a
 * rule can be read, tested and switched off on its own.
 */
import type { Finding, ParsedNotice } from '../types.js';
import { checkBoilerplate } from './boilerplate.js';
import { checkDateOrder, checkMalformedDates } from './dates.js';
import { checkDigitTypos } from './digit-typo.js';
import { checkDuplicateTitles } from './duplicate-title.js';
import { checkFormalism } from './formalism.js';
import { checkMissingFields } from './missing-field.js';
import { checkNumbering } from './numbering.js';
import { checkStructure } from './structure.js';
import { checkTotals } from './totals.js';

export type Rule = (p: ParsedNotice) => Finding[];

export const RULES: Record<string, Rule> = {
  numbering: checkNumbering,
  totals: checkTotals,
  'date-malformed': checkMalformedDates,
  'date-order': checkDateOrder,
  boilerplate: checkBoilerplate,
  formalism: checkFormalism,
  'missing-field': checkMissingFields,
  'duplicate-title': checkDuplicateTitles,
  'digit-typo': checkDigitTypos,
  structure: checkStructure,
};

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function checkNotice(parsed: ParsedNotice): Finding[] {
  const out = Object.values(RULES).flatMap((rule) => rule(parsed));
  return out.sort((a, b) => a.line - b.line || RANK[a.severity] - RANK[b.severity] || a.rule.localeCompare(b.rule));
}

export {
  checkBoilerplate,
  checkDateOrder,
  checkDigitTypos,
  checkDuplicateTitles,
  checkFormalism,
  checkMalformedDates,
  checkMissingFields,
  checkNumbering,
  checkStructure,
  checkTotals,
};
