/**
 * parseNoticeText: a published rectification notice (text) → structure.
 *
 * Stages, each in its own module: normalise (noise → paragraphs, with a line map),
 * meta (title, issuer, dates of the inspection), layout (sections, which part holds
 * the problems), tree (numbered items, nested by first appearance), assemble (kinds,
 * inline measures, figures), stated totals and rules. Pure and synchronous.
 */
import { countKinds } from '../counts.js';
import type { ParsedNotice } from '../types.js';
import { assemble } from './assemble.js';
import { normalise } from './normalise.js';
import { readMeta } from './meta.js';
import { readRules } from './rules.js';
import { findContact, layout } from './sections.js';
import { readStated } from './stated.js';
import { buildTree } from './tree.js';

export interface ParseOptions {
  source?: 'text' | 'docx';
}

export function parseNoticeText(text: string, opts: ParseOptions = {}): ParsedNotice {
  const norm = normalise(text);
  const { lines } = norm;
  const meta = readMeta(norm);
  const { sections, regions, closingStart } = layout(lines);
  // Dates inside items ("12月6日") take the year of the notice when they omit it.
  const year = Number((meta.date ?? meta.inspection.feedback ?? '').slice(0, 4)) || undefined;
  const nodes = assemble(buildTree(lines, regions), year);
  return {
    source: opts.source ?? 'text',
    lines,
    sourceLines: norm.origin,
    meta,
    sections,
    contact: closingStart < lines.length ? findContact(lines, closingStart) : {},
    nodes,
    counts: countKinds(nodes),
    stated: readStated(lines),
    rules: readRules(lines),
    findings: [],
  };
}

