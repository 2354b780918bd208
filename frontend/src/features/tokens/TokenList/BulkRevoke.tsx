import { List, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import { errorMessage } from '../../../lib/errors';
import { RevokeTokensDocument } from './queries';

/** The most tokens one bulk revocation takes (the server's bound). */
export const MAX_BULK = 100;

/**
 * Revoking several tokens at once, behind a confirmation that names each of them. All or none:
 * when the server refuses one, nothing is revoked and the refusal is shown.
 */
export function useBulkRevoke(onDone: () => void) {
  const [, revoke] = useMutation(RevokeTokensDocument);
  return (tokens: { id: string; name: string }[]) => {
    const n = tokens.length;
    modals.openConfirmModal({
      title: <Text fw={600}>Revoke {n === 1 ? tokens[0]!.name : `${n} tokens`}?</Text>,
      centered: true,
      children: (
        <>
          <Text size="sm" mb="xs">
            Every request with {n === 1 ? 'this token' : 'these tokens'} is refused from now on. They stay in the list as history; revoking cannot be undone.
          </Text>
          <List size="sm" spacing={2} mah={240} style={{ overflowY: 'auto' }} aria-label="Tokens to revoke">
            {tokens.map((t) => (
              <List.Item key={t.id}>{t.name}</List.Item>
            ))}
          </List>
        </>
      ),
      labels: { confirm: n === 1 ? 'Revoke token' : `Revoke ${n} tokens`, cancel: 'Cancel' },
      confirmProps: { color: 'orange' },
      onConfirm: async () => {
        const r = await revoke({ ids: tokens.map((t) => t.id) }, { additionalTypenames: ['Token', 'TokenConnection'] });
        if (r.error) {
          notifications.show({ color: 'red', title: 'Nothing was revoked', message: errorMessage(r.error) });
          return;
        }
        notifications.show({ color: 'green', message: n === 1 ? `${tokens[0]!.name} is revoked.` : `${n} tokens are revoked.` });
        onDone();
      },
    });
  };
}
