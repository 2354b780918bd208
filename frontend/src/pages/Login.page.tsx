import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { formErrors } from '../lib/errors';
import { AuthLayout } from './AuthLayout';

const LoginStateDocument = graphql(`
  query LoginState {
    setupRequired
    me {
      id
    }
  }
`);

export const LoginDocument = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      codeRequired
      user {
        id
      }
    }
  }
`);

/** Where to go after signing in: only a path on this site. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

/** Sign-in with email and password. */
export default function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [{ data }] = useQuery({ query: LoginStateDocument, requestPolicy: 'network-only' });
  const [result, login] = useMutation(LoginDocument);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = formErrors(result.error);

  if (data?.setupRequired) return <Navigate to="/setup" replace />;
  if (data?.me) return <Navigate to={next} replace />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await login({ email, password });
    if (!r.error && r.data?.login.user) window.location.assign(next);
  };

  return (
    <AuthLayout title="Sign in" subtitle="Manage who may call your organisation's APIs.">
      <form onSubmit={submit} noValidate>
        <Stack>
          {errors.message && (
            <Alert color="red" role="alert">
              {errors.message}
            </Alert>
          )}
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.fields.email} autoComplete="username" autoFocus />
          <PasswordInput label="Password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.fields.password} autoComplete="current-password" />
          <Button type="submit" loading={result.fetching} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
