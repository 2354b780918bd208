import { Route, Routes } from 'react-router';
import { CombinedError, type Client } from 'urql';
import { GraphQLError } from 'graphql';
import { fromValue } from 'wonka';
import { Suspense } from 'react';
import { render, screen } from '../../test-utils/render';
import { AuthContext, makeAuth, type Me } from '../../lib/auth';
import { PageGuard } from './Forbidden.page';
import { PageError } from './Forbidden';

function auth(permissions: string[], partner: { id: string; name: string } | null = null, refresh = () => {}) {
  const me = { id: '1', email: 'a@example.com', name: 'A', role: { id: '2', name: 'Auditor', permissions, allPermissions: false }, partner } as unknown as Me;
  return makeAuth(me, refresh);
}

/** The guarded routes, with a page that counts the queries it would send. */
function renderAt(path: string, a: ReturnType<typeof auth>) {
  const queries: string[] = [];
  const client = {
    executeQuery: (op: { query: { definitions: { name?: { value: string } }[] } }) => {
      queries.push(op.query.definitions[0]?.name?.value ?? '');
      return fromValue({ data: {}, stale: false, hasNext: false });
    },
  } as unknown as Client;
  function Page() {
    queries.push('page rendered');
    return <p>the settings page</p>;
  }
  render(
    <AuthContext.Provider value={a}>
      <Suspense>
        <Routes>
          <Route element={<PageGuard />}>
            <Route path="settings" element={<Page />} />
            <Route path="partners" element={<Page />} />
          </Route>
        </Routes>
      </Suspense>
    </AuthContext.Provider>,
    { client, path },
  );
  return queries;
}

describe('PageGuard', () => {
  it('renders the 403 page, naming the permission and who grants it, before the page sends anything', async () => {
    const sent = renderAt('/settings', auth(['audit:read']));
    expect(await screen.findByRole('heading', { name: 'You need settings:write to see Settings' })).toBeInTheDocument();
    expect(screen.getByText(/Your role, Auditor, does not include/)).toBeInTheDocument();
    expect(screen.getByText(/Administrators grant permissions/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to Home' })).toHaveAttribute('href', '/');
    expect(screen.getByText('403')).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it('renders the page for whoever holds the permission', () => {
    const sent = renderAt('/settings', auth(['settings:write']));
    expect(screen.getByText('the settings page')).toBeInTheDocument();
    expect(sent).toEqual(['page rendered']);
  });

  it("tells a partner's user that the page is the organisation's", async () => {
    renderAt('/partners', auth(['partners:read'], { id: '9', name: 'Acme' }));
    expect(await screen.findByRole('heading', { name: "Partners is for the organisation's own people" })).toBeInTheDocument();
    expect(screen.getByText(/You sign in for Acme/)).toBeInTheDocument();
  });
});

describe('PageError', () => {
  const forbidden = new CombinedError({ graphQLErrors: [new GraphQLError('Insufficient permissions to access this resource', { extensions: { code: 'FORBIDDEN' } })] });

  it('turns a FORBIDDEN answer into the 403 page of the page shown, and reloads the signed-in user once', () => {
    const refresh = vi.fn();
    render(
      <AuthContext.Provider value={auth(['settings:write'], null, refresh)}>
        <PageError error={forbidden} onRetry={() => {}} />
      </AuthContext.Provider>,
      { path: '/settings' },
    );
    expect(screen.getByRole('heading', { name: 'You need settings:write to see Settings' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps Try again for any other error', () => {
    const broken = new CombinedError({ graphQLErrors: [new GraphQLError('internal error', { extensions: { code: 'INTERNAL' } })] });
    render(
      <AuthContext.Provider value={auth([])}>
        <PageError error={broken} onRetry={() => {}} />
      </AuthContext.Provider>,
      { path: '/settings' },
    );
    expect(screen.getByText('Could not load this page')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
