import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Anchor, Badge, Breadcrumbs, Button, Group, Menu, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBan, IconBellRinging, IconEye, IconKey, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ApplicationQuery, ApplicationTokensQuery } from '../../gql/graphql';
import { useAuth } from '../../lib/auth';
import { formatDateTime, relative } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { useListPage } from '../../lib/listPage';
import { sentence } from '../../lib/text';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/States/States';
import { Loaded } from '../../components/States/Loaded';
import { Fact } from '../../components/Fact/Fact';
import { TableOrCards } from '../../components/TableOrCards/TableOrCards';
import { PageError } from '../../components/StatusPage/Forbidden';
import { Pager } from '../../components/Pager/Pager';
import { ClientId } from './ClientId/ClientId';
import { SecretDialog } from '../../components/SecretDialog/SecretDialog';
import { TokenDrawer } from '../tokens/TokenForm/TokenDrawer';
import { useTokenActions } from '../tokens/TokenForm/actions';
import { RenewMenu } from '../tokens/TokenForm/RenewMenu';
import { ApplicationDrawer } from './ApplicationForm/ApplicationDrawer';
import { DeleteApplicationDocument } from './ApplicationForm/queries';
import { confirmDelete } from '../../components/ConfirmDelete/ConfirmDelete';
import { Expiry, LastUsed, StatusBadge } from '../tokens/TokenList/TokenList';
import { RowMenu } from '../../components/RowMenu/RowMenu';

const ApplicationDocument = graphql(`
  query Application($id: ID!) {
    application(id: $id) {
      ...ApplicationFields
    }
  }
`);

// Apart from the application: reading tokens needs tokens:read, which not every reader of
// applications holds.
const ApplicationTokensDocument = graphql(`
  query ApplicationTokens($id: ID!, $first: Int, $after: String) {
    application(id: $id) {
      id
      tokens(first: $first, after: $after) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          node {
            ...TokenFields
          }
        }
      }
    }
    revoked: tokens(filter: { applicationId: $id, status: REVOKED }, first: 1) {
      totalCount
    }
    active: tokens(filter: { applicationId: $id, status: ACTIVE }, first: 100) {
      totalCount
      edges {
        node {
          ...TokenFields
        }
      }
    }
    tokenPolicy {
      maxLifetimeDays
      reminderWindowDays
    }
  }
`);

type App = NonNullable<ApplicationQuery['application']>;
type ActiveToken = ApplicationTokensQuery['active']['edges'][number]['node'];
type AppToken = NonNullable<ApplicationTokensQuery['application']>['tokens']['edges'][number]['node'];

const PAGE = 25;

function TokenName({ t }: { t: AppToken }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Anchor component={Link} to={`/tokens/${t.id}`} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
        {t.name}
      </Anchor>
      <Text ff="monospace" size="xs" c="dimmed">
        {t.hint}
      </Text>
    </div>
  );
}

function TokenMenu({ t, onRevoke }: { t: AppToken; onRevoke?: () => void }) {
  return (
    <RowMenu label={t.name}>
      <Menu.Item leftSection={<IconEye size={14} />} component={Link} to={`/tokens/${t.id}`}>
        Details
      </Menu.Item>
      {onRevoke && (
        <Menu.Item leftSection={<IconBan size={14} />} color="orange" onClick={onRevoke}>
          Revoke
        </Menu.Item>
      )}
    </RowMenu>
  );
}

/** The active tokens that expire within the reminder window, soonest first. */
export function expiringSoon<T extends { expiresAt?: string | null }>(tokens: T[], windowDays: number, now: Date = new Date()): T[] {
  const limit = now.getTime() + windowDays * 86400e3;
  return tokens
    .filter((t) => t.expiresAt && new Date(t.expiresAt).getTime() > now.getTime() && new Date(t.expiresAt).getTime() <= limit)
    .sort((a, b) => new Date(a.expiresAt!).getTime() - new Date(b.expiresAt!).getTime());
}

