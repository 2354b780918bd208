import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertTriangle } from '@tabler/icons-react';

/** What a deletion answers: nothing when it went through, else the reason it was refused. */
export type DeleteOutcome = string | null | undefined;

function ConfirmDeleteBody({ children, confirmLabel, onConfirm, onCancel, onDone }: { children: ReactNode; confirmLabel: string; onConfirm: () => Promise<DeleteOutcome>; onCancel: () => void; onDone: () => void }) {
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Stack>
      {children}
      {refused && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Not deleted" role="alert">
          {refused}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {refused ? 'Close' : 'Cancel'}
        </Button>
        {!refused && (
          <Button
            color="red"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              const why = await onConfirm();
              setBusy(false);
              if (why) setRefused(why);
              else onDone();
            }}
          >
            {confirmLabel}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/**
 * Asks before deleting. The dialog stays open when the server refuses, and says why there, so
 * the reason is read rather than missed in a passing notification.
 */
export function confirmDelete({ title, children, confirmLabel, onConfirm, onDeleted }: { title: string; children: ReactNode; confirmLabel: string; onConfirm: () => Promise<DeleteOutcome>; onDeleted?: () => void }) {
  const id = modals.open({
    title: <Text fw={600}>{title}</Text>,
    centered: true,
    children: (
      <ConfirmDeleteBody
        confirmLabel={confirmLabel}
        onConfirm={onConfirm}
        onCancel={() => modals.close(id)}
        onDone={() => {
          modals.close(id);
          onDeleted?.();
        }}
      >
        {children}
      </ConfirmDeleteBody>
    ),
  });
}
