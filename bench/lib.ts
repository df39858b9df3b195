/**
 * What the benchmarks share: order statistics and a seeded generator, so that
 * synthetic data is the same on every run and figures compare across runs.
 */

/** The median of a sample (the mean of the two middle values for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The q-quantile by the nearest-rank method (q = 0.99 for p99). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

/** mulberry32: a small seeded generator, so synthetic notices and rounds are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fields of a unit's work that synthetic problems are about. */
export const FIELDS = [
  '项目审批',
  '资金拨付',
  '合同管理',
  '干部考核',
  '信访办理',
  '执法检查',
  '档案管理',
  '公务接待',
  '政府采购',
  '安全生产',
  '数据报送',
  '资产清查',
];
