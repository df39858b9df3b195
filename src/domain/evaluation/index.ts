/**
 * 整改评估: the score and grade of a round's rectification, from components an office
 * can weigh, with every input shown so that the arithmetic can be checked by hand.
 *
 * Each component measures a shortfall as a rate between 0 and 1,
 *
 *     rate = min(1, numerator / denominator)      (0 when the denominator is 0)
 *     deduction = weight × rate                   (rounded to 0.1)
 *
 * and the score is 100 minus the deductions (never below 0). The weights sum to 100,
 * so a round without any shortfall scores 100 and one failing everywhere scores 0.
 * The grade follows from the score by the office's thresholds (好 ≥ 90, 较好 ≥ 75,
 * 一般 ≥ 60, else 差 by default). The components (defaults in DEFAULT_CONFIG):
 *
 * | key        | numerator                                          | denominator                     | weight |
 * |------------|----------------------------------------------------|---------------------------------|--------|
 * | onTime     | due items not closed by their deadline             | items due (deadline passed, or closed) | 25 |
 * | overdue    | items open past their deadline today               | items due                       | 15     |
 * | stalled    | open items without progress for `stalledDays` days | open items                      | 10     |
 * | returned   | closure requests returned by a reviewer            | closure requests                | 5      |
 * | extensions | extensions approved                                | actionable items                | 5      |
 * | formalism  | progress entries with formalism warnings           | progress entries                | 10     |
 * | recurrence | items flagged as found before (屡查屡犯)            | actionable items                | 10     |
 * | lookback   | look-back items reopened                           | look-back items decided         | 15     |
 * | feedback   | public feedback (意见建议) on the round             | `feedbackSaturation` (default 5) | 5     |
 *
 * An item still open past its deadline counts in both onTime and overdue: being late
 * and staying late are two shortfalls. Long-term items (长期坚持) have no deadline and
 * count in neither. Pure: no I/O.
 */

