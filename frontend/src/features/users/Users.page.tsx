import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { useAuth } from '../../lib/auth';
import { errorCode } from '../../lib/errors';
import { useListPage } from '../../lib/listPage';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { EmptyState } from '../../components/States/States';
import { Loaded } from '../../components/States/Loaded';
import { PageError } from '../../components/StatusPage/Forbidden';
import { Pager } from '../../components/Pager/Pager';
import { PartnerFilter, usePartnerFilter } from '../../components/PartnerSelect/PartnerSelect';
import { UserDrawer, type UserDrawerState } from './UserDrawer';
import { UsersTable } from './UsersTable';
import { RoleOptionsDocument, UsersDocument } from './queries';

const PAGE = 25;
const statuses = [
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
];

/** Users: list, search, add, edit, disable, delete. ?search= starts the search (the audit log links here). */
export default function UsersPage() {
  const { can, me, orgAdmin } = useAuth();
  const [params] = useSearchParams();
  const [partnerId, setPartnerId] = usePartnerFilter();
  const list = useListPage({ search: params.get('search') ?? '', roleId: null as string | null, status: null as string | null }, { pageSize: PAGE, debounce: ['search'], extra: { partnerId } });
  const { search, roleId, status } = list.applied;
  const filter = {
    search: search || undefined,
    roleId: roleId ?? undefined,
    active: status === 'active' ? true : status === 'disabled' ? false : undefined,
    partnerId: partnerId ?? undefined,
  };
  const query = useQuery({ query: UsersDocument, variables: { filter, ...list.variables } });
  const [{ data, fetching, error }] = query;
  const [roles] = useQuery({ query: RoleOptionsDocument });
  const [drawer, setDrawer] = useState<UserDrawerState>(null);
  const writable = can('users:write');
  const roleOptions = (roles.data?.roles ?? []).map((r) => ({ value: r.id, label: r.name }));

  if (error && !data && errorCode(error) === 'FORBIDDEN') return <PageError error={error} />;

  return (
    <>
      <PageHeader
        title="Users"
        description="People who sign in to the Keyward console, and the role each holds."
        actions={
          writable && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDrawer({ mode: 'add' })}>
              Add user
            </Button>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Group mb="md" gap="sm">
          <TextInput placeholder="Search by name or email" leftSection={<IconSearch size={16} />} value={list.values.search} onChange={(e) => list.set('search', e.currentTarget.value)} w={{ base: '100%', xs: 280 }} aria-label="Search users" />
          <Select placeholder="All roles" data={roleOptions} value={list.values.roleId} onChange={(v) => list.set('roleId', v)} clearable w={{ base: '100%', xs: 200 }} aria-label="Filter by role" />
          <Select placeholder="Any status" data={statuses} value={list.values.status} onChange={(v) => list.set('status', v)} clearable w={{ base: '100%', xs: 160 }} aria-label="Filter by status" />
          <PartnerFilter value={partnerId} onChange={setPartnerId} w={{ base: '100%', xs: 200 }} />
        </Group>
        <Loaded
          query={query}
          empty={
            data?.users.totalCount === 0 && (
              <EmptyState title={list.filtering ? 'No user matches' : 'No users yet'} icon={<IconUsers size={22} />}>
                {list.filtering ? 'Try another search or clear the filters.' : 'Add the people who will manage tokens and approvals.'}
              </EmptyState>
            )
          }
        >
          {(data) => (
            <>
              <UsersTable users={data.users.edges.map((e) => e.node)} selfId={me.id} writable={writable} showPartner={orgAdmin} dim={fetching} onEdit={(user) => setDrawer({ mode: 'edit', user })} />
              <Pager {...list.pager(data.users)} noun="user" />
            </>
          )}
        </Loaded>
      </Paper>
      <UserDrawer
        state={drawer}
        roles={roles.data?.roles ?? []}
        onClose={() => setDrawer(null)}
        isSelf={drawer?.mode === 'edit' && drawer.user.id === me.id}
        partnerChoice={orgAdmin}
        partnerId={partnerId}
      />
    </>
  );
}
