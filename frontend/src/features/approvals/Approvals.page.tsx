import { Link } from 'react-router';
import { Anchor, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconChecklist, IconLock, IconMailForward, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ApprovalsQuery } from '../../gql/graphql';
import { useAuth } from '../../lib/auth';
import { formatDateTime, relative } from '../../lib/dates';
import { errorCode, errorMessage } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { PartnerFilter, usePartnerFilter } from '../../components/PartnerSelect/PartnerSelect';
import { EmptyState, TableSkeleton } from '../../components/States/States';
import { PageError } from '../../components/StatusPage/Forbidden';
import { Scopes } from '../../components/Scopes/Scopes';
import { sentence } from '../../lib/text';
import { EntryAddress, ResendApprovalDocument, useDecide } from './decide';

const ApprovalsDocument = graphql(`
  query Approvals($partnerId: ID) {
    approvalRequests(partnerId: $partnerId) {
      ...ApprovalRequestFields
      partner {
        id
        name
      }
      tokenId
      entry {
        id
      }
    }
  }
`);

type Request = ApprovalsQuery['approvalRequests'][number];

/** What the one looking can do about a request: decide it, resend it, or read why not. */
function DecisionCell({ r, onResend, onDecide, align }: { r: Request; onResend?: () => void; onDecide: (approve: boolean) => void; align: 'flex-end' | 'flex-start' }) {
  return (
    <Stack gap={4} align={align}>
      <Group gap="xs" justify={align} wrap="nowrap">
        {onResend && (
          <Button size="xs" variant="subtle" leftSection={<IconMailForward size={14} />} onClick={onResend}>
            Resend
          </Button>
        )}
        {r.canDecide && (
          <>
            <Button size="xs" variant="light" color="red" leftSection={<IconX size={14} />} onClick={() => onDecide(false)}>
              Reject
            </Button>
            <Button size="xs" color="teal" leftSection={<IconCheck size={14} />} onClick={() => onDecide(true)}>
              Approve
            </Button>
          </>
        )}
      </Group>
      {!r.canDecide && r.cannotDecideReason && (
        <Group gap={6} justify={align} wrap="nowrap">
          <IconLock size={14} color="var(--mantine-color-dimmed)" aria-hidden style={{ flexShrink: 0 }} />
          <Text size="xs" c="dimmed" maw={280} ta={align === 'flex-end' ? 'right' : 'left'}>
            {sentence(r.cannotDecideReason)}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

function TokenCell({ r, showPartner }: { r: Request; showPartner: boolean }) {
  return (
    <>
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
        {showPartner && r.partner && ` · ${r.partner.name}`}
      </Text>
    </>
  );
}

/** Whitelist entries waiting for a Business Owner, with the decision at hand. */
export default function ApprovalsPage() {
  const { can, orgAdmin } = useAuth();
  const [partnerId, setPartnerId] = usePartnerFilter();
  const [{ data, error, fetching }, refetch] = useQuery({ query: ApprovalsDocument, variables: { partnerId }, requestPolicy: 'cache-and-network' });
  const [, resend] = useMutation(ResendApprovalDocument);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const decide = useDecide(reload);

  const doResend = async (r: Request) => {
    const res = await resend({ entryId: r.entry.id });
    if (res.error) notifications.show({ color: 'red', title: 'Not sent', message: errorMessage(res.error) });
    else notifications.show({ title: 'Sent again', message: `${res.data?.resendApprovalRequest} approval email(s) with new links; the old links no longer work.` });
    reload();
  };
  const cell = (r: Request, align: 'flex-end' | 'flex-start') => (
    <DecisionCell r={r} align={align} onResend={can('tokens:write') ? () => doResend(r) : undefined} onDecide={(approve) => decide(r.entry.id, r.cidr, r.tokenName, approve)} />
  );

  if (error && !data && errorCode(error) === 'FORBIDDEN') return <PageError error={error} />;
  return (
    <>
      <PageHeader
        title="Approvals"
        description="IP addresses and ranges waiting for a Business Owner's decision. A pending address admits nothing until it is approved."
      />
      {orgAdmin && (
        <Group mb="md">
          <PartnerFilter value={partnerId} onChange={setPartnerId} />
        </Group>
      )}
      {error && !data ? (
        <PageError error={error} onRetry={reload} />
      ) : !data && fetching ? (
        <TableSkeleton rows={4} />
      ) : data && data.approvalRequests.length === 0 ? (
        <EmptyState title="Nothing waits for a decision" icon={<IconChecklist size={28} />}>
          New whitelist entries appear here while the organisation requires approval.
        </EmptyState>
      ) : (
        <>
          <Paper withBorder radius="md" visibleFrom="md">
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
                      <TokenCell r={r} showPartner={orgAdmin} />
                    </Table.Td>
                    <Table.Td>
                      <EntryAddress cidr={r.cidr} note={r.note} />
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
                    <Table.Td>{cell(r, 'flex-end')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {/* On a phone, one card per request instead of a table that scrolls sideways. */}
          <Stack hiddenFrom="md" gap="sm">
            {data?.approvalRequests.map((r) => (
              <Paper key={r.id} withBorder radius="md" p="md" component="article" aria-label={`${r.cidr} for ${r.tokenName}`}>
                <Stack gap="xs">
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <div>
                      <TokenCell r={r} showPartner={orgAdmin} />
                    </div>
                    <div style={{ textAlign: 'right' }}>
                      <EntryAddress cidr={r.cidr} note={r.note} />
                    </div>
                  </Group>
                  <Scopes permissions={r.permissions} all={false} />
                  <Text size="xs" c="dimmed">
                    Asked by {r.requestedBy} {relative(r.requestedAt)}; links expire {relative(r.expiresAt)}.
                  </Text>
                  {cell(r, 'flex-start')}
                </Stack>
              </Paper>
            ))}
          </Stack>
        </>
      )}
    </>
  );
}
