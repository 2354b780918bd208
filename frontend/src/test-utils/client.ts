import { fromValue, never } from 'wonka';
import type { Client, CombinedError } from 'urql';
import type { Me } from '../lib/auth';

/** One operation the component sent. */
export interface Sent {
  name: string;
  variables: Record<string, unknown>;
}

type Answer = { data?: unknown; error?: CombinedError };

interface Operation {
  query: { definitions: { name?: { value: string } }[] };
  variables: Record<string, unknown>;
}

const nameOf = (op: Operation) => op.query.definitions.find((d) => d.name)?.name?.value ?? '';

/**
 * A GraphQL client that answers each operation by its name (queries not listed never answer)
 * and keeps what was sent, queries and mutations alike.
 */
export function fakeClient({ queries = {}, mutations = {} }: { queries?: Record<string, unknown>; mutations?: Record<string, Answer> } = {}) {
  const sent: Sent[] = [];
  const answer = (table: Record<string, unknown>, op: Operation, wrap: (v: unknown) => Answer) => {
    const name = nameOf(op);
    sent.push({ name, variables: op.variables });
    if (!(name in table)) return never;
    return fromValue({ operation: op, ...wrap(table[name]), stale: false, hasNext: false });
  };
  const client = {
    executeQuery: (op: Operation) => answer(queries, op, (data) => ({ data })),
    executeMutation: (op: Operation) => answer(mutations, op, (a) => a as Answer),
    executeSubscription: () => never,
  } as unknown as Client;
  return { client, sent, mutationsSent: () => sent.filter((s) => s.name in mutations) };
}

/** A signed-in user: the organisation's own unless a partner is given. */
export function meOf({ permissions = [], all = false, partner = null }: { permissions?: string[]; all?: boolean; partner?: { id: string; name: string } | null } = {}): Me {
  return {
    __typename: 'User',
    id: '1',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    role: { __typename: 'Role', id: '1', name: all ? 'Administrator' : 'Developer', permissions, allPermissions: all },
    partner: partner && { __typename: 'Partner', ...partner },
  } as Me;
}
