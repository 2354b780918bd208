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

const oneEvent = {
  auditEvents: {
    ...events.auditEvents,
    totalCount: 1,
    edges: [
      {
        __typename: 'AuditEventEdge',
        node: { __typename: 'AuditEvent', id: '9', at: '2026-11-30T10:00:00Z', actorType: 'TOKEN', actor: 'Checkout backend', actorId: '4', action: 'token.use', targetType: 'token', targetId: '4', target: 'Checkout backend', outcome: 'DENIED', ip: '203.0.113.9', userAgent: null, details: null },
      },
    ],
  },
};

function renderAudit(path: string, data: object = events) {
  const { client, sent } = fakeClient({ queries: { AuditEvents: data } });
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
  it('shows an event as a row, and on a phone as a card that opens it', async () => {
    renderAudit('/audit', oneEvent);
    const card = await screen.findByRole('article', { name: /^token\.use / });
    for (const text of ['token.use', 'denied', 'Checkout backend', 'token', '203.0.113.9']) expect(card).toHaveTextContent(text);
    expect(screen.getByRole('row', { name: /token\.use/ })).toHaveTextContent('203.0.113.9');
    fireEvent.click(card);
    expect(await screen.findByRole('dialog')).toHaveTextContent('token.use');
  });

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
