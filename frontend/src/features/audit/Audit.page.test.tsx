import { Link, useLocation } from 'react-router';
import { AuthContext, makeAuth } from '../../lib/auth';
import { fakeClient, meOf } from '../../test-utils/client';
import { act, fireEvent, render, screen, waitFor } from '../../test-utils/render';
import AuditPage from './Audit.page';

const events = { auditEvents: { __typename: 'AuditEventConnection', totalCount: 0, totalCountExact: true, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, edges: [] } };

function Address() {
  const { pathname, search } = useLocation();
  return <output aria-label="address">{pathname + search}</output>;
}

function renderAudit(path: string) {
  const { client, sent } = fakeClient({ queries: { AuditEvents: events } });
  render(
    <AuthContext.Provider value={makeAuth(meOf({ permissions: ['audit:read'] }), () => {})}>
      <AuditPage />
      <Address />
      <Link to="/audit">Audit log</Link>
    </AuthContext.Provider>,
    { client, path },
  );
  const lastFilter = () => sent.filter((s) => s.name === 'AuditEvents').at(-1)?.variables.filter;
  return { lastFilter };
}

const address = () => screen.getByRole('status', { name: 'address' }).textContent;

describe('Audit log', () => {
  it('takes its filters from the address', async () => {
    const { lastFilter } = renderAudit('/audit?outcome=refused&action=token.use');
    await screen.findByText('No events match');
    expect(lastFilter()).toEqual({ action: 'token.use', outcome: 'DENIED' });
    expect(screen.getByLabelText('Action')).toHaveValue('token.use');
    expect(screen.getByDisplayValue('Denied')).toBeInTheDocument();
  });

  it('keeps a changed filter in the address, and a link without filters clears them', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { lastFilter } = renderAudit('/audit?action=token.use');
      fireEvent.change(screen.getByLabelText('Actor'), { target: { value: 'ada' } });
      expect(address()).toBe('/audit?action=token.use&actor=ada');
      act(() => vi.advanceTimersByTime(300));
      await waitFor(() => expect(lastFilter()).toEqual({ actor: 'ada', action: 'token.use' }));

      fireEvent.click(screen.getByRole('link', { name: 'Audit log' }));
      expect(address()).toBe('/audit');
      expect(screen.getByLabelText('Actor')).toHaveValue('');
      expect(screen.getByLabelText('Action')).toHaveValue('');
      act(() => vi.advanceTimersByTime(300));
      await waitFor(() => expect(lastFilter()).toEqual({}));
    } finally {
      vi.useRealTimers();
    }
  });
});
