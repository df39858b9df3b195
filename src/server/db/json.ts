/**
 * Child rows inside their parent's statement: a repository's SELECT aggregated to a JSON array, and back. One
 * statement instead of one per list costs one plan and one turn of the queue (PGlite plans every statement
 * afresh and runs one at a time); JSON carries instants as text, which `revive` turns back into the `Date`s
 * the driver gives for the same columns when they are read on their own.
 */

/** `select` (with its own FROM and WHERE, no ORDER BY) as a JSON array of its rows in `order` (columns of `x`). */
export function jsonRows(select: string, order: string): string {
  return `COALESCE((SELECT json_agg(x ORDER BY ${order}) FROM (${select}) x), '[]'::json)`;
}

/** The rows of a `jsonRows` array with the named instant columns as `Date`s (null stays null). */
export function revive<T>(rows: unknown, instants: readonly string[]): T[] {
  return (rows as Record<string, unknown>[]).map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const k of instants) if (typeof out[k] === 'string') out[k] = new Date(out[k] as string);
    return out as T;
  });
}
