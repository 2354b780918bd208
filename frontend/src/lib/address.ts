import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** The address's parameters with change written in: each one set, or gone when empty. Others stay. */
export function withParams(params: URLSearchParams, change: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(change)) {
    if (v) next.set(k, v);
    else next.delete(k);
  }
  return next;
}

/**
 * The address's parameters, and a way to change some of them in place (the list's filters are
 * kept there: changing one adds no step to the history).
 */
export function useAddressParams(): [URLSearchParams, (change: Record<string, string | null>) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback((change: Record<string, string | null>) => setParams((p) => withParams(p, change), { replace: true }), [setParams]);
  return [params, set];
}
