/**
 * Fills a message's placeholders. `{n}` is replaced by the value of `n`;
 * `{n|item|items}` picks the English singular when `n` is 1 and the plural
 * otherwise, so a count reads "1 report, 2 files". Chinese has no plural, so
 * zh.ts only uses the plain form. Kept free of React so tests can call it.
 */
export type MessageVars = Record<string, string | number>;

export function formatMessage(s: string, vars?: MessageVars): string {
  if (!vars) return s;
  return s.replace(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g, (m, k: string, one?: string, other?: string) => {
    if (!(k in vars)) return m;
    if (one === undefined || other === undefined) return String(vars[k]);
    return Number(vars[k]) === 1 ? one : other;
  });
}
