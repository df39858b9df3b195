/**
 * Numbered items of the problem part → a raw tree.
 *
 * Nesting follows the order in which numbering families first appear (first seen =
 * outermost), as drafters do it, rather than fixed levels: one notice uses
 * （一）→1.→（1）, another （一）→1、, a third 一、→（一）. Depth is capped so that
 * pathological numbering degrades to text instead of an ever deeper tree.
 */
import type { LabelFamily, NodeKind } from '../types.js';
import { levelKey, matchLabel, type Label } from './labels.js';
import { findStatus, type Segment } from './figures.js';
import { parseTable, type TableRow } from './table.js';
import { TABLE_ROW } from './normalise.js';
import type { Region } from './sections.js';

export const MAX_DEPTH = 6;

export interface RawNode {
  label: string;
  family: LabelFamily;
  ordinal: number;
  scope?: string;
  /** Index into the family order of the tree (0 = outermost); rows use -1. */
  level: number;
  line: number;
  heading: string;
  text: Segment[];
  progress: Segment[];
  parent: RawNode | null;
  children: RawNode[];
  row?: TableRow;
  /** A group row inside a pasted table, or an attachment holding problems: a group whatever its level. */
  forceKind?: NodeKind;
  /** "责任单位：…" style field lines under a text item; "整改状态：已完成" gives the status. */
  fields: { leader?: string; leadDepartment?: string; cooperatingDepartments?: string[]; status?: string };
}

/** "整改进展情况及成效", "整改情况：…": what follows is progress, not the item. */
const PROGRESS_MARK = /^(?:整改(?:进展|完成|落实)?情况(?:及成效)?|整改成效|进展情况|完成情况)\s*(?:[:：]\s*|$)/;
/** Ledger fields written as lines of a text item ("责任单位：规划处"). */
const FIELD =
  /^(责任领导|牵头领导|分管领导|责任单位|牵头单位|责任部门|牵头部门|责任科室|责任处室|配合单位|配合部门|配合科室|协办单位)\s*[:：]\s*(.+)$/;
/** "整改措施：…": what follows is the item's own text again (measures). */
const MEASURE_MARK = /^(?:整改措施|具体措施)\s*[:：]\s*/;
/** "问题：…", "存在问题：…": the item's statement, labelled. */
const PROBLEM_MARK = /^(?:问题|存在问题|问题描述|问题表现|具体问题|反馈问题)\s*[:：]\s*/;
/** "整改状态：已完成": a status stated as a field wins over status words inside the progress text. */
const STATUS_FIELD = /^(?:整改状态|完成状态|整改进度|办理状态|状态)\s*[:：]\s*(.{1,20})$/;
/** A progress mark followed only by a status word ("整改进展情况：已完成"): the progress is that word. */
const BARE_STATUS =
  /^(?:已全部完成|全部完成|已完成|基本完成|阶段性完成|已整改到位|已整改|整改完成|已办结|已销号|持续推进|长期坚持|正在推进|正在整改|整改中|未完成|推进中)[。.；;]?$/;
/** A short line between table rows naming a group ("（一）档案业务监管方面"): a merged row pasted as text. */
const GROUP_LINE = /^.{2,40}$/;

export interface RawTree {
  roots: RawNode[];
  /** Level keys, outermost first. */
  order: string[];
}

