import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, Badge, Breadcrumbs, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconBan, IconCheck, IconClockExclamation, IconMailForward, IconPencil, IconRefresh, IconTrash, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { useAuth } from '../../lib/auth';
import { formatDateTime, relative } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { ErrorState, TableSkeleton } from '../../components/States/States';
import { PageError } from '../../components/StatusPage/Forbidden';
import { SecretDialog } from '../../components/SecretDialog/SecretDialog';
import { TokenDrawer, entryColor } from './TokenForm/TokenDrawer';
import { useTokenActions } from './TokenForm/actions';
import { RemoveWhitelistEntryDocument } from './TokenForm/queries';
import { RenewMenu } from './TokenForm/RenewMenu';
import { EntryAddress, ResendApprovalDocument, useDecide } from '../approvals/decide';
import { StatusBadge } from './TokenList/TokenList';
import { Fact } from '../../components/Fact/Fact';
import { PermissionGroups } from '../../components/Scopes/Scopes';
import { LazyUsageChart, usageSummary } from '../../components/Charts/LazyUsageChart';
import { reasonOf } from '../../components/Charts/reasons';

const TokenDocument = graphql(`
  query Token($id: ID!) {
    token(id: $id) {
      ...TokenFields
      usage(days: 30) {
        day
        ok
        refused
      }
      lastRefusal {
        at
        reason
      }
    }
    tokenPolicy {
      maxLifetimeDays
      reminderWindowDays
    }
  }
`);

/** A fact's value, and a dimmed note under it when there is one. */
function Value({ value, note }: { value: React.ReactNode; note?: React.ReactNode }) {
  return (
    <>
      <Text size="sm">{value}</Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </>
  );
}

