import { useState } from 'react';
import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { oneLine } from '../../lib/text';

// Deciding a pending whitelist entry and sending its approval request again: the approvals page
// and a token's page both offer them.

export const DecideWhitelistEntryDocument = graphql(`
  mutation DecideWhitelistEntry($id: ID!, $approve: Boolean!, $comment: String) {
    decideWhitelistEntry(id: $id, approve: $approve, comment: $comment) {
      id
      state
      entry {
        id
        status
      }
    }
  }
`);

export const ResendApprovalDocument = graphql(`
  mutation ResendApprovalRequest($entryId: ID!) {
    resendApprovalRequest(entryId: $entryId)
  }
`);

function DecisionForm({ approve, onConfirm, onCancel }: { approve: boolean; onConfirm: (comment: string) => Promise<void>; onCancel: () => void }) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Stack>
      <Text size="sm">
        {approve
          ? 'The token will be accepted from this address at once. The requester is told by email and in the console.'
          : 'The address stays refused. The requester is told by email and in the console.'}
      </Text>
      <Textarea
        label="Comment for the requester"
        placeholder="Optional"
        value={comment}
        onChange={(e) => setComment(oneLine(e.currentTarget.value))}
        onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
        maxLength={1000}
        autosize
        minRows={2}
        data-autofocus
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          color={approve ? 'teal' : 'red'}
          leftSection={approve ? <IconCheck size={16} /> : <IconX size={16} />}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            await onConfirm(comment);
            setBusy(false);
          }}
        >
          {approve ? 'Approve' : 'Reject'}
        </Button>
      </Group>
    </Stack>
  );
}

/** Opens the decision dialog for a pending whitelist entry; resolves once decided. */
export function useDecide(onDone: () => void) {
  const [, decide] = useMutation(DecideWhitelistEntryDocument);
  return (entryId: string, cidr: string, tokenName: string, approve: boolean) => {
    const id = modals.open({
      title: (
        <Text fw={600}>
          {approve ? 'Approve' : 'Reject'} {cidr} for {tokenName}?
        </Text>
      ),
      centered: true,
      children: (
        <DecisionForm
          approve={approve}
          onCancel={() => modals.close(id)}
          onConfirm={async (comment) => {
            const r = await decide({ id: entryId, approve, comment: comment || null });
            if (r.error) {
              notifications.show({ color: 'red', title: 'No decision recorded', message: errorMessage(r.error) });
              return;
            }
            modals.close(id);
            notifications.show({ color: approve ? 'teal' : 'orange', title: approve ? 'Approved' : 'Rejected', message: `${cidr} for ${tokenName}` });
            onDone();
          }}
        />
      ),
    });
  };
}

/** A whitelist entry's address or range, and the note that says what it is for. */
export function EntryAddress({ cidr, note }: { cidr: string; note?: string | null }) {
  return (
    <>
      <Text ff="monospace" size="sm">
        {cidr}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </>
  );
}
