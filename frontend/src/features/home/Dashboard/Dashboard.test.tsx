import { fakeClient } from '../../../test-utils/client';
import { render, screen, within } from '../../../test-utils/render';
import { tokenOf } from '../../tokens/TokenForm/fixtures';
import { Dashboard } from './Dashboard';

const days = (n: number, ok = 0, refused = 0) => Array.from({ length: n }, (_, i) => ({ __typename: 'UsageDay', day: `2026-11-${String(17 + i).padStart(2, '0')}`, ok, refused }));

function renderDashboard(dashboard: Record<string, unknown>) {
  render(<Dashboard />, { client: fakeClient({ queries: { Dashboard: { dashboard: { __typename: 'Dashboard', ...dashboard } } } }).client });
}

const card = (name: string) => screen.getByRole('region', { name });

describe('Dashboard', () => {
  it('shows each figure with a few of what it counts, and links to the filtered list', async () => {
    renderDashboard({
      expiringTokens: { windowDays: 7, totalCount: 2, tokens: [tokenOf({ id: '1', name: 'Billing export', expiresAt: new Date(Date.now() + 3 * 86400e3).toISOString() }), tokenOf({ id: '2', name: 'Nightly sync' })] },
      pendingApprovals: { totalCount: 1, requests: [{ id: '5', tokenId: '1', tokenName: 'Billing export', cidr: '203.0.113.7/32', requestedAt: new Date().toISOString() }] },
      refusedLast24h: [
        { reason: 'ip_not_allowed', count: 12 },
        { reason: 'expired', count: 3 },
      ],
      openTokens: { totalCount: 4, totalCountExact: true, tokens: [tokenOf({ id: '2', name: 'Nightly sync' })] },
      usage: days(14, 5, 1),
    });
    const expiring = await screen.findByRole('region', { name: 'Expiring soon' });
    expect(within(expiring).getByTestId('figure')).toHaveTextContent('2');
    expect(expiring).toHaveTextContent('active tokens expiring within 7 days');
    expect(within(expiring).getByRole('link', { name: 'Billing export' })).toHaveAttribute('href', '/tokens/1');
    expect(within(expiring).getByRole('link', { name: /See them in the list/ })).toHaveAttribute('href', '/tokens?status=ACTIVE&sort=EXPIRES_AT&dir=ASC');
    expect(within(card('Approvals waiting for you')).getByTestId('figure')).toHaveTextContent('1');
    expect(card('Approvals waiting for you')).toHaveTextContent('203.0.113.7/32 for Billing export');
    const refused = card('Refused, last 24 hours');
    expect(within(refused).getByTestId('figure')).toHaveTextContent('15');
    expect(refused).toHaveTextContent('Address not whitelisted12');
    expect(refused).toHaveTextContent('Expired3');
    expect(within(refused).getByRole('link', { name: /See them in the audit log/ })).toHaveAttribute('href', '/audit?action=token.use&outcome=denied');
    expect(within(card('Open to every address')).getByRole('link', { name: /See them in the list/ })).toHaveAttribute('href', '/tokens?open=1&status=ACTIVE');
    expect(card('Token use, last 14 days')).toHaveTextContent('70 successful verifications, 14 refused');
    expect(screen.getByRole('img', { name: /Uses per day: 70 successful and 14 refused uses in 14 days/ })).toBeInTheDocument();
  });

  it('says so when there is nothing to worry about', async () => {
    renderDashboard({
      expiringTokens: { windowDays: 15, totalCount: 0, tokens: [] },
      pendingApprovals: { totalCount: 0, requests: [] },
      refusedLast24h: [],
      openTokens: { totalCount: 0, totalCountExact: true, tokens: [] },
      usage: days(14),
    });
    expect(await screen.findByText('No active token expires in the next 15 days.')).toBeInTheDocument();
    expect(screen.getByText('Nothing waits for your decision.')).toBeInTheDocument();
    expect(screen.getByText('No use of a token was refused.')).toBeInTheDocument();
    expect(screen.getByText('Every active token is held to a whitelist.')).toBeInTheDocument();
    expect(screen.getByText(/No token was used in the last 14 days/)).toBeInTheDocument();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('leaves out what the user may not read', async () => {
    renderDashboard({ expiringTokens: null, pendingApprovals: { totalCount: 3, requests: [] }, refusedLast24h: null, openTokens: null, usage: null });
    expect(await screen.findByRole('region', { name: 'Approvals waiting for you' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Expiring soon' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Refused, last 24 hours' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Token use, last 14 days' })).toBeNull();
  });
});
