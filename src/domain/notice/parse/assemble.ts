/**
 * Raw tree → NoticeNode[]: decide what each numbering level means (group, theme,
 * problem, measure), split inline ordinals ("一是…二是…") into measures, and fill the
 * derived fields.
 *
 * The level that names problems is found by phrasing, not by position: the innermost
 * level whose items mostly read as problems ("针对…的问题", "…不到位的问题", or items
 * followed by progress) is the problem level; outer levels are groups and themes, inner
 * levels measures. A notice with no such level (aspects → themes → measures) has no
 * problems, which the checker then reports as unverifiable rather than as zero.
 */
import type { LabelFamily, NodeKind, NoticeNode } from '../types.js';
import { annotate, type Segment } from './figures.js';
import { PROBLEM_PHRASE } from './sections.js';
import { closeStatement, isProgressSentence, splitStatement } from './statement.js';
import { clipTitle, cnToInt, splitSentences } from './text.js';
import type { RawNode, RawTree } from './tree.js';

export function assemble(tree: RawTree, year?: number): NoticeNode[] {
  const kinds = levelKinds(tree);
  const out: NoticeNode[] = [];
  const visit = (raw: RawNode, parent: NoticeNode | null): void => {
    let kind = raw.forceKind ?? (raw.level >= 0 ? kinds[raw.level] : rowKind(parent));
    // A group row of a table inside an item: a theme under a group, else an item of its own.
    if (raw.forceKind === 'group' && parent) kind = parent.kind === 'group' || parent.kind === 'theme' ? 'theme' : rowKind(parent);
    const node = makeNode(raw, kind, parent, out.length + 1);
    out.push(node);
    const own: Segment[] = [{ line: raw.line, text: raw.heading }, ...raw.text];
    let measures: { segments: Segment[]; label: string }[] = [];
    let fromProgress = false;
    if (raw.children.length === 0 && kind !== 'measure' && !raw.row) {
      measures = splitOrdinals(own);
      // "整改情况：一是…二是…": the measures stand in the progress paragraph.
      if (!measures.length && kind === 'problem' && raw.progress.length && ORDINAL_FIRST.test(raw.progress[0].text)) {
        measures = splitOrdinals(raw.progress);
        fromProgress = measures.length > 0;
      }
    }
    // "针对“X”的问题，组织……。已……" without 一是/二是: the statement, then measures and progress.
    const split = !measures.length && kind === 'problem' && raw.children.length === 0 && !raw.row ? splitStatement(own) : null;
    if (split) {
      node.text = split.statement.map((x) => x.text).join('\n');
      node.title = clipTitle(node.text);
      const progress = [...raw.progress, ...split.progress];
      if (progress.length) node.progress = progress.map((x) => x.text).join('\n');
      node.endLine = [...split.statement, ...progress].reduce((m, x) => Math.max(m, x.line), node.line);
      annotate(node, [...split.statement, ...progress], year);
      for (const m of split.measures) out.push(measureNode(out.length + 1, node, m.label, m.family, m.segments, year));
    } else if (measures.length) {
      const intro = measures.shift()!;
      const closing =
        kind === 'problem' ? (statusSentence(measures[measures.length - 1]) ?? reportedResults(measures[measures.length - 1])) : null;
      let progress = raw.progress;
      if (fromProgress) {
        // The intro of the progress paragraph stays progress; the node keeps its own text.
        progress = intro.segments.filter((x) => x.text);
        node.progress = progress.map((x) => x.text).join('\n') || undefined;
        if (!node.progress) delete node.progress;
      } else {
        // "……问题，一是" / "……。整改措施：一是": the intro without its dangling label or comma.
        node.text = closeStatement(dropTrailingLabel(intro.segments.map((x) => x.text).join('\n')));
        if (node.text) node.title = clipTitle(node.text);
      }
      if (closing) {
        // "该问题已完成整改。" closing the last measure speaks of the problem.
        progress = [...progress, closing];
        node.progress = [node.progress, closing.text].filter(Boolean).join('\n');
      }
      const ownSegs = fromProgress ? own : intro.segments;
      // The node's own text now ends where its first measure starts.
      node.endLine = [...ownSegs, ...progress].reduce((m, x) => Math.max(m, x.line), node.line);
      annotate(node, [...ownSegs, ...progress], year);
      for (const m of measures) out.push(measureNode(out.length + 1, node, m.label, 'ordinal', m.segments, year));
    } else {
      annotate(node, [...own, ...raw.progress], year);
    }
    if (raw.row) applyRow(node, raw);
    Object.assign(node, raw.fields);
    for (const c of raw.children) visit(c, node);
  };
  for (const r of tree.roots) visit(r, null);
  return out;
}

