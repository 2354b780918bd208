import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Group, Paper, Stack, Table, Text, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconChecklist, IconMailForward, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { ApprovalsQuery } from '../gql/graphql';
import { useAuth } from '../lib/auth';
import { formatDateTime, relative } from '../lib/dates';
import { errorMessage } from '../lib/errors';
import { PageHeader } from '../components/PageHeader/PageHeader';
import { EmptyState, ErrorState, TableSkeleton } from '../components/States/States';
import { Scopes } from './Tokens.page';

const ApprovalsDocument = graphql(`
  query Approvals {
    approvalRequests {
      id
      tokenName
      roleName
      permissions
      cidr
      note
      requestedBy
      requestedAt
      expiresAt
      tokenId
      entry {
        id
      }
    }
  }
`);

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

type Request = ApprovalsQuery['approvalRequests'][number];

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
      <Textarea label="Comment for the requester" placeholder="Optional" value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={1000} autosize minRows={2} data-autofocus />
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

/** Whitelist entries waiting for a Business Owner, with the decision at hand. */
export default function ApprovalsPage() {
  const { can } = useAuth();
  const [{ data, error, fetching }, refetch] = useQuery({ query: ApprovalsDocument, requestPolicy: 'cache-and-network' });
  const [, resend] = useMutation(ResendApprovalDocument);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const decide = useDecide(reload);

  const doResend = async (r: Request) => {
    const res = await resend({ entryId: r.entry.id });
    if (res.error) notifications.show({ color: 'red', title: 'Not sent', message: errorMessage(res.error) });
    else notifications.show({ title: 'Sent again', message: `${res.data?.resendApprovalRequest} approval email(s) with new links; the old links no longer work.` });
    reload();
  };

  return (
    <>
      <PageHeader
        title="Approvals"
        description="IP addresses and ranges waiting for a Business Owner's decision. A pending address admits nothing until it is approved."
      />
      {error && !data ? (
        <ErrorState message={errorMessage(error)} onRetry={reload} />
      ) : !data && fetching ? (
        <TableSkeleton rows={4} />
      ) : data && data.approvalRequests.length === 0 ? (
        <EmptyState title="Nothing waits for a decision" icon={<IconChecklist size={28} />}>
          New whitelist entries appear here while the organisation requires approval.
        </EmptyState>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>IP or range</Table.Th>
                  <Table.Th>Permissions</Table.Th>
                  <Table.Th>Asked by</Table.Th>
                  <Table.Th>Links expire</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Decision</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data?.approvalRequests.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      {r.tokenId ? (
                        <Anchor component={Link} to={`/tokens/${r.tokenId}`} fw={600} size="sm">
                          {r.tokenName}
                        </Anchor>
                      ) : (
                        <Text fw={600} size="sm">
                          {r.tokenName}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {r.roleName ?? 'role deleted'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        {r.cidr}
                      </Text>
                      {r.note && (
                        <Text size="xs" c="dimmed">
                          {r.note}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Scopes permissions={r.permissions} all={false} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{r.requestedBy}</Text>
                      <Text size="xs" c="dimmed" title={formatDateTime(r.requestedAt)}>
                        {relative(r.requestedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(r.expiresAt)}</Text>
                      <Text size="xs" c="dimmed">
                        {relative(r.expiresAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        {can('tokens:write') && (
                          <Button size="xs" variant="subtle" leftSection={<IconMailForward size={14} />} onClick={() => doResend(r)}>
                            Resend
                          </Button>
                        )}
                        <Button size="xs" variant="light" color="red" leftSection={<IconX size={14} />} onClick={() => decide(r.entry.id, r.cidr, r.tokenName, false)}>
                          Reject
                        </Button>
                        <Button size="xs" color="teal" leftSection={<IconCheck size={14} />} onClick={() => decide(r.entry.id, r.cidr, r.tokenName, true)}>
                          Approve
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
