import { fromValue } from 'wonka';
import { CombinedError, type Client } from 'urql';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, waitFor } from '../../test-utils/render';
import { UserDrawer } from './UserDrawer';

type Input = { input: Record<string, unknown> };

/** A client that answers every mutation with result and keeps what was sent. */
function mockClient(result: object) {
  const sent: Input[] = [];
  const client = {
    executeQuery: () => fromValue({ data: {}, stale: false, hasNext: false }),
    executeMutation: (op: { variables: Input }) => {
      sent.push(op.variables);
      return fromValue({ ...result, stale: false, hasNext: false });
    },
    executeSubscription: () => fromValue({}),
  } as unknown as Client;
  return { client, sent };
}

/** Opens the Add drawer and fills the required fields. */
function fillNewUser(client: Client, onClose: () => void) {
  render(<UserDrawer state={{ mode: 'add' }} roles={[{ id: '2', name: 'Auditor', grantable: true, missingPermissions: [] }]} onClose={onClose} />, { client });
  fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Ada' } });
  fireEvent.change(screen.getByLabelText(/^Email/), { target: { value: 'ada@example.com' } });
  fireEvent.change(screen.getByLabelText(/^Password/, { selector: 'input' }), { target: { value: 'a long enough password' } });
}

describe('UserDrawer', () => {
  it('shows the server error beside the field that caused it, and stays open', async () => {
    const err = new CombinedError({ graphQLErrors: [new GraphQLError('a user with the email ada@example.com already exists', { extensions: { code: 'CONFLICT', field: 'email' } })] });
    const { client, sent } = mockClient({ error: err });
    const onClose = vi.fn();
    fillNewUser(client, onClose);
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(screen.getByText('a user with the email ada@example.com already exists')).toBeInTheDocument());
    expect(screen.getByLabelText(/^Email/)).toHaveAttribute('aria-invalid', 'true');
    expect(onClose).not.toHaveBeenCalled();
    expect(sent).toHaveLength(1);
  });
});

describe('UserDrawer sign-in code', () => {
  it('sends the new user with the emailed-code switch turned on', async () => {
    const { client, sent } = mockClient({ data: { createUser: { id: '7' } } });
    const onClose = vi.fn();
    fillNewUser(client, onClose);
    const code = screen.getByRole('switch', { name: /Sign in with a code sent by email/ });
    expect(code).not.toBeChecked();
    fireEvent.click(code);
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent).toHaveLength(1);
    expect(sent[0].input).toMatchObject({ email: 'ada@example.com', loginCodeRequired: true });
  });
});

describe('UserDrawer limits', () => {
  const row = (role: { grantable: boolean; missingPermissions: string[] }) => ({
    id: '1',
    email: 'ada@example.com',
    name: 'Ada',
    active: true,
    loginCodeRequired: false,
    createdAt: '2026-01-01T00:00:00Z',
    lastLoginAt: null,
    role: { id: '1', name: 'Administrator', ...role },
    partner: null,
  });

  it('changes nothing of a user who holds more than the signed-in user', () => {
    const { client } = mockClient({});
    render(<UserDrawer state={{ mode: 'edit', user: row({ grantable: false, missingPermissions: ['every permission'] }) }} roles={[]} onClose={vi.fn()} />, { client });
    expect(screen.getByText('You cannot change this user')).toBeInTheDocument();
    expect(screen.getByText(/only an administrator may give it/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Email/)).toBeDisabled();
    expect(screen.getByLabelText(/^New password/, { selector: 'input' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });

  it("never sends one's own role, and leaves one's own password to Change password", async () => {
    const { client, sent } = mockClient({ data: { updateUser: { id: '1' } } });
    const onClose = vi.fn();
    render(<UserDrawer state={{ mode: 'edit', user: row({ grantable: true, missingPermissions: [] }) }} roles={[]} onClose={onClose} isSelf />, { client });
    expect(screen.getByText(/Nobody changes their own role/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^New password/, { selector: 'input' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent[0].input).not.toHaveProperty('roleId');
    expect(sent[0].input).not.toHaveProperty('password');
  });
});
