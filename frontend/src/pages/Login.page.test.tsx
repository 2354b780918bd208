import { fromValue } from 'wonka';
import { CombinedError, type Client } from 'urql';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, waitFor } from '../test-utils/render';
import LoginPage, { safeNext } from './Login.page';

function client(loginError: CombinedError) {
  return {
    executeQuery: () => fromValue({ data: { setupRequired: false, me: null }, stale: false, hasNext: false }),
    executeMutation: () => fromValue({ error: loginError, stale: false, hasNext: false }),
    executeSubscription: () => fromValue({}),
  } as unknown as Client;
}

describe('LoginPage', () => {
  it('shows the server message when sign-in fails', async () => {
    const err = new CombinedError({ graphQLErrors: [new GraphQLError('Invalid email or password.', { extensions: { code: 'UNAUTHENTICATED' } })] });
    render(<LoginPage />, { client: client(err), path: '/login' });
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: 'a@example.com' } });
    fireEvent.change(screen.getByLabelText(/^Password/, { selector: 'input' }), { target: { value: 'nope nope nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Invalid email or password.'));
  });

  it('shows a field error beside its field', async () => {
    const err = new CombinedError({ graphQLErrors: [new GraphQLError('email is required', { extensions: { code: 'BAD_USER_INPUT', field: 'email' } })] });
    render(<LoginPage />, { client: client(err), path: '/login' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByText('email is required')).toBeInTheDocument());
    expect(screen.getByLabelText(/Email/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('only returns to paths on this site', () => {
    expect(safeNext('/users?x=1')).toBe('/users?x=1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
