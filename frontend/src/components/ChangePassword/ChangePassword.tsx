import { useState } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { formErrors } from '../../lib/errors';
import { useAuth } from '../../lib/auth';
import { PasswordField } from '../PasswordField/PasswordField';

const ChangePasswordDocument = graphql(`
  mutation ChangePassword($current: String!, $next: String!) {
    changePassword(currentPassword: $current, newPassword: $next)
  }
`);

/** The "Change password" dialog of the user menu. */
export function ChangePassword({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [result, change] = useMutation(ChangePasswordDocument);
  const [mismatch, setMismatch] = useState(false);
  const { me } = useAuth();
  const errors = formErrors(result.error);

  const close = () => {
    setCurrent('');
    setNext('');
    setConfirm('');
    setMismatch(false);
    onClose();
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (next !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const r = await change({ current, next });
    if (!r.error) {
      notifications.show({ color: 'green', message: 'Your password is changed.' });
      close();
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Change password" centered>
      <form onSubmit={submit}>
        <Stack>
          {errors.message && <Alert color="red">{errors.message}</Alert>}
          <PasswordInput label="Current password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.fields.currentPassword} autoComplete="current-password" />
          <PasswordField label="New password" required value={next} onChange={setNext} error={errors.fields.newPassword} personal={me ? [me.email, me.name] : []} />
          <PasswordInput label="Confirm new password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={mismatch ? 'The passwords do not match' : undefined} autoComplete="new-password" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={result.fetching}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
