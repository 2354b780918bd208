import { useMemo, useState } from 'react';
import { Button, Checkbox, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { IconBan, IconKey, IconPlus, IconSearch, IconX } from '@tabler/icons-react';
import { useQuery } from 'urql';
import type { OrderDirection, TokenFieldsFragment, TokenOrderField, TokenStatus } from '../../gql/graphql';
import { useAddressParams } from '../../lib/address';
import { useAuth } from '../../lib/auth';
import { errorCode } from '../../lib/errors';
import { useListPage } from '../../lib/listPage';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { EmptyState } from '../../components/States/States';
import { Loaded } from '../../components/States/Loaded';
import { PageError } from '../../components/StatusPage/Forbidden';
import { Pager } from '../../components/Pager/Pager';
import { SecretDialog } from '../../components/SecretDialog/SecretDialog';
import { TokenDrawer } from './TokenForm/TokenDrawer';
import { useTokenActions } from './TokenForm/actions';
import { TokenFormOptionsDocument } from './TokenForm/queries';
import { PartnerFilter, usePartnerFilter } from '../../components/PartnerSelect/PartnerSelect';
import { TokenList } from './TokenList/TokenList';
import { TokensDocument } from './TokenList/queries';
import type { TokenSort } from './TokenList/SortHeader';
import { MAX_BULK, useBulkRevoke } from './TokenList/BulkRevoke';

const PAGE = 25;
const fields: TokenOrderField[] = ['NAME', 'EXPIRES_AT', 'LAST_USED_AT', 'CREATED_AT'];
const statuses: TokenStatus[] = ['ACTIVE', 'EXPIRED', 'REVOKED'];

/** The orders offered where there are no column headers to click (a phone). */
const sortChoices = [
  { value: '', label: 'Newest first' },
  { value: 'NAME:ASC', label: 'Name, A to Z' },
  { value: 'NAME:DESC', label: 'Name, Z to A' },
  { value: 'EXPIRES_AT:ASC', label: 'Expiring soonest' },
  { value: 'EXPIRES_AT:DESC', label: 'Expiring latest' },
  { value: 'LAST_USED_AT:DESC', label: 'Used most recently' },
  { value: 'LAST_USED_AT:ASC', label: 'Used least recently' },
];

/**
 * The list's status, address filter and order live in the address (?status=ACTIVE&open=1&
 * sort=EXPIRES_AT&dir=ASC), so the home page's cards link to a filtered list.
 */
function useListParams() {
  const [params, set] = useAddressParams();
  const status = statuses.find((s) => s === params.get('status')) ?? null;
  const open = params.get('open') === '1';
  const field = fields.find((f) => f === params.get('sort'));
  const sort: TokenSort = field ? { field, direction: params.get('dir') === 'DESC' ? 'DESC' : 'ASC' } : null;
  return {
    status,
    open,
    sort,
    setStatus: (s: string | null) => set({ status: s }),
    setOpen: (o: boolean) => set({ open: o ? '1' : null }),
    setSort: (s: TokenSort) => set({ sort: s?.field ?? null, dir: s?.direction ?? null }),
  };
}

/** API tokens: the list, its filters and order, and every action on a token. */
export default function TokensPage() {
  const { can, orgAdmin } = useAuth();
  const { status, open, sort, setStatus, setOpen, setSort } = useListParams();
  const [partnerId, setPartnerId] = usePartnerFilter();
  // Selected tokens by id, with their names (kept across pages, for the confirmation).
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const list = useListPage(
    { search: '', roleId: null as string | null },
    { pageSize: PAGE, debounce: ['search'], extra: { status, partnerId, open: open ? '1' : null }, order: sort, onRestart: () => setSelected(new Map()) },
  );
  const { search, roleId } = list.applied;
  const query = useQuery({
    query: TokensDocument,
    variables: {
      filter: {
        search: search || undefined,
        status: status ?? undefined,
        roleId: roleId ?? undefined,
        partnerId: partnerId ?? undefined,
        openToEveryAddress: open || undefined,
      },
      ...list.variables,
      orderBy: sort ?? undefined,
    },
  });
  const [{ data, error, fetching }] = query;
  const [{ data: opts }] = useQuery({ query: TokenFormOptionsDocument });
  const [drawer, setDrawer] = useState<{ id: string | null } | null>(null);
  const [secret, setSecret] = useState<{ secret: string; name: string } | null>(null);
  const actions = useTokenActions((s, name) => setSecret({ secret: s, name }));
  const bulkRevoke = useBulkRevoke(() => setSelected(new Map()));
  const writable = can('tokens:write');
  const ids = useMemo(() => new Set(selected.keys()), [selected]);

  const select = (tokens: TokenFieldsFragment[], on: boolean) =>
    setSelected((s) => {
      const next = new Map(s);
      for (const t of tokens) {
        if (on && next.size < MAX_BULK) next.set(t.id, t.name);
        else if (!on) next.delete(t.id);
      }
      return next;
    });
  const sortValue = sort ? `${sort.field}:${sort.direction}` : '';

  if (error && !data && errorCode(error) === 'FORBIDDEN') return <PageError error={error} />;
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
        <Group mb="md" gap="sm" align="center">
          <TextInput placeholder="Search by name" leftSection={<IconSearch size={16} />} value={list.values.search} onChange={(e) => list.set('search', e.currentTarget.value)} w={{ base: '100%', md: 240 }} aria-label="Search tokens" />
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
            w={{ base: 'calc(50% - 6px)', md: 140 }}
          />
          <Select placeholder="All roles" aria-label="Filter by role" data={(opts?.roles ?? []).map((r) => ({ value: r.id, label: r.name }))} value={list.values.roleId} onChange={(v) => list.set('roleId', v)} clearable w={{ base: 'calc(50% - 6px)', md: 180 }} />
          <PartnerFilter value={partnerId} onChange={setPartnerId} w={{ base: '100%', md: 200 }} />
          <Select hiddenFrom="md" aria-label="Sort by" data={sortChoices} value={sortValue} allowDeselect={false} w="100%" onChange={(v) => setSort(v ? { field: v.split(':')[0] as TokenOrderField, direction: v.split(':')[1] as OrderDirection } : null)} />
          <Checkbox label="Open to every address" checked={open} onChange={(e) => setOpen(e.currentTarget.checked)} />
        </Group>
        {writable && selected.size > 0 && (
          <Group mb="sm" gap="sm" p="xs" bg="var(--mantine-color-indigo-light)" style={{ borderRadius: 'var(--mantine-radius-md)' }} role="region" aria-label="Selection">
            <Text size="sm" fw={600}>
              {selected.size} selected{selected.size >= MAX_BULK ? ` (at most ${MAX_BULK})` : ''}
            </Text>
            <Button size="xs" color="orange" leftSection={<IconBan size={14} />} onClick={() => bulkRevoke([...selected].map(([id, name]) => ({ id, name })))}>
              Revoke selected
            </Button>
            <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={() => setSelected(new Map())}>
              Clear selection
            </Button>
          </Group>
        )}
        <Loaded
          query={query}
          empty={
            data?.tokens.totalCount === 0 && (
              <EmptyState
                title={list.filtering ? 'No token matches' : 'No API tokens yet'}
                icon={<IconKey size={22} />}
                action={
                  !list.filtering &&
                  writable && (
                    <Button variant="light" onClick={() => setDrawer({ id: null })}>
                      Generate the first token
                    </Button>
                  )
                }
              >
                {open && !search && !status && !roleId && !partnerId
                  ? 'Every token has a whitelist: none works from just any address.'
                  : list.filtering
                    ? 'Try another search or clear the filters.'
                    : 'A token carries the permissions of one role. Its secret is shown once, when it is generated.'}
              </EmptyState>
            )
          }
        >
          {(data) => (
            <>
              <TokenList
                tokens={data.tokens.edges.map((e) => e.node)}
                writable={writable}
                linkApplications={can('applications:read')}
                showPartner={orgAdmin}
                selected={ids}
                onSelect={select}
                sort={sort}
                onSort={(s) => setSort(s)}
                actions={{ ...actions, edit: (t) => setDrawer({ id: t.id }) }}
                dim={fetching}
              />
              <Pager {...list.pager(data.tokens)} noun="token" />
            </>
          )}
        </Loaded>
      </Paper>
      <TokenDrawer opened={!!drawer} token={drawer?.id ? (data?.tokens.edges.find((e) => e.node.id === drawer.id)?.node ?? null) : null} onClose={() => setDrawer(null)} onCreated={(s, name) => setSecret({ secret: s, name })} />
      <SecretDialog secret={secret?.secret ?? null} name={secret?.name ?? ''} onClose={() => setSecret(null)} />
    </>
  );
}