/** A measure split out of its problem's paragraph. */
function measureNode(n: number, parent: NoticeNode, label: string, family: LabelFamily, segments: Segment[], year?: number): NoticeNode {
  const text = segments.map((s) => s.text).join('\n');
  const child: NoticeNode = {
    id: `n${n}`,
    parentId: parent.id,
    kind: 'measure',
    label,
    family,
    title: clipTitle(text),
    line: segments[0].line,
    endLine: segments[segments.length - 1].line,
    text,
  };
  annotate(child, segments, year);
  return child;
}

/** "……。整改措施：" ending an intro: the label announces the measures that were split off. */
function dropTrailingLabel(s: string): string {
  return s.replace(/(?:整改措施|具体措施|主要措施|整改情况|整改进展情况|整改进展|进展情况|完成情况|落实情况)(?:及成效)?\s*[:：]?\s*$/, '');
}

const ORDINAL_FIRST = /^[^。；;]{0,12}?一是/;
const CLOSING_STATUS =
  /^(?:该问题|此问题|上述问题|目前|截至目前|现)[^。；]{0,20}?(?:已全部完成|已完成|基本完成|已整改到位|已整改|整改完成|已办结|已销号|持续推进|长期坚持|正在推进|正在整改)[^。；]{0,10}[。；]?$/;

/** Cuts a closing status sentence off the last measure ("…。该问题已完成整改。"), returning it. */
function statusSentence(m: { segments: Segment[]; label: string } | undefined): Segment | null {
  const last = m?.segments[m.segments.length - 1];
  if (!m || !last) return null;
  // where the last sentence starts: after the last 。 or ；, not counting one that ends the text
  // (a search for /[^。；]*[。；]?$/ tried every start position: quadratic on a long unpunctuated text)
  const body = /[。；]$/.test(last.text) ? last.text.slice(0, -1) : last.text;
  const cut = Math.max(body.lastIndexOf('。'), body.lastIndexOf('；')) + 1;
  const sentence = last.text.slice(cut).trim();
  if (cut <= 0 || !CLOSING_STATUS.test(sentence)) return null;
  last.text = last.text.slice(0, cut).trim();
  return { line: last.line, text: sentence };
}

/**
 * "……三是对2名责任人进行批评教育。已追回资金12.6万元。": sentences after the last measure's first
 * that report results ("已……", "截至……") speak of the problem, not of that measure; cut off as progress.
 */
function reportedResults(m: { segments: Segment[]; label: string } | undefined): Segment | null {
  const last = m?.segments[m.segments.length - 1];
  if (!m || !last) return null;
  const parts = splitSentences(last.text);
  let k = parts.length;
  while (k > 1 && isProgressSentence(parts[k - 1].text)) k--;
  // k stops at 1: the measure's own first sentence always stays
  if (k === parts.length) return null;
  const cut = parts[k].start;
  const sentence = last.text.slice(cut).trim();
  last.text = last.text.slice(0, cut).trim();
  return { line: last.line, text: sentence };
}

function makeNode(raw: RawNode, kind: NodeKind, parent: NoticeNode | null, n: number): NoticeNode {
  const segs = [...raw.text, ...raw.progress];
  const endLine = segs.reduce((m, s) => Math.max(m, s.line), raw.line);
  const node: NoticeNode = {
    id: `n${n}`,
    parentId: parent?.id ?? null,
    kind,
    label: raw.label,
    family: raw.family,
    title: clipTitle(raw.heading),
    line: raw.line,
    endLine,
    text: [raw.heading, ...raw.text.map((s) => s.text)].filter(Boolean).join('\n'),
  };
  if (raw.progress.length) node.progress = raw.progress.map((s) => s.text).join('\n');
  return node;
}

/** A table row is a problem, or a measure when it sits under a problem or measure. */
function rowKind(parent: NoticeNode | null): NodeKind {
  return parent?.kind === 'problem' || parent?.kind === 'measure' ? 'measure' : 'problem';
}

