import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Menu, Paper, Popover, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBan, IconEye, IconKey, IconPencil, IconPlus, IconRefresh, IconSearch, IconTrash } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { TokenStatus } from '../gql/graphql';
import { useAuth } from '../lib/auth';
import { formatDate, formatDateTime, relative } from '../lib/dates';
import { errorMessage } from '../lib/errors';
import { useCursorPager } from '../lib/pager';
import { PageHeader } from '../components/PageHeader/PageHeader';
import { EmptyState, ErrorState, TableSkeleton } from '../components/States/States';
import { Pager } from '../components/Pager/Pager';
import { SecretDialog } from '../components/SecretDialog/SecretDialog';
import { TokenDrawer, entryColor } from '../components/TokenForm/TokenDrawer';
import { useTokenActions } from '../components/TokenForm/actions';
import { byModule } from '../components/PermissionMatrix/PermissionMatrix';
import { TokenFormOptionsDocument } from '../components/TokenForm/queries';
import { PartnerFilter, usePartnerFilter } from '../components/PartnerSelect/PartnerSelect';
import { RowMenu } from '../components/RowMenu/RowMenu';

const TokensDocument = graphql(`
  query Tokens($filter: TokenFilter, $first: Int, $after: String) {
    tokens(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...TokenFields
        }
      }
    }
  }
`);

export const statusColor: Record<string, string> = { ACTIVE: 'green', EXPIRED: 'gray', REVOKED: 'red' };
const PAGE = 25;

/** A role's modules and scopes: a few, then "+N Show all". */
export function Scopes({ permissions, all }: { permissions: string[]; all: boolean }) {
  if (all) return <Badge variant="light">All permissions</Badge>;
  if (permissions.length === 0) return <Text size="sm" c="dimmed">None</Text>;
  const entries = byModule(permissions);
  const shown = entries.slice(0, 2);
  const chip = ([m, as]: [string, string[]]) => (
    <Text key={m} size="xs">
      <Text span fw={600} size="xs">
        {m}
      </Text>
      : {as.join(', ')}
    </Text>
  );
  return (
    <Stack gap={2}>
      {shown.map(chip)}
      {entries.length > shown.length && (
        <Popover width={320} position="bottom-start" withArrow shadow="md">
          <Popover.Target>
            <Anchor component="button" type="button" size="xs" onClick={(e) => e.stopPropagation()}>
              +{entries.length - shown.length} Show all
            </Anchor>
          </Popover.Target>
          <Popover.Dropdown onClick={(e) => e.stopPropagation()}>
            <Stack gap={4}>{entries.map(chip)}</Stack>
          </Popover.Dropdown>
        </Popover>
      )}
    </Stack>
  );
}