export function buildTree(lines: string[], regions: Region[]): RawTree {
  const order: string[] = [];
  const roots: RawNode[] = [];
  for (const region of regions) {
    const stack: RawNode[] = [];
    let inProgress = false;
    const current = (): RawNode | undefined => stack[stack.length - 1];
    if (region.wrap) {
      // Several attachments each hold problems: each attachment is a group of its own.
      if (!order.includes('attachment')) order.unshift('attachment');
      const w = region.wrap;
      const node: RawNode = {
        label: w.label,
        family: 'attachment',
        ordinal: Number(w.label.replace(/\D+/g, '')) || 0,
        level: 0,
        line: w.line,
        heading: w.title,
        text: [],
        progress: [],
        parent: null,
        children: [],
        fields: {},
        forceKind: 'group',
      };
      roots.push(node);
      stack.push(node);
    }
    for (let i = region.start; i < region.end; i++) {
      const line = lines[i];
      if (TABLE_ROW.test(line)) {
        let j = i;
        // A table runs on across merged group rows pasted as a line of their own.
        while (j < region.end && (TABLE_ROW.test(lines[j]) || (j > i && isGroupLine(lines, j, region.end)))) j++;
        if (j - i >= 2) {
          let group: RawNode | null = null;
          const outer = current() ?? null;
          for (const row of parseTable(lines.slice(i, j), i + 1)) {
            const node = rowNode(row, row.group ? outer : (group ?? outer));
            if (row.group) {
              node.forceKind = 'group';
              const l = matchLabel(row.seq);
              if (l) node.family = l.family;
              group = node;
            }
            attach(node);
          }
          i = j - 1;
          continue;
        }
      }
      const label = matchLabel(line);
      const level = label ? levelFor(label) : -1;
      if (label && level >= 0) {
        const depthInStack = stack.findIndex((n) => n.level >= level);
        const parent = depthInStack < 0 ? (current() ?? null) : (stack[depthInStack - 1] ?? null);
        if (inProgress && depthInStack < 0) {
          addText(line, i);
          continue;
        }
        if (!plausible(label, level, parent?.children ?? roots)) {
          addText(line, i);
          continue;
        }
        if (depthInStack >= 0) stack.length = depthInStack;
        const node = newNode(label, level, i + 1, parent);
        attach(node);
        stack.push(node);
        inProgress = false;
        continue;
      }
      const status = STATUS_FIELD.exec(line);
      if (status && current()) {
        const word = status[1].replace(/[。.；;]$/, '').trim();
        current()!.fields.status = findStatus(word) ?? word;
        continue;
      }
      const mark = PROGRESS_MARK.exec(line);
      if (mark && current()) {
        const rest = line.slice(mark[0].length).trim();
        if (BARE_STATUS.test(rest)) {
          // "整改进展情况：已完成" and then the measures: the progress is only its status.
          current()!.fields.status = findStatus(rest) ?? rest.replace(/[。.；;]$/, '');
          current()!.progress.push({ line: i + 1, text: rest });
          continue;
        }
        inProgress = true;
        if (rest) current()!.progress.push({ line: i + 1, text: rest });
        continue;
      }
      const pm = PROBLEM_MARK.exec(line);
      if (pm && current() && !inProgress) {
        addText(line.slice(pm[0].length), i);
        continue;
      }
      const field = FIELD.exec(line);
      if (field && current()) {
        const f = current()!.fields;
        const v = field[2].trim();
        if (/领导/.test(field[1])) f.leader = v;
        else if (/配合|协办/.test(field[1])) f.cooperatingDepartments = v.split(/[、，,；;\s]+/).filter(Boolean);
        else f.leadDepartment = v;
        continue;
      }
      const mm = MEASURE_MARK.exec(line);
      if (mm && current()) {
        inProgress = false;
        addText(line.slice(mm[0].length), i);
        continue;
      }
      addText(line, i);
    }

    function addText(text: string, i: number): void {
      const node = current();
      if (!node) return; // Intro paragraph of the section: not an item.
      if (!node.heading) {
        node.heading = text;
        return;
      }
      (inProgress ? node.progress : node.text).push({ line: i + 1, text });
    }
    function attach(node: RawNode): void {
      if (node.parent) node.parent.children.push(node);
      else roots.push(node);
    }
    function levelFor(label: Label): number {
      if (label.family === 'cn-dun' && !region.headingsAreItems) return -1;
      const key = levelKey(label.family);
      let level = order.indexOf(key);
      if (level < 0) {
        if (order.length >= MAX_DEPTH) return -1;
        // A family first seen inside progress text is part of that text, not structure.
        if (inProgress) return -1;
        order.push(key);
        level = order.length - 1;
      }
      return level;
    }
  }
  return { roots, order };
}

/** A short line with no sentence punctuation between two table rows, after a header: a group row. */
function isGroupLine(lines: string[], j: number, end: number): boolean {
  const l = lines[j];
  return GROUP_LINE.test(l) && !/[。；;，,：:]/.test(l) && j + 1 < end && TABLE_ROW.test(lines[j + 1]);
}

function newNode(label: Label, level: number, line: number, parent: RawNode | null): RawNode {
  return {
    label: label.label,
    family: label.family,
    ordinal: label.ordinal,
    scope: label.scope,
    level,
    line,
    heading: label.rest,
    text: [],
    progress: [],
    parent,
    children: [],
    fields: {},
  };
}

function rowNode(row: TableRow, parent: RawNode | null): RawNode {
  return {
    label: row.seq,
    family: 'row',
    ordinal: Number(row.seq) || 0,
    level: -1,
    line: row.line,
    heading: row.problem,
    text: [],
    progress: row.progress ? [{ line: row.line, text: row.progress }] : [],
    parent,
    children: [],
    row,
    fields: {},
  };
}

/**
 * Is this label the next item of its list, or a number that merely starts a
 * paragraph ("1.完成…" inside progress text)? Accept the first item under a parent,
 * a small step from the previous sibling (duplicates and gaps are the checker's to
 * report), and a restart at 1 only when the parent changed.
 */
function plausible(label: Label, level: number, siblings: RawNode[]): boolean {
  let prev: RawNode | undefined;
  for (let k = siblings.length - 1; k >= 0 && !prev; k--) if (siblings[k].level === level) prev = siblings[k];
  // No previous sibling: the first item, continuous numbering across parents
  // ("（6）" under the second theme) or a restart — all fine.
  if (!prev || (label.scope !== undefined && label.scope !== prev.scope)) return true;
  const step = label.ordinal - prev.ordinal;
  return step >= 0 && step <= 5;
}