function applyRow(node: NoticeNode, raw: RawNode): void {
  const r = raw.row!;
  if (r.measure) node.text = `${node.text}\n${r.measure}`;
  if (r.leader) node.leader = r.leader;
  if (r.leadDepartment) node.leadDepartment = r.leadDepartment;
  if (r.cooperatingDepartments) node.cooperatingDepartments = r.cooperatingDepartments;
  if (r.deadline && !node.deadline) node.deadline = r.deadline;
}

/** Does an item read as a problem? Its heading says so, or progress follows it. */
function readsAsProblem(n: RawNode): boolean {
  return n.progress.length > 0 || PROBLEM_PHRASE.test(clipTitle(n.heading));
}

function levelKinds(tree: RawTree): NodeKind[] {
  const byLevel: RawNode[][] = tree.order.map(() => []);
  const walk = (n: RawNode): void => {
    if (n.level >= 0) byLevel[n.level].push(n);
    n.children.forEach(walk);
  };
  tree.roots.forEach(walk);
  // Attachments are groups by construction; the problem level is found among the others.
  const used = byLevel.map((l, i) => (l.length && tree.order[i] !== 'attachment' ? i : -1)).filter((i) => i >= 0);
  let problem = -1;
  for (const i of used) {
    const hits = byLevel[i].filter(readsAsProblem).length;
    if (hits * 2 >= byLevel[i].length) problem = i;
  }
  const kinds: NodeKind[] = tree.order.map((key) => (key === 'attachment' ? 'group' : 'theme'));
  // Under attachment groups, the outermost numbered level is a theme, not a second group level.
  const outer: NodeKind = tree.order.includes('attachment') ? 'theme' : 'group';
  used.forEach((lvl, k) => {
    if (problem < 0) kinds[lvl] = used.length === 1 ? 'problem' : k === 0 ? outer : 'theme';
    else if (lvl === problem) kinds[lvl] = 'problem';
    else if (lvl > problem) kinds[lvl] = 'measure';
    else kinds[lvl] = k === 0 ? outer : 'theme';
  });
  return kinds;
}

const ORDINAL = /(^|[。；;，,：:！？!?\n\s）)”"])([一二三四五六七八九十]{1,3})是(?![否非])/g;

/**
 * Split a paragraph run at "一是", "二是", … Only an unbroken sequence counts (a lone
 * "二是" inside a sentence is prose), and a run needs at least two markers.
 * Returns [intro, measure1, measure2, …] or [] when there is no run.
 */
export function splitOrdinals(segments: Segment[]): { segments: Segment[]; label: string }[] {
  const text = segments.map((s) => s.text).join('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const s of segments) {
    starts.push(offset);
    offset += s.text.length + 1;
  }
  const lineAt = (pos: number): number => {
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1] <= pos) k++;
    return segments[k].line;
  };
  const marks: { at: number; body: number; label: string }[] = [];
  let expected = 1;
  for (const m of text.matchAll(ORDINAL)) {
    const n = cnToInt(m[2]);
    const at = (m.index ?? 0) + m[1].length;
    // Tolerate one skipped ordinal at a sentence boundary; the checker reports it.
    const boundary = m[1] === '' || /[。；;\n]/.test(m[1]);
    if (n === expected || (n === expected + 1 && expected > 1 && boundary)) {
      marks.push({ at, body: at + m[2].length + 1, label: `${m[2]}是` });
      expected = n + 1;
    }
  }
  if (marks.length < 2) return [];
  const cut = (a: number, b: number): Segment[] => {
    const out: Segment[] = [];
    for (const part of text.slice(a, b).split('\n')) {
      const pos = text.indexOf(part, a);
      const t = part.trim();
      if (t) out.push({ line: lineAt(pos), text: t });
      a = pos + part.length + 1;
    }
    return out;
  };
  const intro = cut(0, marks[0].at);
  const head = intro.length ? intro : [{ line: segments[0].line, text: '' }];
  const parts = [{ segments: head, label: '' }];
  marks.forEach((m, k) => {
    const segs = cut(m.body, marks[k + 1]?.at ?? text.length);
    parts.push({ segments: segs.length ? segs : [{ line: lineAt(m.at), text: '' }], label: m.label });
  });
  return parts;
}
