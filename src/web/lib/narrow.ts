/**
 * Whether the screen is phone-narrow (below Ant Design's md, 768 px), read from the media query on the first render.
 * Grid.useBreakpoint answers {} first and the real breakpoints a moment later: a component that moved an element
 * between two places on that answer remounted it, and a dialog it held open closed under the user's hand.
 * The answer still changes whenever the width crosses the breakpoint (a tablet turned, a page zoomed, a full-page
 * screenshot in Chromium): what moves on it must hold no state — keep dialogs and their open state where the
 * layout does not move them (see ProblemPage and MeasureTable).
 */
import { useSyncExternalStore } from 'react';

const NARROW = '(max-width: 767.98px)';

function subscribe(changed: () => void): () => void {
  const m = typeof window !== 'undefined' ? window.matchMedia?.(NARROW) : undefined;
  m?.addEventListener('change', changed);
  return () => m?.removeEventListener('change', changed);
}

// where no media query answers (jsdom has no layout) the desktop layout stays
const narrowNow = () => (typeof window !== 'undefined' && window.matchMedia?.(NARROW).matches) || false;

export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, narrowNow, () => false);
}
