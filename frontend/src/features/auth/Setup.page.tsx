import { useState } from 'react';
import { Navigate } from 'react-router';
import { Alert, Button, Center, Loader, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { formErrors } from '../../lib/errors';
import { PasswordField } from '../../components/PasswordField/PasswordField';
import { AuthLayout } from './AuthLayout';

const SetupRequiredDocument = graphql(`
  query SetupRequired {
    setupRequired
  }
`);

const SetupDocument = graphql(`
  mutation Setup($email: String!, $name: String!, $password: String!) {
    setup(email: $email, name: $name, password: $password) {
      id
    }
  }
`);

/** First-run set-up: creates the first administrator while no user exists. */
export default function SetupPage() {
  const [{ data, fetching }] = useQuery({ query: SetupRequiredDocument, requestPolicy: 'network-only' });
  const [result, setup] = useMutation(SetupDocument);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const errors = formErrors(result.error);

  if (fetching && !data) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (data && !data.setupRequired) return <Navigate to="/login" replace />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const r = await setup({ email, name, password });
    if (!r.error) window.location.assign('/');
  };

  return (
    <AuthLayout title="Set up Keyward" subtitle="Create the first administrator. You can add more users and roles once you are in.">
      <form onSubmit={submit} noValidate>
        <Stack>
          {errors.message && <Alert color="red">{errors.message}</Alert>}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.fields.name} autoComplete="name" />
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.fields.email} autoComplete="email" />
          <PasswordField label="Password" required value={password} onChange={setPassword} error={errors.fields.password} personal={[email, name]} />
          <PasswordInput label="Confirm password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={mismatch ? 'The passwords do not match' : undefined} autoComplete="new-password" />
          <Button type="submit" loading={result.fetching} fullWidth mt="xs">
            Create administrator
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
