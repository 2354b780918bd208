import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Alert, Anchor, Button, Group, PasswordInput, PinInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { formErrors } from '../../lib/errors';
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

export const VerifyLoginCodeDocument = graphql(`
  mutation VerifyLoginCode($code: String!) {
    verifyLoginCode(code: $code) {
      codeRequired
      user {
        id
      }
    }
  }
`);

/** The second step: the 6-digit code emailed after a right password. */
function CodeStep({ email, next, onBack, onResend, resending }: { email: string; next: string; onBack: () => void; onResend: () => Promise<void>; resending: boolean }) {
  const [result, verify] = useMutation(VerifyLoginCodeDocument);
  const [code, setCode] = useState('');
  const errors = formErrors(result.error);

  const submit = async (value: string) => {
    const r = await verify({ code: value });
    if (!r.error && r.data?.verifyLoginCode.user) window.location.assign(next);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit(code);
      }}
      noValidate
    >
      <Stack>
        <Text size="sm">
          We sent a 6-digit code to <b>{email}</b>. It works once, for 10 minutes.
        </Text>
        {(errors.message || errors.fields.code) && (
          <Alert color="red" role="alert">
            {errors.fields.code ? errors.fields.code.charAt(0).toUpperCase() + errors.fields.code.slice(1) + '.' : errors.message}
          </Alert>
        )}
        <Group justify="center">
          <PinInput
            length={6}
            type="number"
            oneTimeCode
            autoFocus
            value={code}
            onChange={setCode}
            onComplete={(v) => void submit(v)}
            error={!!errors.fields.code}
            aria-label="Sign-in code"
            size="md"
          />
        </Group>
        <Button type="submit" loading={result.fetching} fullWidth disabled={code.length !== 6}>
          Verify and sign in
        </Button>
        <Group justify="space-between">
          <Anchor component="button" type="button" size="sm" onClick={onBack}>
            Use another account
          </Anchor>
          <Anchor component="button" type="button" size="sm" onClick={() => void onResend()} disabled={resending}>
            Send a new code
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Where to go after signing in: only a path of this console. next is resolved against this
 * origin as a browser would resolve it (backslashes, tabs and newlines included), and kept only
 * when it stays on this origin; what is returned is the resolved path, never the raw text.
 */
export function safeNext(next: string | null, origin: string = window.location.origin): string {
  if (!next || !next.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin || url.pathname.startsWith('/login')) return '/';
  return url.pathname + url.search + url.hash;
}

/** Sign-in with email and password. */
export default function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [{ data }] = useQuery({ query: LoginStateDocument, requestPolicy: 'network-only' });
  const [result, login] = useMutation(LoginDocument);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [codeStep, setCodeStep] = useState(false);
  const errors = formErrors(result.error);

  if (data?.setupRequired) return <Navigate to="/setup" replace />;
  if (data?.me) return <Navigate to={next} replace />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await login({ email, password });
    if (!r.error && r.data?.login.user) window.location.assign(next);
    else if (!r.error && r.data?.login.codeRequired) setCodeStep(true);
  };

  if (codeStep) {
    return (
      <AuthLayout title="Check your email" subtitle="One more step to sign in.">
        {errors.message && (
          <Alert color="red" role="alert" mb="md">
            {errors.message}
          </Alert>
        )}
        <CodeStep
          email={email}
          next={next}
          resending={result.fetching}
          onBack={() => {
            setCodeStep(false);
            setPassword('');
          }}
          onResend={async () => {
            await login({ email, password });
          }}
        />
      </AuthLayout>
    );
  }

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