/** API tokens: the list, its filters, and every action on a token. */
export default function TokensPage() {
  const { can, orgAdmin } = useAuth();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [status, setStatus] = useState<string | null>(null);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [partnerId, setPartnerId] = usePartnerFilter();
  const pager = useCursorPager(PAGE);
  const { reset } = pager;
  useEffect(() => reset(), [debounced, status, roleId, partnerId, reset]);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: TokensDocument,
    variables: {
      filter: { search: debounced || undefined, status: (status as TokenStatus) ?? undefined, roleId: roleId ?? undefined, partnerId: partnerId ?? undefined },
      first: PAGE,
      after: pager.after,
    },
  });
  const [{ data: opts }] = useQuery({ query: TokenFormOptionsDocument });
  const [drawer, setDrawer] = useState<{ id: string | null } | null>(null);
  const [secret, setSecret] = useState<{ secret: string; name: string } | null>(null);
  const actions = useTokenActions((s, name) => setSecret({ secret: s, name }));
  const writable = can('tokens:write');
  const filtering = !!(debounced || status || roleId || partnerId);

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts, partners and services call your APIs with the permissions of a role, from whitelisted addresses, until they expire."
        actions={
          writable && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDrawer({ id: null })}>
              Add
            </Button>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Group mb="md" gap="sm">
          <TextInput placeholder="Search by name" leftSection={<IconSearch size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={260} aria-label="Search tokens" />
          <Select
            placeholder="Any status"
            aria-label="Filter by status"
            data={[
              { value: 'ACTIVE', label: 'Active' },
              { value: 'EXPIRED', label: 'Expired' },
              { value: 'REVOKED', label: 'Revoked' },
            ]}
            value={status}
            onChange={setStatus}
            clearable
            w={150}
          />
          <Select placeholder="All roles" aria-label="Filter by role" data={(opts?.roles ?? []).map((r) => ({ value: r.id, label: r.name }))} value={roleId} onChange={setRoleId} clearable w={200} />
          <PartnerFilter value={partnerId} onChange={setPartnerId} />
        </Group>
        {error && !data ? (
          <ErrorState message={errorMessage(error)} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : !data ? (
          <TableSkeleton />
        ) : data.tokens.totalCount === 0 ? (
          <EmptyState
            title={filtering ? 'No token matches' : 'No API tokens yet'}
            icon={<IconKey size={22} />}
            action={
              !filtering &&
              writable && (
                <Button variant="light" onClick={() => setDrawer({ id: null })}>
                  Generate the first token
                </Button>
              )
            }
          >
            {filtering ? 'Try another search or clear the filters.' : 'A token carries the permissions of one role. Its secret is shown once, when it is generated.'}
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={1000}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Token</Table.Th>
                    <Table.Th>Permissions</Table.Th>
                    <Table.Th>Whitelisted IPs</Table.Th>
                    <Table.Th>Expired date</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th w={56}>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody style={{ opacity: fetching ? 0.6 : 1 }}>
                  {data.tokens.edges.map(({ node: t }) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>
                        <Anchor component="button" type="button" fw={600} size="sm" onClick={() => setDrawer({ id: t.id })} disabled={!writable}>
                          {t.name}
                        </Anchor>
                        <Text ff="monospace" size="xs" c="dimmed">
                          {t.hint}
                        </Text>
                        {(t.application || (orgAdmin && t.partner)) && (
                          <Group gap={4} mt={2} wrap="wrap">
                            {t.application &&
                              (can('applications:read') ? (
                                <Anchor component={Link} to={`/applications/${t.application.id}`} size="xs">
                                  {t.application.name}
                                </Anchor>
                              ) : (
                                <Text size="xs">{t.application.name}</Text>
                              ))}
                            {orgAdmin && t.partner && (
                              <Badge size="xs" variant="light" color="grape" tt="none">
                                {t.partner.name}
                              </Badge>
                            )}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed" mb={2}>
                          {t.role.name}
                        </Text>
                        <Scopes permissions={t.role.permissions} all={t.role.allPermissions} />
                      </Table.Td>
                      <Table.Td>
                        {t.whitelist.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            Any
                          </Text>
                        ) : (
                          <Stack gap={2}>
                            {t.whitelist.slice(0, 3).map((w) => (
                              <Group key={w.id} gap={4} wrap="nowrap">
                                <Text ff="monospace" size="xs">
                                  {w.cidr}
                                </Text>
                                {w.status !== 'APPROVED' && (
                                  <Badge size="xs" color={entryColor[w.status]} variant="light">
                                    {w.status.toLowerCase()}
                                  </Badge>
                                )}
                              </Group>
                            ))}
                            {t.whitelist.length > 3 && (
                              <Text size="xs" c="dimmed">
                                +{t.whitelist.length - 3} more
                              </Text>
                            )}
                          </Stack>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {t.expiresAt ? (
                          <Tooltip label={formatDateTime(t.expiresAt)}>
                            <div>
                              <Text size="sm">{formatDate(t.expiresAt)}</Text>
                              <Text size="xs" c="dimmed">
                                {relative(t.expiresAt)}
                              </Text>
                            </div>
                          </Tooltip>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Never
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={statusColor[t.status]} variant="light">
                          {t.status.toLowerCase()}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {t.lastUsedAt ? (
                          <Tooltip label={formatDateTime(t.lastUsedAt)}>
                            <div>
                              <Text size="sm">{relative(t.lastUsedAt)}</Text>
                              <Text size="xs" c="dimmed" ff="monospace">
                                {t.lastUsedIp}
                              </Text>
                            </div>
                          </Tooltip>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Never
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <RowMenu label={t.name}>
                          <Menu.Item leftSection={<IconEye size={14} />} component={Link} to={`/tokens/${t.id}`}>
                            Details
                          </Menu.Item>
                          {writable && t.status !== 'REVOKED' && (
                            <>
                              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDrawer({ id: t.id })}>
                                Edit
                              </Menu.Item>
                              <Menu.Item leftSection={<IconRefresh size={14} />} onClick={() => actions.regenerate(t)}>
                                Regenerate
                              </Menu.Item>
                              <Menu.Item leftSection={<IconBan size={14} />} color="orange" onClick={() => actions.revoke(t)}>
                                Revoke
                              </Menu.Item>
                            </>
                          )}
                          {writable && (
                            <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={() => actions.remove(t)}>
                              Delete
                            </Menu.Item>
                          )}
                        </RowMenu>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager from={pager.from} count={data.tokens.edges.length} total={data.tokens.totalCount} exact={data.tokens.totalCountExact} hasNext={data.tokens.pageInfo.hasNextPage} onPrev={pager.prev} onNext={() => pager.next(data.tokens.pageInfo.endCursor)} noun="tokens" />
          </>
        )}
      </Paper>
      <TokenDrawer opened={!!drawer} token={drawer?.id ? (data?.tokens.edges.find((e) => e.node.id === drawer.id)?.node ?? null) : null} onClose={() => setDrawer(null)} onCreated={(s, name) => setSecret({ secret: s, name })} />
      <SecretDialog secret={secret?.secret ?? null} name={secret?.name ?? ''} onClose={() => setSecret(null)} />
    </>
  );
}
