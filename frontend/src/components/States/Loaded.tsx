import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { errorMessage } from '../../lib/errors';
import { PageError } from '../StatusPage/Forbidden';
import { ErrorState, TableSkeleton } from './States';

/** What Loaded needs of useQuery's answer: the state, and the way to run the query again. */
type Query<D> = readonly [{ data?: D; error?: CombinedError }, (opts: { requestPolicy: 'network-only' }) => void];

/**
 * What a query's part of a page shows: its error with a way to try again (from the server, not
 * the cache), placeholders while it loads, empty when there is nothing to list (an EmptyState),
 * else children with the data, or with the part of it that select picks. The error of a page's
 * query is the 403 page when the server refused it; inline (a part of a page that did load)
 * shows any error as a message.
 *
 *   const users = useQuery({ query: UsersDocument, variables });
 *   <Loaded query={users} empty={users[0].data?.users.totalCount === 0 && <EmptyState … />}>{(data) => …}</Loaded>
 */
export function Loaded<D, T = D>({
  query: [{ data, error }, refetch],
  select = (d) => d as unknown as T,
  loading = <TableSkeleton />,
  empty = null,
  inline = false,
  children,
}: {
  query: Query<D>;
  select?: (data: D) => T | null | undefined;
  loading?: ReactNode;
  empty?: ReactNode;
  inline?: boolean;
  children: (data: T) => ReactNode;
}) {
  const retry = () => refetch({ requestPolicy: 'network-only' });
  const value = data === undefined ? undefined : select(data);
  if (error && !value) return inline ? <ErrorState message={errorMessage(error)} onRetry={retry} /> : <PageError error={error} onRetry={retry} />;
  if (!value) return loading;
  return empty || children(value);
}
