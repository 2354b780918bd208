import { useCallback, useState } from 'react';

/** Previous/next paging over a cursor list: a stack of the cursors of the pages seen. */
export function useCursorPager(size: number) {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const after = stack[stack.length - 1];
  const page = stack.length;
  const next = useCallback((endCursor: string | null | undefined) => {
    if (endCursor) setStack((s) => [...s, endCursor]);
  }, []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([null]), []);
  return { after, page, size, next, prev, reset, from: (page - 1) * size + 1 };
}
