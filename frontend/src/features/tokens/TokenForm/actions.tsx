import { useState } from 'react';
import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import type { TokenFieldsFragment } from '../../../gql/graphql';
import { errorMessage } from '../../../lib/errors';
import { DeleteTokenDocument, RegenerateTokenDocument, RevokeTokenDocument } from './queries';

const graceOptions = [
  { value: '0', label: 'Immediately' },
  { value: '1', label: 'In 1 hour' },
  { value: '24', label: 'In 24 hours' },
  { value: '72', label: 'In 3 days' },
  { value: '168', label: 'In 7 days' },
];

function RegenerateForm({ onConfirm, onCancel }: { onConfirm: (hours: number) => Promise<void>; onCancel: () => void }) {
  const [grace, setGrace] = useState('0');
  const [busy, setBusy] = useState(false);
  return (
    <Stack>
      <Text size="sm">A new secret is issued and shown once. Name, role, expiry and whitelist stay as they are.</Text>
      <Select label="The current secret stops working" data={graceOptions} value={grace} onChange={(v) => v && setGrace(v)} allowDeselect={false} description="A grace period lets the services using it switch over" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          loading={busy}
          onClick={async () => {
            setBusy(true);
            await onConfirm(Number(grace));
            setBusy(false);
          }}
        >
          Regenerate
        </Button>
      </Group>
    </Stack>
  );
}

/** Regenerate, revoke and delete, each behind its confirmation. */
export function useTokenActions(onSecret: (secret: string, name: string) => void, onDeleted?: () => void) {
  const [, regenerate] = useMutation(RegenerateTokenDocument);
  const [, revoke] = useMutation(RevokeTokenDocument);
  const [, remove] = useMutation(DeleteTokenDocument);

  return {
    regenerate: (t: TokenFieldsFragment) => {
      const id = modals.open({
        title: <Text fw={600}>Regenerate {t.name}?</Text>,
        centered: true,
        children: (
          <RegenerateForm
            onCancel={() => modals.close(id)}
            onConfirm={async (hours) => {
              const r = await regenerate({ id: t.id, hours });
              if (r.error || !r.data) {
                notifications.show({ color: 'red', title: 'Not regenerated', message: errorMessage(r.error) });
                return;
              }
              modals.close(id);
              onSecret(r.data.regenerateToken.secret, t.name);
            }}
          />
        ),
      });
    },
    revoke: (t: TokenFieldsFragment) =>
      modals.openConfirmModal({
        title: <Text fw={600}>Revoke {t.name}?</Text>,
        centered: true,
        children: <Text size="sm">Every request with this token is refused from now on. The token stays in the list as history; revoking cannot be undone.</Text>,
        labels: { confirm: 'Revoke token', cancel: 'Cancel' },
        confirmProps: { color: 'orange' },
        onConfirm: async () => {
          const r = await revoke({ id: t.id });
          if (r.error) notifications.show({ color: 'red', title: 'Not revoked', message: errorMessage(r.error) });
          else notifications.show({ color: 'green', message: `${t.name} is revoked.` });
        },
      }),
    remove: (t: TokenFieldsFragment) =>
      modals.openConfirmModal({
        title: <Text fw={600}>Delete {t.name}?</Text>,
        centered: true,
        children: <Text size="sm">Are you sure? This action cannot be undone. The audit log keeps the token's history.</Text>,
        labels: { confirm: 'Delete token', cancel: 'Cancel' },
        confirmProps: { color: 'red' },
        onConfirm: async () => {
          const r = await remove({ id: t.id }, { additionalTypenames: ['Token', 'TokenConnection'] });
          if (r.error) notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(r.error) });
          else {
            notifications.show({ color: 'green', message: `${t.name} is deleted.` });
            onDeleted?.();
          }
        },
      }),
  };
}
