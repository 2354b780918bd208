import type { ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import { CombinedError, type Client } from 'urql';
import { GraphQLError } from 'graphql';
import { concat, fromValue, never } from 'wonka';
import { AuthContext, makeAuth } from './lib/auth';
import { meOf } from './test-utils/client';
import { render, screen } from './test-utils/render';
import ApplicationDetailPage from './features/applications/ApplicationDetail.page';
import ApplicationsPage from './features/applications/Applications.page';
import ApprovalsPage from './features/approvals/Approvals.page';
import AuditPage from './features/audit/Audit.page';
import ModulesPage from './features/modules/Modules.page';
import PartnersPage from './features/partners/Partners.page';
import RoleEditPage from './features/roles/RoleEdit.page';
import RolesPage from './features/roles/Roles.page';
import TokenDetailPage from './features/tokens/TokenDetail.page';
import TokensPage from './features/tokens/Tokens.page';
import UsersPage from './features/users/Users.page';

/** A client that answers every query with one error, and then stays open as a real one does. */
function failing(code: string, message: string): Client {
  const error = new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code } })] });
  const answer = (op: unknown) => concat([fromValue({ operation: op, error, stale: false, hasNext: false }), never]);
  return { executeQuery: answer, executeMutation: answer, executeSubscription: answer } as unknown as Client;
}

const pages: [string, string, ComponentType, string][] = [
  ['/users', '/users', UsersPage, 'users:read'],
  ['/roles', '/roles', RolesPage, 'roles:read'],
  ['/roles/:id', '/roles/7', RoleEditPage, 'roles:read'],
  ['/modules', '/modules', ModulesPage, 'roles:read'],
  ['/tokens', '/tokens', TokensPage, 'tokens:read'],
  ['/tokens/:id', '/tokens/4', TokenDetailPage, 'tokens:read'],
  ['/approvals', '/approvals', ApprovalsPage, 'whitelist:approve'],
  ['/audit', '/audit', AuditPage, 'audit:read'],
  ['/applications', '/applications', ApplicationsPage, 'applications:read'],
  ['/applications/:id', '/applications/3', ApplicationDetailPage, 'applications:read'],
  ['/partners', '/partners', PartnersPage, 'partners:read'],
];

function renderPage(route: string, path: string, Page: ComponentType, client: Client, refresh = () => {}) {
  render(
    <AuthContext.Provider value={makeAuth(meOf({ all: true }), refresh)}>
      <Routes>
        <Route path={route} element={<Page />} />
      </Routes>
    </AuthContext.Provider>,
    { client, path },
  );
}

describe('a page whose query fails', () => {
  it.each(pages)('%s shows the 403 page when the server refuses it', async (route, path, Page, perm) => {
    const refresh = vi.fn();
    renderPage(route, path, Page, failing('FORBIDDEN', 'you may not'), refresh);
    expect(await screen.findByRole('heading', { name: new RegExp(`^You need ${perm} to see`) })).toBeInTheDocument();
    // The 403 page stands in for the whole page: no title or filters of the page around it.
    expect(screen.getAllByRole('heading')).toHaveLength(1);
    expect(refresh).toHaveBeenCalled();
  });

  it.each(pages)('%s shows any other error with a way to try again', async (route, path, Page) => {
    renderPage(route, path, Page, failing('INTERNAL_SERVER_ERROR', 'internal error'));
    expect(await screen.findByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /^You need/ })).not.toBeInTheDocument();
  });
});