/** The application's tokens that expire within the reminder window, and who hears of it. */
function Reminders({ tokens, windowDays, maxDays, partial, writable }: { tokens: ActiveToken[]; windowDays: number; maxDays: number; partial: boolean; writable: boolean }) {
  const soon = expiringSoon(tokens, windowDays);
  return (
    <Paper withBorder p="lg" radius="md">
      <Group gap="xs" mb={4}>
        <IconBellRinging size={18} />
        <Title order={4}>Expiry reminders</Title>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        Active tokens that expire within {windowDays} days (the reminder window in Settings). The creator of a token with reminders on gets an email every day until it is renewed.
        {partial && ' Only the newest 100 active tokens are looked at.'}
      </Text>
      {soon.length === 0 ? (
        <Text size="sm" c="dimmed">
          No token of this application expires in the next {windowDays} days.
        </Text>
      ) : (
        <Stack gap="sm">
          {soon.map((t) => (
            <Group key={t.id} justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={0} miw={0}>
                <Anchor component={Link} to={`/tokens/${t.id}`} size="sm" fw={600}>
                  {t.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  Expires {relative(t.expiresAt)}, on {formatDateTime(t.expiresAt)}.{' '}
                  {t.expiryReminders ? `Reminders go to ${t.createdBy || 'its creator'}.` : 'Reminders are off: nobody is told.'}
                </Text>
              </Stack>
              {writable && t.role.grantable && <RenewMenu id={t.id} name={t.name} maxDays={maxDays} />}
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** The application's tokens: status, expiry, last use; revoke from here, details on the token's page. */
function Tokens({ app, onGenerate }: { app: App; onGenerate?: () => void }) {
  const { can } = useAuth();
  const list = useListPage({}, { pageSize: PAGE });
  const query = useQuery({ query: ApplicationTokensDocument, variables: { id: app.id, ...list.variables } });
  const [{ data, fetching }] = query;
  const [secret, setSecret] = useState<{ secret: string; name: string } | null>(null);
  const actions = useTokenActions((s, name) => setSecret({ secret: s, name }));
  const writable = can('tokens:write');
  const conn = data?.application?.tokens;
  const revocable = (t: AppToken) => writable && t.status !== 'REVOKED' && t.role.grantable;

  return (
    <>
      <Paper withBorder p="lg" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={4}>Authentication tokens</Title>
          {conn && conn.totalCount > 0 && (
            <Text size="sm" c="dimmed">
              {conn.totalCount} in all
            </Text>
          )}
        </Group>
        <Loaded
          query={query}
          select={(d) => d.application?.tokens}
          loading={<TableSkeleton rows={3} />}
          inline
          empty={
            conn?.totalCount === 0 && (
              <EmptyState
                title="No tokens yet"
                icon={<IconKey size={22} />}
                action={
                  onGenerate && (
                    <Button variant="light" onClick={onGenerate}>
                      Generate the first token
                    </Button>
                  )
                }
              >
                The application calls your APIs with a token. Its secret is shown once, when it is generated.
              </EmptyState>
            )
          }
        >
          {(conn) => (
            <>
              <TableOrCards
                dim={fetching}
                head={
                  <>
                    <Table.Th>Token</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th w={56} />
                  </>
                }
                rows={conn.edges.map(({ node: t }) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <TokenName t={t} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t.role.name}</Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={t.status} />
                    </Table.Td>
                    <Table.Td>
                      <Expiry t={t} />
                    </Table.Td>
                    <Table.Td>
                      <LastUsed t={t} />
                    </Table.Td>
                    <Table.Td>
                      <TokenMenu t={t} onRevoke={revocable(t) ? () => actions.revoke(t) : undefined} />
                    </Table.Td>
                  </Table.Tr>
                ))}
                cards={conn.edges.map(({ node: t }) => (
                  <Paper key={t.id} withBorder radius="md" p="sm" component="article" aria-label={t.name}>
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Stack gap={2} miw={0}>
                        <TokenName t={t} />
                        <Group gap="xs">
                          <StatusBadge status={t.status} size="sm" />
                          <Text size="xs">{t.role.name}</Text>
                        </Group>
                      </Stack>
                      <TokenMenu t={t} onRevoke={revocable(t) ? () => actions.revoke(t) : undefined} />
                    </Group>
                    <SimpleGrid cols={2} mt="xs" spacing="xs">
                      <Fact label="Expires" miw={0}>
                        <Expiry t={t} />
                      </Fact>
                      <Fact label="Last used" miw={0}>
                        <LastUsed t={t} />
                      </Fact>
                    </SimpleGrid>
                  </Paper>
                ))}
              />
              <Pager {...list.pager(conn)} noun="token" />
            </>
          )}
        </Loaded>
      </Paper>
      {data && conn && conn.totalCount > 0 && (
        <Reminders
          tokens={data.active.edges.map((e) => e.node)}
          windowDays={data.tokenPolicy.reminderWindowDays}
          maxDays={data.tokenPolicy.maxLifetimeDays}
          partial={data.active.totalCount > data.active.edges.length}
          writable={writable}
        />
      )}
      <SecretDialog secret={secret?.secret ?? null} name={secret?.name ?? ''} onClose={() => setSecret(null)} />
    </>
  );
}

/** How many of the application's tokens deleting it revokes (null: not known to this user). */
function useLiveTokenCount(id: string, enabled: boolean): number | null {
  const [{ data }] = useQuery({ query: ApplicationTokensDocument, variables: { id, first: PAGE, after: null }, pause: !enabled });
  const total = data?.application?.tokens.totalCount;
  return total === undefined || !data ? null : total - data.revoked.totalCount;
}

/** One application: its client id, its tokens and their expiry, and what can be done with them. */
export default function ApplicationDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can, orgAdmin } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: ApplicationDocument, variables: { id: id! } });
  const [editing, setEditing] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [secret, setSecret] = useState<{ secret: string; name: string } | null>(null);
  const [, remove] = useMutation(DeleteApplicationDocument);
  const readTokens = can('tokens:read');
  const live = useLiveTokenCount(id!, readTokens);

  if (error && !data) return <PageError error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <TableSkeleton rows={6} />;
  const app = data.application;
  if (!app) return <ErrorState message="This application does not exist (it may have been deleted)." />;
  const writable = can('applications:write');
  const canGenerate = can('tokens:write');

  const askDelete = () =>
    confirmDelete({
      title: `Delete ${app.name}?`,
      confirmLabel: 'Delete application',
      children: (
        <Stack gap="xs">
          <Text size="sm">Are you sure? This action cannot be undone. Its client id stops naming anything.</Text>
          <Text size="sm" fw={600} data-testid="revoke-count">
            {live === null
              ? 'Its tokens will be revoked.'
              : live === 0
                ? 'It has no tokens that still work: nothing else changes.'
                : `Its ${live} token${live === 1 ? '' : 's'} will be revoked: every request with ${live === 1 ? 'it' : 'them'} is refused from then on.`}
          </Text>
          <Text size="sm" c="dimmed">
            Revoked tokens stay in the API tokens list as history.
          </Text>
        </Stack>
      ),
      onConfirm: async () => {
        const r = await remove({ id: app.id }, { additionalTypenames: ['Application', 'ApplicationConnection', 'Token', 'TokenConnection'] });
        return r.error ? sentence(errorMessage(r.error)) : null;
      },
      onDeleted: () => {
        notifications.show({ color: 'green', message: live ? `${app.name} is deleted and its tokens are revoked.` : `${app.name} is deleted.` });
        navigate('/applications');
      },
    });

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/applications" size="sm">
          Applications
        </Anchor>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {app.name}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4} miw={0}>
          <Group gap="sm">
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              {app.name}
            </Title>
            {app.partner && (
              <Badge variant="light" color="grape" size="lg" tt="none" fw={500}>
                {app.partner.name}
              </Badge>
            )}
          </Group>
          {app.description && (
            <Text c="dimmed" size="sm" maw={720} style={{ whiteSpace: 'pre-line' }}>
              {app.description}
            </Text>
          )}
        </Stack>
        <Group gap="sm">
          {writable && (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={askDelete}>
                Delete
              </Button>
            </>
          )}
          {canGenerate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setGenerating(true)}>
              Generate authentication token
            </Button>
          )}
        </Group>
      </Group>
      <Paper withBorder p="lg" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
          <Fact label="Client id" miw={0}>
            <ClientId value={app.clientId} />
            <Text size="xs" c="dimmed" mt={4}>
              Names the application; it never changes and grants nothing.
            </Text>
          </Fact>
          <Fact label="Partner" miw={0}>
            <Text size="sm">{app.partner ? app.partner.name : "None: the organisation's own"}</Text>
            {orgAdmin && app.partner && (
              <Anchor component={Link} to={`/applications?partner=${app.partner.id}`} size="xs">
                Its other applications
              </Anchor>
            )}
          </Fact>
          <Fact label="Created" miw={0}>
            <Text size="sm">{formatDateTime(app.createdAt)}</Text>
          </Fact>
        </SimpleGrid>
      </Paper>
      {readTokens ? (
        <Tokens app={app} onGenerate={canGenerate ? () => setGenerating(true) : undefined} />
      ) : (
        <Text size="sm" c="dimmed">
          Your role does not let you see tokens (tokens:read).
        </Text>
      )}
      <ApplicationDrawer opened={editing} application={app} onClose={() => setEditing(false)} />
      <TokenDrawer opened={generating} token={null} application={{ id: app.id, name: app.name }} onClose={() => setGenerating(false)} onCreated={(s, name) => setSecret({ secret: s, name })} />
      <SecretDialog secret={secret?.secret ?? null} name={secret?.name ?? ''} onClose={() => setSecret(null)} />
    </Stack>
  );
}
