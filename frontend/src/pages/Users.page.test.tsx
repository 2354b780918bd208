import { fromValue } from 'wonka';
import { CombinedError, type Client } from 'urql';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, waitFor } from '../test-utils/render';
import { UserDrawer } from './Users.page';

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
  render(<UserDrawer state={{ mode: 'add' }} roles={[{ value: '2', label: 'Auditor' }]} onClose={onClose} />, { client });
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
