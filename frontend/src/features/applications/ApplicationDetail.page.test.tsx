import { ModalsProvider } from '@mantine/modals';
import { Route, Routes } from 'react-router';
import { AuthContext, makeAuth } from '../../lib/auth';
import { fakeClient, meOf } from '../../test-utils/client';
import { fireEvent, render, screen, waitFor } from '../../test-utils/render';
import ApplicationDetailPage, { expiringSoon } from './ApplicationDetail.page';

const now = new Date('2026-11-30T12:00:00Z');
const inDays = (d: number) => new Date(now.getTime() + d * 86400e3).toISOString();

describe('expiringSoon', () => {
  it('keeps the tokens that expire within the window, soonest first', () => {
    const tokens = [
      { id: 'a', expiresAt: inDays(14) },
      { id: 'b', expiresAt: null },
      { id: 'c', expiresAt: inDays(2) },
      { id: 'd', expiresAt: inDays(16) },
      { id: 'e', expiresAt: inDays(-1) },
    ];
    expect(expiringSoon(tokens, 15, now).map((t) => t.id)).toEqual(['c', 'a']);
  });
});

const app = {
  __typename: 'Application',
  id: '9',
  clientId: 'app_0123456789abcdefghij',
  name: 'Northwind Checkout',
  description: 'Card payments',
  createdAt: '2026-11-30T10:00:00Z',
  partner: { __typename: 'Partner', id: '4', name: 'Northwind Payments' },
};

const token = {
  __typename: 'Token',
  id: '11',
  name: 'Checkout backend',
  hint: 'kw_AbCd…wxyz',
  status: 'ACTIVE',
  expiresAt: null,
  expiryReminders: false,
  lastUsedAt: null,
  lastUsedIp: null,
  createdBy: 'ada@example.com',
  role: { __typename: 'Role', id: '2', name: 'Partner developer', grantable: true },
};

function renderPage() {
  const fake = fakeClient({
    queries: {
      Application: { application: app },
      ApplicationTokens: {
        application: { __typename: 'Application', id: '9', tokens: { __typename: 'TokenConnection', totalCount: 3, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: token }] } },
        revoked: { totalCount: 1 },
        active: { totalCount: 2, edges: [{ node: token }] },
        tokenPolicy: { maxLifetimeDays: 365, reminderWindowDays: 15 },
      },
    },
    mutations: { DeleteApplication: { data: { deleteApplication: true } } },
  });
  render(
    <AuthContext.Provider value={makeAuth(meOf({ all: true }), () => {})}>
      <ModalsProvider>
        <Routes>
          <Route path="/applications/:id" element={<ApplicationDetailPage />} />
          <Route path="/applications" element={<p>The applications</p>} />
        </Routes>
      </ModalsProvider>
    </AuthContext.Provider>,
    { client: fake.client, path: '/applications/9' },
  );
  return fake;
}

describe('ApplicationDetailPage', () => {
  it('shows the client id with a copy button, and the tokens with links to their pages', async () => {
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Northwind Checkout' })).toBeInTheDocument();
    expect(screen.getByTestId('client-id')).toHaveTextContent('app_0123456789abcdefghij');
    expect(screen.getByRole('button', { name: 'Copy client id app_0123456789abcdefghij' })).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Checkout backend' })[0]).toHaveAttribute('href', '/tokens/11');
    expect(screen.getByText('No token of this application expires in the next 15 days.')).toBeInTheDocument();
  });

  it('says how many tokens deleting revokes, deletes once confirmed, and goes back to the applications', async () => {
    const { mutationsSent } = renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(await screen.findByTestId('revoke-count')).toHaveTextContent('Its 2 tokens will be revoked');
    expect(mutationsSent()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete application' }));
    await waitFor(() => expect(screen.getByText('The applications')).toBeInTheDocument());
    expect(mutationsSent()).toEqual([{ name: 'DeleteApplication', variables: { id: '9' } }]);
  });
});
