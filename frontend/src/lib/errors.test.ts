import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { errorCode, errorMessage, formErrors } from './errors';

function gqlError(message: string, extensions: Record<string, unknown>) {
  return new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });
}

describe('formErrors', () => {
  it('puts a field error beside its field', () => {
    const e = gqlError('"x" is not a valid email address', { code: 'BAD_USER_INPUT', field: 'email' });
    expect(formErrors(e)).toEqual({ fields: { email: '"x" is not a valid email address' } });
    expect(errorCode(e)).toBe('BAD_USER_INPUT');
  });
  it('keeps errors without a field for the whole form', () => {
    const e = gqlError('Invalid email or password.', { code: 'UNAUTHENTICATED' });
    expect(formErrors(e)).toEqual({ fields: {}, message: 'Invalid email or password.' });
    expect(errorMessage(e)).toBe('Invalid email or password.');
  });
  it('explains a network failure', () => {
    const e = new CombinedError({ networkError: new Error('fetch failed') });
    expect(formErrors(e).message).toMatch(/could not be reached/);
  });
  it('is empty without an error', () => {
    expect(formErrors(undefined)).toEqual({ fields: {} });
  });
});
