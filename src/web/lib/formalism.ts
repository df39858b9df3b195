/**
 * The formalism check while a handler writes (issue 9 point 8): the text is sent to
 * POST /formalism-check a moment after typing stops, so a warning appears before the
 * form is sent without a request per keystroke. Shared by the progress form and the
 * reply to a supervision order, which live in different features.
 */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { FormalismCheck, FormalismWhat } from './domain';

const DEBOUNCE_MS = 600;
/** Shorter texts are not judged yet: the rule reads what a sentence says. */
const MIN_CHARS = 4;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function useFormalismCheck(text: string | undefined, what: FormalismWhat) {
  const settled = useDebounced((text ?? '').trim(), DEBOUNCE_MS);
  return useQuery({
    queryKey: ['formalism-check', what, settled],
    queryFn: ({ signal }) => api.post<FormalismCheck>('/formalism-check', { text: settled, what }, { signal }),
    enabled: settled.length >= MIN_CHARS,
    staleTime: Infinity,
  });
}
