/**
 * formalism (形式主义): rectification reported as activity rather than result.
 *  - a measure or progress that is only study, meetings or training, with no concrete
 *    action, no figure and no result;
 *  - progress written only in the future tense ("下一步将…") with nothing done;
 *  - a bare "已完成" with no figure or evidence.
 * Warnings: a careful editor asks for substance; the drafter decides.
 */
import type { Finding, NoticeNode, ParsedNotice } from '../types.js';
import { comparable } from '../parse/text.js';
import { quote } from './util.js';
import { findFigures } from '../parse/figures.js';

const STUDY = /学习|培训|传达|研讨|宣讲|座谈|专题会|党课|教育活动|动员会|召开[^。；，,]{0,12}会/;
const ACTION =
  /制定|修订|出台|印发|建立|健全|完善|整改|清退|追缴|查处|完成|清理|处理|处分|问责|收回|退还|拆除|关停|改造|建成|下发|核查|检查|调整|撤销|整治|纠正|补齐|签订|移交|追回|排查|清查|督促|责令|取消|停止|归档|公开|考核|配备|招聘|采购|验收|上线|投入|处置|办结|销号|解决|改进|规范/;
const RESULT = /已|实现|达到|提高|提升|下降|减少|增加|覆盖|名列|获评|获得|确保/;
const FUTURE = /^(?:下一步|今后|后续|将|拟|计划|准备|争取)|将进一步|将继续|将持续|下一步将/;
const DONE = /已完成|已整改|已办结|已销号|整改到位/;

export function checkFormalism(p: ParsedNotice): Finding[] {
  const out: Finding[] = [];
  for (const n of p.nodes) {
    if (n.kind === 'measure') {
      const f = studyOnly(n, n.text, '整改措施');
      if (f) out.push(f);
    }
    if (n.progress) {
      const f = studyOnly(n, n.progress, '整改进展') ?? futureOnly(n) ?? bareDone(n);
      if (f) out.push(f);
    }
  }
  return out;
}

const hasFigure = (n: NoticeNode): boolean => (n.figures ?? []).some((f) => f.kind !== 'date');

function studyOnly(n: NoticeNode, text: string, what: string): Finding | null {
  if (!STUDY.test(text) || ACTION.test(text) || RESULT.test(text) || hasFigure(n)) return null;
  return {
    rule: 'formalism',
    severity: 'warning',
    line: n.line,
    nodeIds: [n.id],
    message: `${what}“${n.label}”只有学习、会议、培训等活动，没有具体行动、数据或成效：${quote(text)}`,
    suggestion: '写明针对问题做了什么、改了什么、结果如何（数量、制度、处理情况）。',
  };
}

function futureOnly(n: NoticeNode): Finding | null {
  const t = n.progress!;
  if (!FUTURE.test(t) || /已|了|完成|建成|制定|印发|出台/.test(t)) return null;
  return {
    rule: 'formalism',
    severity: 'warning',
    line: n.line,
    nodeIds: [n.id],
    message: `“${n.label}”的整改进展只写了打算（“将…”），没有已完成的工作。`,
    suggestion: '写明截至通报时已完成的整改工作；尚未开展的，说明原因和时限。',
  };
}

function bareDone(n: NoticeNode): Finding | null {
  const t = n.progress!;
  if (!DONE.test(t) || comparable(t).length > 20 || hasFigure(n) || /《/.test(t)) return null;
  return {
    rule: 'formalism',
    severity: 'warning',
    line: n.line,
    nodeIds: [n.id],
    message: `“${n.label}”的整改进展只写“已完成”，没有数据或佐证。`,
    suggestion: '写明完成了什么、何时完成，并注明佐证材料。',
  };
}

/** One warning on a text being written (no notice, no line): what looks like formalism and what to write instead. */
export interface FormalismWarning {
  message: string;
  suggestion: string;
}

/**
 * The same rule on one text a person is writing — a progress entry, a reply to a
 * supervision order (issue 9): the form warns before it is sent, the warning is
 * stored with the entry. `hasFigures`: the entry carries quantified figures of its own.
 */
export function formalismOfText(text: string, what: '整改进展' | '督办回复', hasFigures = false): FormalismWarning[] {
  const t = text.trim();
  if (!t) return [];
  const node: NoticeNode = {
    id: 'entry',
    parentId: null,
    kind: 'problem',
    label: what,
    family: 'row',
    title: '',
    line: 1,
    endLine: 1,
    text: '',
    progress: t,
    figures: hasFigures ? [{ kind: 'count', raw: '', value: 1, line: 1 }] : findFigures(t, 1),
  };
  const study = STUDY.test(t) && !ACTION.test(t) && !RESULT.test(t) && !hasFigure(node);
  if (study) {
    return [
      {
        message: `${what}只有学习、会议、培训等活动，未写明具体措施或成效`,
        suggestion: '写明针对问题做了什么、改了什么、结果如何（数量、制度、处理情况）。',
      },
    ];
  }
  const f = futureOnly(node) ?? bareDone(node);
  if (!f) return [];
  const message = f.message.replace(`“${what}”的整改进展`, what);
  return [{ message, suggestion: f.suggestion ?? '' }];
}