export const GRADES = ['good', 'fairly_good', 'average', 'poor'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_ZH: Record<Grade, string> = { good: '好', fairly_good: '较好', average: '一般', poor: '差' };

export const COMPONENT_KEYS = [
  'onTime',
  'overdue',
  'stalled',
  'returned',
  'extensions',
  'formalism',
  'recurrence',
  'lookback',
  'feedback',
] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/** What people read for each component: its name and how its two numbers are counted. */
export const COMPONENT_ZH: Record<ComponentKey, { name: string; numerator: string; denominator: string }> = {
  onTime: { name: '按期销号', numerator: '到期未按期销号的问题', denominator: '已到期或已销号的问题' },
  overdue: { name: '逾期未完成', numerator: '逾期仍未销号的问题', denominator: '已到期或已销号的问题' },
  stalled: { name: '进展停滞', numerator: '长期无进展的未销号问题', denominator: '未销号问题' },
  returned: { name: '销号被退回', numerator: '被退回的销号申请', denominator: '销号申请' },
  extensions: { name: '延期', numerator: '批准延期的次数', denominator: '问题总数' },
  formalism: { name: '形式主义提示', numerator: '有形式主义提示的进展', denominator: '整改进展' },
  recurrence: { name: '屡查屡犯', numerator: '与以往轮次相似的问题', denominator: '问题总数' },
  lookback: { name: '回头看未通过', numerator: '回头看中重新打开的问题', denominator: '回头看已核查的问题' },
  feedback: { name: '群众意见', numerator: '群众意见建议', denominator: '满扣件数' },
};

/** The counts an evaluation is computed from (the server counts them in one round). */
export interface EvaluationInputs {
  /** Actionable (leaf) problems of the round. */
  items: number;
  /** Items with a deadline that has passed, or closed (long-term items excluded). */
  due: number;
  /** Of those, closed on or before their deadline (Beijing date). */
  closedOnTime: number;
  /** Items open (not closed) past their deadline. */
  overdueOpen: number;
  /** Items not closed. */
  open: number;
  /** Open items whose last progress (or creation) is older than the stalled period. */
  stalledOpen: number;
  closureRequests: number;
  returnedClosures: number;
  approvedExtensions: number;
  progressEntries: number;
  formalismEntries: number;
  /** Items flagged as resembling a problem of an earlier round. */
  recurring: number;
  /** Look-back items confirmed or reopened. */
  lookbackDecided: number;
  lookbackReopened: number;
  /** Public feedback (意见建议) about the round. */
  feedback: number;
}

export interface EvaluationConfig {
  /** Weight of each component; they sum to 100. */
  weights: Record<ComponentKey, number>;
  /** The least score of each grade but the last (差 is everything below 一般). */
  thresholds: { good: number; fairly_good: number; average: number };
  /** Days without progress after which an open item counts as stalled. */
  stalledDays: number;
  /** The number of public feedback items at which the feedback component deducts its whole weight. */
  feedbackSaturation: number;
}

export const DEFAULT_CONFIG: EvaluationConfig = {
  weights: { onTime: 25, overdue: 15, stalled: 10, returned: 5, extensions: 5, formalism: 10, recurrence: 10, lookback: 15, feedback: 5 },
  thresholds: { good: 90, fairly_good: 75, average: 60 },
  stalledDays: 30,
  feedbackSaturation: 5,
};

/** Why a configuration cannot be used, or null. */
export function configProblem(c: EvaluationConfig): string | null {
  const sum = COMPONENT_KEYS.reduce((s, k) => s + c.weights[k], 0);
  if (Math.abs(sum - 100) > 1e-9) return `各项权重之和应为 100，现为 ${round1(sum)}`;
  const t = c.thresholds;
  if (!(t.good > t.fairly_good && t.fairly_good > t.average)) return '等次分数线应满足“好”>“较好”>“一般”';
  return null;
}

/** One component as computed: its inputs, its rate and what it deducts. */
export interface Component {
  key: ComponentKey;
  name: string;
  numerator: number;
  denominator: number;
  numeratorLabel: string;
  denominatorLabel: string;
  /** min(1, numerator / denominator), 0 when the denominator is 0; four decimals. */
  rate: number;
  weight: number;
  /** weight × rate, rounded to 0.1. */
  deduction: number;
}

export interface Evaluation {
  components: Component[];
  /** 100 − Σ deductions, never below 0; one decimal. */
  score: number;
  grade: Grade;
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The numerator and denominator of each component. */
function counts(i: EvaluationInputs, c: EvaluationConfig): Record<ComponentKey, [number, number]> {
  return {
    onTime: [i.due - i.closedOnTime, i.due],
    overdue: [i.overdueOpen, i.due],
    stalled: [i.stalledOpen, i.open],
    returned: [i.returnedClosures, i.closureRequests],
    extensions: [i.approvedExtensions, i.items],
    formalism: [i.formalismEntries, i.progressEntries],
    recurrence: [i.recurring, i.items],
    lookback: [i.lookbackReopened, i.lookbackDecided],
    feedback: [i.feedback, c.feedbackSaturation],
  };
}

/** The grade a score earns under the thresholds. */
export function gradeOf(score: number, t: EvaluationConfig['thresholds']): Grade {
  if (score >= t.good) return 'good';
  if (score >= t.fairly_good) return 'fairly_good';
  if (score >= t.average) return 'average';
  return 'poor';
}

/** The evaluation of a round's counts under a configuration. */
export function evaluate(inputs: EvaluationInputs, config: EvaluationConfig = DEFAULT_CONFIG): Evaluation {
  const n = counts(inputs, config);
  const components = COMPONENT_KEYS.map((key): Component => {
    const [numerator, denominator] = n[key];
    const rate = denominator > 0 ? round4(Math.min(1, numerator / denominator)) : 0;
    const weight = config.weights[key];
    return {
      key,
      name: COMPONENT_ZH[key].name,
      numerator,
      denominator,
      numeratorLabel: COMPONENT_ZH[key].numerator,
      denominatorLabel: COMPONENT_ZH[key].denominator,
      rate,
      weight,
      deduction: round1(weight * rate),
    };
  });
  // the score is 100 minus the deductions as shown (each already rounded), so the sum can be checked by hand
  const score = Math.max(0, round1(100 - components.reduce((s, c) => s + c.deduction, 0)));
  return { components, score, grade: gradeOf(score, config.thresholds) };
}
