import { fromValue } from 'wonka';
import { CombinedError, type Client } from 'urql';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, waitFor } from '../../test-utils/render';
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

  it('asks for the emailed code when the password needs a second step, and shows a wrong code', async () => {
    const calls: { query: string; variables: Record<string, unknown> }[] = [];
    const wrong = new CombinedError({ graphQLErrors: [new GraphQLError('the code is not right (4 attempts left)', { extensions: { code: 'BAD_USER_INPUT', field: 'code' } })] });
    const c = {
      executeQuery: () => fromValue({ data: { setupRequired: false, me: null }, stale: false, hasNext: false }),
      executeMutation: (op: { query: { definitions: { name?: { value: string } }[] }; variables: Record<string, unknown> }) => {
        const name = op.query.definitions[0]?.name?.value ?? '';
        calls.push({ query: name, variables: op.variables });
        if (name === 'Login') return fromValue({ data: { login: { __typename: 'LoginResult', codeRequired: true, user: null } }, stale: false, hasNext: false });
        return fromValue({ error: wrong, stale: false, hasNext: false });
      },
      executeSubscription: () => fromValue({}),
    } as unknown as Client;
    render(<LoginPage />, { client: c, path: '/login' });
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: 'sm@example.com' } });
    fireEvent.change(screen.getByLabelText(/^Password/, { selector: 'input' }), { target: { value: 'a long enough password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByText(/We sent a 6-digit code to/)).toHaveTextContent('sm@example.com'));
    // The code step's only inputs are the six boxes of the code.
    const inputs = Array.from(document.querySelectorAll<HTMLInputElement>('input:not([type="hidden"])'));
    expect(inputs.length).toBe(6);
    '123456'.split('').forEach((d, i) => fireEvent.change(inputs[i]!, { target: { value: d } }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The code is not right (4 attempts left).'));
    expect(calls.find((x) => x.query === 'VerifyLoginCode')?.variables).toEqual({ code: '123456' });
  });

  it('only returns to paths on this site', () => {
    expect(safeNext('/users?x=1')).toBe('/users?x=1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
    // What browsers turn into //: a backslash, and a tab or newline they strip.
    expect(safeNext('/\\evil.example/')).toBe('/');
    expect(safeNext(decodeURIComponent('/%5Cevil.example/'))).toBe('/');
    expect(safeNext(decodeURIComponent('/%09/evil.example/'))).toBe('/');
    expect(safeNext(decodeURIComponent('/%0A/evil.example/'))).toBe('/');
    expect(safeNext('/login?next=/users')).toBe('/');
    expect(safeNext('/tokens/3#whitelist')).toBe('/tokens/3#whitelist');
  });
});