/** One token: who made it, when it was used and from where, its whitelist. */
export default function TokenDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: TokenDocument, variables: { id: id! } });
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const actions = useTokenActions(
    (s) => setSecret(s),
    () => navigate('/tokens'),
  );
  const [, resend] = useMutation(ResendApprovalDocument);
  const [, removeEntry] = useMutation(RemoveWhitelistEntryDocument);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const decide = useDecide(reload);

  if (error && !data) return <PageError error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <TableSkeleton rows={6} />;
  const t = data.token;
  if (!t) return <ErrorState message="This token does not exist (it may have been deleted)." />;
  // Nobody acts on a token whose role grants more than they hold.
  const writable = can('tokens:write') && t.status !== 'REVOKED' && t.role.grantable;
  const maxDays = data.tokenPolicy.maxLifetimeDays;
  const daysLeft = t.expiresAt ? (new Date(t.expiresAt).getTime() - Date.now()) / 86400e3 : null;
  // "Soon" is the reminder window, when the creator starts getting reminders.
  const expiringSoon = daysLeft !== null && daysLeft < data.tokenPolicy.reminderWindowDays && t.status !== 'REVOKED';

  const resendEntry = async (entryId: string) => {
    const r = await resend({ entryId });
    if (r.error) notifications.show({ color: 'red', title: 'Not sent', message: errorMessage(r.error) });
    else notifications.show({ title: 'Approval request sent again', message: 'The Business Owners get new links; the old ones no longer work.' });
  };
  const cancelEntry = (entryId: string, cidr: string) =>
    modals.openConfirmModal({
      title: <Text fw={600}>Cancel the request for {cidr}?</Text>,
      centered: true,
      children: <Text size="sm">The entry is removed from the whitelist and its approval links stop working.</Text>,
      labels: { confirm: 'Cancel request', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const r = await removeEntry({ id: entryId }, { additionalTypenames: ['Token', 'WhitelistEntry'] });
        if (r.error) notifications.show({ color: 'red', title: 'Not cancelled', message: errorMessage(r.error) });
        reload();
      },
    });

  type Entry = (typeof t.whitelist)[number];
  // What one may do with a pending entry: decide it (a Business Owner asked), resend or cancel it.
  const entryActions = (w: Entry, justify: 'flex-end' | 'flex-start') => (
    <>
      {w.status === 'PENDING' && t.status !== 'REVOKED' && (
        <Group gap={4} justify={justify} wrap="nowrap">
          {can('whitelist:approve') && w.approvers.includes(me.email) && (
            <>
              <Button size="compact-sm" color="teal" variant="light" leftSection={<IconCheck size={14} />} onClick={() => decide(w.id, w.cidr, t.name, true)}>
                Approve
              </Button>
              <Button size="compact-sm" color="red" variant="light" leftSection={<IconX size={14} />} onClick={() => decide(w.id, w.cidr, t.name, false)}>
                Reject
              </Button>
            </>
          )}
          {writable && (
            <>
              <Button size="compact-sm" variant="subtle" leftSection={<IconMailForward size={14} />} onClick={() => resendEntry(w.id)}>
                Resend
              </Button>
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => cancelEntry(w.id, w.cidr)}>
                Cancel request
              </Button>
            </>
          )}
        </Group>
      )}
    </>
  );
  const decision = (w: Entry) =>
    w.status === 'PENDING' ? (
      <Text size="sm" c="dimmed">
        {w.approvers.length > 0 ? `Waiting for ${w.approvers.join(', ')}` : 'Waiting: nobody was asked'}
      </Text>
    ) : (
      <>
        <Text size="sm">{w.decidedBy || '—'}</Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(w.decidedAt)}
        </Text>
      </>
    );

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/tokens" size="sm">
          API tokens
        </Anchor>
        <Text size="sm">{t.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{t.name}</Title>
            <StatusBadge status={t.status} size="lg" />
          </Group>
          <Code>{t.hint}</Code>
          {(t.application || t.partner) && (
            <Text size="sm" c="dimmed">
              {t.application && (
                <>
                  For{' '}
                  {can('applications:read') ? (
                    <Anchor component={Link} to={`/applications/${t.application.id}`} size="sm">
                      {t.application.name}
                    </Anchor>
                  ) : (
                    t.application.name
                  )}
                </>
              )}
              {t.application && t.partner && ' · '}
              {t.partner && `Partner: ${t.partner.name}`}
            </Text>
          )}
        </Stack>
        {can('tokens:write') && (
          <Group>
            {writable && (
              <>
                {t.expiresAt && <RenewMenu id={t.id} name={t.name} maxDays={maxDays} />}
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                  Edit
                </Button>
                <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => actions.regenerate(t)}>
                  Regenerate
                </Button>
                <Button variant="default" color="orange" leftSection={<IconBan size={16} />} onClick={() => actions.revoke(t)}>
                  Revoke
                </Button>
              </>
            )}
            <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => actions.remove(t)}>
              Delete
            </Button>
          </Group>
        )}
      </Group>
      {expiringSoon && (
        <Alert
          color={t.status === 'EXPIRED' ? 'red' : 'orange'}
          variant="light"
          icon={<IconClockExclamation size={18} />}
          title={t.status === 'EXPIRED' ? 'This token has expired' : 'This token expires soon'}
        >
          <Group justify="space-between" align="center">
            <Text size="sm">
              {t.status === 'EXPIRED' ? `It expired ${relative(t.expiresAt)} and is refused everywhere.` : `It expires ${relative(t.expiresAt)}, on ${formatDateTime(t.expiresAt)}.`} Renewing keeps the
              same secret, so nothing that uses it needs to change.
            </Text>
            {writable && <RenewMenu id={t.id} name={t.name} maxDays={maxDays} variant="filled" />}
          </Group>
        </Alert>
      )}
      {t.previousSecretExpiresAt && (
        <Alert color="yellow" variant="light">
          The secret replaced at the last regeneration still works until {formatDateTime(t.previousSecretExpiresAt)}.
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="lg">
          <Fact label="Created">
            <Value value={formatDateTime(t.createdAt)} note={`by ${t.createdBy || 'unknown'}`} />
          </Fact>
          <Fact label="Expires">
            <Value
              value={t.expiresAt ? formatDateTime(t.expiresAt) : 'Never'}
              note={
                t.expiresAt && (
                  <>
                    {relative(t.expiresAt)}
                    {t.expiryReminders ? ' · reminders on' : ''}
                  </>
                )
              }
            />
          </Fact>
          <Fact label="Last used">
            <Value
              value={t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}
              note={
                t.lastUsedAt && (
                  <>
                    from{' '}
                    <Text span ff="monospace" size="xs">
                      {t.lastUsedIp}
                    </Text>{' '}
                    · {t.useCount} request{t.useCount === 1 ? '' : 's'} in all
                  </>
                )
              }
            />
          </Fact>
          <Fact label="Revoked">
            <Value value={t.revokedAt ? formatDateTime(t.revokedAt) : 'No'} note={t.revokedBy && `by ${t.revokedBy}`} />
          </Fact>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Stack gap={2} mb="sm">
          <Title order={4}>Use over the last 30 days</Title>
          <Text size="sm" c="dimmed">
            {usageSummary(t.usage).text.replace(/ in \d+ days$/, '')} (days in UTC).
          </Text>
          <Text size="sm">
            <Text span fw={600} size="sm">
              Last refused:
            </Text>{' '}
            {t.lastRefusal ? (
              <>
                <Text span size="sm" title={formatDateTime(t.lastRefusal.at)}>
                  {relative(t.lastRefusal.at)}
                </Text>
                , {reasonOf(t.lastRefusal.reason)}{' '}
                <Text span size="xs" c="dimmed">
                  ({formatDateTime(t.lastRefusal.at)})
                </Text>
              </>
            ) : (
              'never'
            )}
          </Text>
        </Stack>
        <LazyUsageChart days={t.usage} empty="Not used in the last 30 days." />
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Title order={4} mb="sm">
          Role: {t.role.name}
        </Title>
        <PermissionGroups permissions={t.role.permissions} all={t.role.allPermissions} />
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Title order={4} mb="sm">
          Whitelisted IPs
        </Title>
        {t.whitelist.length === 0 ? (
          <Text size="sm" c="dimmed">
            None: the token works from any address.
          </Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={680} visibleFrom="sm">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Address or range</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Asked by</Table.Th>
                    <Table.Th>Decision</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {t.whitelist.map((w) => (
                    <Table.Tr key={w.id}>
                      <Table.Td>
                        <EntryAddress cidr={w.cidr} note={w.note} />
                      </Table.Td>
                      <Table.Td>
                        <Badge color={entryColor[w.status]} variant="light">
                          {w.status.toLowerCase()}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{w.requestedBy || '—'}</Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(w.createdAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{decision(w)}</Table.Td>
                      <Table.Td>{entryActions(w, 'flex-end')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {/* On a phone, one block per entry instead of a table that scrolls sideways. */}
            <Stack hiddenFrom="sm" gap="sm">
              {t.whitelist.map((w) => (
                <Paper key={w.id} withBorder radius="md" p="sm" component="article" aria-label={w.cidr}>
                  <Stack gap={6}>
                    <Group justify="space-between" wrap="nowrap">
                      <Text ff="monospace" size="sm">
                        {w.cidr}
                      </Text>
                      <Badge color={entryColor[w.status]} variant="light">
                        {w.status.toLowerCase()}
                      </Badge>
                    </Group>
                    {w.note && (
                      <Text size="xs" c="dimmed">
                        {w.note}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      Requested: {w.requestedBy || 'unknown'}, {formatDateTime(w.createdAt)}
                    </Text>
                    {w.status === 'PENDING' ? (
                    decision(w)
                  ) : (
                    <Text size="xs" c="dimmed">
                      Decision: {w.decidedBy || 'unknown'}, {formatDateTime(w.decidedAt)}
                    </Text>
                  )}
                    {entryActions(w, 'flex-start')}
                  </Stack>
                </Paper>
              ))}
            </Stack>
          </>
        )}
      </Paper>
      <TokenDrawer opened={editing} token={t} onClose={() => setEditing(false)} onCreated={() => {}} />
      <SecretDialog secret={secret} name={t.name} onClose={() => setSecret(null)} />
    </Stack>
  );
}
