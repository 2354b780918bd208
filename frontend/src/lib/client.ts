import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';

/** Codes the server puts in errors[].extensions.code. */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL';

/** Paths that never need a session. */
const publicPaths = ['/login', '/setup', '/approve/'];

/** Builds the console's GraphQL client: same-origin POSTs with the session cookie. */
export function makeClient(onSignedOut: () => void = defaultSignedOut) {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
            onSignedOut();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}

function defaultSignedOut() {
  const path = window.location.pathname;
  if (publicPaths.some((p) => path.startsWith(p))) return;
  const next = encodeURIComponent(path + window.location.search);
  window.location.assign(`/login?next=${next}`);
}
