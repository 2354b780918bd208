import { useCallback, useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { graphql } from '../gql';
import { useCursorPager } from './pager';

// The page information every cursor list asks for: its queries spread this fragment.
graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** What useListPage needs of a connection to draw its pager. */
export interface PagedConnection {
  edges: readonly unknown[];
  totalCount: number;
  totalCountExact?: boolean;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

type Filters = Record<string, string | null>;

/**
 * The skeleton of a filtered, paged list page: the filters' values as typed (for the inputs),
 * the values a query should use (the typed-in ones debounced), and cursor paging that starts
 * again from the first page whenever the filters change.
 *
 *   const list = useListPage({ search: '', status: null }, { pageSize: 25, debounce: ['search'], extra: { partnerId } });
 *   useQuery({ query, variables: { filter: list.applied, ...list.variables } });
 *   <Pager {...list.pager(data.users)} noun="user" />
 *
 * extra holds filters kept elsewhere (the partner in the address): they count as filters, are
 * never debounced, and restart the paging as the others do. order is how the list is sorted
 * (null: the server's default): a new order restarts the paging too, but is no filter.
 * onRestart runs each time the paging starts again (and once at first), for what a page keeps
 * of the rows it showed (a selection).
 */
export function useListPage<F extends Filters, X extends Record<string, string | null> = Record<never, never>>(
  initial: F,
  {
    pageSize,
    debounce = [],
    wait = 250,
    extra,
    order = null,
    onRestart,
  }: { pageSize: number; debounce?: (keyof F)[]; wait?: number; extra?: X; order?: object | null; onRestart?: () => void },
) {
  const [values, setValues] = useState<F>(initial);
  const set = useCallback(<K extends keyof F>(key: K, value: F[K]) => setValues((v) => ({ ...v, [key]: value })), []);
  // Strings compare by value: the debounced part waits for typing to stop, the rest does not.
  const typed = JSON.stringify(Object.fromEntries(debounce.map((k) => [k, values[k]])));
  const [settled] = useDebouncedValue(typed, wait);
  const key = JSON.stringify({ ...values, ...(JSON.parse(settled) as Partial<F>), ...extra });
  const applied = useMemo(() => JSON.parse(key) as F & X, [key]);

  const restart = JSON.stringify([key, order]);

  const paging = useCursorPager(pageSize);
  const { reset, next, prev, from, after } = paging;
  const restarted = useEffectEvent(() => onRestart?.());
  useEffect(() => {
    reset();
    restarted();
  }, [restart, reset]);

  const filtering = Object.values(applied).some((v) => v !== null && v !== '');
  const pager = useCallback(
    (c: PagedConnection) => ({
      from,
      count: c.edges.length,
      total: c.totalCount,
      exact: c.totalCountExact ?? true,
      hasNext: c.pageInfo.hasNextPage,
      onPrev: prev,
      onNext: () => next(c.pageInfo.endCursor),
    }),
    [from, next, prev],
  );
  return { values, set, applied, filtering, variables: { first: pageSize, after }, pager, page: paging.page };
}
