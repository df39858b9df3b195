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
import { attachmentRegions, findContact, layout, type Region } from './sections.js';
import { readStated } from './stated.js';
import { chooseStructure, type Built } from './structure.js';
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
  const stated = readStated(lines);
  // The candidate structures the text supports; most notices support one, built once.
  const candidates: { id: string; where: string; regions: Region[] }[] = [{ id: 'sections', where: where(lines, regions), regions }];
  const att = attachmentRegions(lines, closingStart);
  if (att.length && !sameRegions(att, regions)) {
    candidates.push({ id: 'attachments', where: att.map((r) => r.wrap?.label ?? '附件').join('、'), regions: att });
  }
  const built: Built[] = candidates.map((c) => ({ id: c.id, where: c.where, nodes: assemble(buildTree(lines, c.regions), year) }));
  const { nodes, choice } = chooseStructure(built, stated);
  return {
    source: opts.source ?? 'text',
    lines,
    sourceLines: norm.origin,
    meta,
    sections,
    contact: closingStart < lines.length ? findContact(lines, closingStart) : {},
    nodes,
    counts: countKinds(nodes),
    stated,
    rules: readRules(lines),
    ...(norm.typos.length ? { typos: norm.typos } : {}),
    structure: choice,
    findings: [],
  };
}

function sameRegions(a: Region[], b: Region[]): boolean {
  return a.length === b.length && a.every((r, k) => r.start === b[k].start && r.end === b[k].end && !r.wrap);
}

/** Where a candidate's items stand, for people: the sections' titles, or 附件. */
function where(lines: string[], regions: Region[]): string {
  if (regions.length === 0) return '正文';
  const titles = regions.map((r) => {
    const head = lines[r.start - 1] ?? '';
    if (/^附件/.test(head)) return head.slice(0, 3);
    const l = /^([一二三四五六七八九十]{1,3}、)(.{0,16})/.exec(head);
    return l && !r.headingsAreItems ? `正文“${l[1]}${l[2]}”` : '正文';
  });
  return [...new Set(titles)].join('、');
}
