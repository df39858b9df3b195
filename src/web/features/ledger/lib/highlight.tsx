/**
 * Marks the words of a search in a text, as the server matched them: each word
 * on its own, case-insensitive (the ledger's search is ILIKE per word).
 */
import type { ReactNode } from 'react';

/** The words of a search, split as the server splits them (ASCII and full-width spaces). */
export function searchWords(q: string | undefined): string[] {
  return [...new Set((q ?? '').split(/[\s\u3000]+/).filter(Boolean))].slice(0, 8);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function Highlight({ text, words }: { text: string; words: string[] }): ReactNode {
  if (!words.length || !text) return text;
  const re = new RegExp(
    `(${words
      .map(escape)
      .sort((a, b) => b.length - a.length)
      .join('|')})`,
    'gi',
  );
  const parts = text.split(re);
  return parts.map((p, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="zg-hit">
        {p}
      </mark>
    ) : (
      p
    ),
  );
}

/** A stretch of a long text around the first word found in it (for a description matched by the search). */
export function snippet(text: string, words: string[], width = 60): string | null {
  const lower = text.toLowerCase();
  const at = words
    .map((w) => lower.indexOf(w.toLowerCase()))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b)[0];
  if (at === undefined) return null;
  const start = Math.max(0, at - Math.floor(width / 3));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + width)}${start + width < text.length ? '…' : ''}`;
}
