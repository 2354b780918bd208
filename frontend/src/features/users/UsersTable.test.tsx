import { vi } from 'vitest';
import { fireEvent, render, screen, within } from '../../test-utils/render';
import type { UserRow } from './UserDrawer';
import { UsersTable } from './UsersTable';

const user = (id: string, name: string, email: string, more: Partial<UserRow> = {}): UserRow =>
  ({
    __typename: 'User',
    id,
    email,
    name,
    active: true,
    loginCodeRequired: false,
    createdAt: '2026-11-02T09:30:00Z',
    lastLoginAt: null,
    role: { __typename: 'Role', id: '1', name: 'Auditor', grantable: true, missingPermissions: [] },
    partner: null,
    ...more,
  }) as UserRow;

const users = [
  user('1', 'Ada Lovelace', 'ada@example.com', { lastLoginAt: '2026-11-30T08:00:00Z' }),
  user('2', 'Cody Code', 'cody@northwind.example', { active: false, partner: { id: '7', name: 'Northwind Payments' } }),
];

describe('UsersTable', () => {
  it('shows each user as a row, and on a phone as a card with the same facts', () => {
    render(<UsersTable users={users} selfId="1" writable showPartner onEdit={() => {}} />);
    const row = screen.getByRole('row', { name: /Cody Code/ });
    expect(row).toHaveTextContent('cody@northwind.example');
    expect(row).toHaveTextContent('Northwind Payments');
    expect(row).toHaveTextContent('Disabled');
    const card = screen.getByRole('article', { name: 'Cody Code' });
    for (const text of ['cody@northwind.example', 'Northwind Payments', 'Auditor', 'Disabled', 'Never']) expect(card).toHaveTextContent(text);
    expect(within(screen.getByRole('article', { name: 'Ada Lovelace' })).getByText('Active')).toBeInTheDocument();
  });

  it('opens a user from its row or its card only for those who may change users', () => {
    const onEdit = vi.fn();
    const { unmount } = render(<UsersTable users={users} selfId="1" writable onEdit={onEdit} showPartner={false} />);
    fireEvent.click(screen.getByRole('article', { name: 'Cody Code' }));
    fireEvent.click(screen.getByRole('row', { name: /Ada Lovelace/ }));
    expect(onEdit.mock.calls.map(([u]) => (u as UserRow).name)).toEqual(['Cody Code', 'Ada Lovelace']);
    unmount();

    const readOnly = vi.fn();
    render(<UsersTable users={users} selfId="1" writable={false} onEdit={readOnly} showPartner={false} />);
    fireEvent.click(screen.getByRole('article', { name: 'Cody Code' }));
    expect(readOnly).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: /Actions for/ })).toBeNull();
  });
});
