import { fireEvent, render, screen, within } from '../../test-utils/render';
import { AuthContext, makeAuth, type Me } from '../../lib/auth';
import { formatDateTime } from '../../lib/dates';
import type { AuditEventFieldsFragment } from '../../gql/graphql';
import { AuditDetails, keyLabel } from './AuditDetails';
import { AuditEventDrawer } from './AuditEventDrawer';

describe('keyLabel', () => {
  it.each([
    ['entryId', 'Entry ID'],
    ['loginCodeRequired', 'Login code required'],
    ['baseUrl', 'Base URL'],
    ['cidr', 'CIDR'],
    ['heldBackFor', 'Held back for'],
    ['reason', 'Reason'],
  ])('%s reads %s', (key, label) => expect(keyLabel(key)).toBe(label));
});

describe('AuditDetails', () => {
  const details = JSON.stringify({
    role: { from: 'Auditor', to: 'Security Manager' },
    expiresAt: '2026-03-05T12:00:00Z',
    entryId: 42,
    owners: ['bo@example.com', 'cfo@example.com'],
    active: false,
    changed: { maxTokenLifetimeDays: { from: 365, to: 180 } },
    removed: [],
  });

  it('shows each fact as a row: changes, dates, ids, lists and nested values readable', () => {
    render(<AuditDetails details={details} />);
    const role = screen.getByRole('group', { name: 'Role' });
    expect(role).toHaveTextContent('Auditor→Security Manager');
    expect(screen.getByRole('group', { name: 'Expires at' })).toHaveTextContent(formatDateTime('2026-03-05T12:00:00Z'));
    expect(within(screen.getByRole('group', { name: 'Entry ID' })).getByText('42').tagName).toBe('CODE');
    const owners = screen.getByRole('group', { name: 'Owners' });
    expect(within(owners).getByText('bo@example.com')).toBeInTheDocument();
    expect(within(owners).getByText('cfo@example.com')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Active' })).toHaveTextContent('No');
    expect(screen.getByRole('group', { name: 'Max token lifetime days' })).toHaveTextContent('365→180');
    expect(screen.getByRole('group', { name: 'Removed' })).toHaveTextContent('none');
    expect(screen.queryByTestId('raw-details')).toBeNull();
  });

  it('keeps the JSON as recorded behind Raw', () => {
    render(<AuditDetails details={details} />);
    fireEvent.click(screen.getByText('Raw'));
    expect(screen.getByTestId('raw-details')).toHaveTextContent('"role": {');
    expect(screen.getByTestId('raw-details')).toHaveTextContent('"entryId": 42');
  });

  it('says when there is nothing, and shows what is not JSON as it is', () => {
    const { unmount } = render(<AuditDetails details="{}" />);
    expect(screen.getByText('No details.')).toBeInTheDocument();
    unmount();
    render(<AuditDetails details="not json" />);
    expect(screen.getByTestId('raw-details')).toHaveTextContent('not json');
  });
});

describe('AuditEventDrawer', () => {
  const event: AuditEventFieldsFragment = {
    id: '1',
    at: '2026-03-05T12:00:00Z',
    actorType: 'USER',
    actor: 'ada@example.com',
    actorId: '3',
    action: 'whitelist.add',
    targetType: 'token',
    targetId: '17',
    target: 'Nightly export',
    outcome: 'SUCCESS',
    ip: '203.0.113.9',
    userAgent: 'curl/8',
    details: JSON.stringify({ cidr: '203.0.113.0/24', status: 'pending' }),
  };

  function renderFor(permissions: string[], e: AuditEventFieldsFragment = event) {
    const me = { id: '1', email: 'a@example.com', name: 'A', role: { id: '2', name: 'Auditor', permissions, allPermissions: false }, partner: null } as unknown as Me;
    render(
      <AuthContext.Provider value={makeAuth(me, () => {})}>
        <AuditEventDrawer event={e} onClose={() => {}} />
      </AuthContext.Provider>,
    );
  }

  it('links the target and the actor to their pages, with their ids', () => {
    renderFor(['audit:read', 'tokens:read', 'users:read']);
    expect(screen.getByRole('link', { name: 'Nightly export' })).toHaveAttribute('href', '/tokens/17');
    expect(screen.getByRole('link', { name: 'ada@example.com' })).toHaveAttribute('href', '/users?search=ada%40example.com');
    expect(screen.getByRole('group', { name: 'Target' })).toHaveTextContent('token · ID 17');
    expect(screen.getByRole('group', { name: 'CIDR' })).toHaveTextContent('203.0.113.0/24');
  });

  it('links nothing the signed-in user may not open', () => {
    renderFor(['audit:read']);
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText('Nightly export')).toBeInTheDocument();
  });

  it("links a role event to the role's page, and a token's use to the token", () => {
    renderFor(['roles:read', 'tokens:read'], { ...event, actorType: 'TOKEN', actor: 'Shop front', actorId: '9', action: 'role.update', targetType: 'role', targetId: '4', target: 'Support' });
    expect(screen.getByRole('link', { name: 'Support' })).toHaveAttribute('href', '/roles/4');
    expect(screen.getByRole('link', { name: 'Shop front' })).toHaveAttribute('href', '/tokens/9');
  });
});
