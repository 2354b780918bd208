import { fromValue } from 'wonka';
import type { Client } from 'urql';
import { fireEvent, render, screen, waitFor } from '../../test-utils/render';
import { NotificationBell } from './NotificationBell';

const inbox = {
  notifications: {
    __typename: 'Inbox',
    unreadCount: 2,
    items: [
      { __typename: 'Notification', id: '2', kind: 'approval.rejected', title: '10.0.0.0/8 was rejected for Billing', body: 'Decided by owner@example.com: too wide', link: '/tokens/7', read: false, createdAt: new Date().toISOString() },
      { __typename: 'Notification', id: '1', kind: 'approval.approved', title: '127.0.0.1/32 was approved for Billing', body: '', link: '/tokens/7', read: false, createdAt: new Date().toISOString() },
    ],
  },
};

function client(mutations: { name: string; variables: unknown }[]) {
  return {
    executeQuery: () => fromValue({ data: inbox, stale: false, hasNext: false }),
    executeMutation: (op: { query: { definitions: { name?: { value: string } }[] }; variables: unknown }) => {
      mutations.push({ name: op.query.definitions[0]?.name?.value ?? '', variables: op.variables });
      return fromValue({ data: { markNotificationsRead: 2 }, stale: false, hasNext: false });
    },
    executeSubscription: () => fromValue({}),
  } as unknown as Client;
}

describe('NotificationBell', () => {
  it('counts the unread notifications and lists them newest first', async () => {
    render(<NotificationBell />, { client: client([]) });
    const bell = screen.getByRole('button', { name: 'Notifications (2 unread)' });
    fireEvent.click(bell);
    await waitFor(() => expect(screen.getByText('2 new')).toBeInTheDocument());
    const items = screen.getAllByLabelText(/was (approved|rejected) for Billing/);
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual(['10.0.0.0/8 was rejected for Billing', '127.0.0.1/32 was approved for Billing']);
    expect(screen.getByText('Decided by owner@example.com: too wide')).toBeInTheDocument();
  });

  it('marks them all read', async () => {
    const calls: { name: string; variables: unknown }[] = [];
    render(<NotificationBell />, { client: client(calls) });
    fireEvent.click(screen.getByRole('button', { name: 'Notifications (2 unread)' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(calls).toEqual([{ name: 'MarkNotificationsRead', variables: { ids: null } }]));
  });

  it('counts the approvals waiting on the user, and leads to them first', async () => {
    render(<NotificationBell pendingApprovals={3} />, { client: client([]) });
    const bell = screen.getByRole('button', { name: 'Notifications (2 unread, 3 approvals waiting)' });
    expect(bell.closest('.mantine-Indicator-root')).toHaveTextContent('5');
    fireEvent.click(bell);
    expect(await screen.findByText('3 whitelist requests wait for your decision')).toBeInTheDocument();
  });
});
