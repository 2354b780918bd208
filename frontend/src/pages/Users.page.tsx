import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Drawer, Group, Menu, Paper, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconSearch, IconTrash, IconUserOff, IconUserCheck, IconUsers } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { lackText, RoleSelect, type GrantableRole } from '../components/RoleSelect/RoleSelect';
import { PasswordField } from '../components/PasswordField/PasswordField';
import type { UsersQuery } from '../gql/graphql';
import { useAuth } from '../lib/auth';
import { formatDateTime } from '../lib/dates';
import { errorMessage, formErrors } from '../lib/errors';
import { useCursorPager } from '../lib/pager';
import { PageHeader } from '../components/PageHeader/PageHeader';
import { EmptyState, ErrorState, TableSkeleton } from '../components/States/States';
import { Pager } from '../components/Pager/Pager';
import { PartnerFilter, PartnerSelect, usePartnerFilter } from '../components/PartnerSelect/PartnerSelect';
import { RowMenu } from '../components/RowMenu/RowMenu';

const UsersDocument = graphql(`
  query Users($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          email
          name
          active
          loginCodeRequired
          createdAt
          lastLoginAt
          role {
            id
            name
            grantable
            missingPermissions
          }
          partner {
            id
            name
          }
        }
      }
    }
  }
`);

export const RoleOptionsDocument = graphql(`
  query RoleOptions {
    roles {
      id
      name
      grantable
      missingPermissions
    }
  }
`);

export const CreateUserDocument = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
    }
  }
`);

const UpdateUserDocument = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      email
      name
      active
      loginCodeRequired
      role {
        id
        name
      }
    }
  }
`);

const DeleteUserDocument = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

type UserRow = UsersQuery['users']['edges'][number]['node'];

const PAGE = 25;

/** Users: list, search, add, edit, disable, delete. */
export default function UsersPage() {
  const { can, me, orgAdmin } = useAuth();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [partnerId, setPartnerId] = usePartnerFilter();
  const pager = useCursorPager(PAGE);
  const { reset } = pager;
  useEffect(() => reset(), [debounced, roleId, status, partnerId, reset]);
  const filter = {
    search: debounced || undefined,
    roleId: roleId ?? undefined,
    active: status === 'active' ? true : status === 'disabled' ? false : undefined,
    partnerId: partnerId ?? undefined,
  };
  const [{ data, fetching, error }, refetch] = useQuery({ query: UsersDocument, variables: { filter, first: PAGE, after: pager.after } });
  const [roles] = useQuery({ query: RoleOptionsDocument });
  const [drawer, setDrawer] = useState<{ mode: 'add' } | { mode: 'edit'; user: UserRow } | null>(null);
  const [, update] = useMutation(UpdateUserDocument);
  const [, remove] = useMutation(DeleteUserDocument);
  const writable = can('users:write');
  const roleOptions = (roles.data?.roles ?? []).map((r) => ({ value: r.id, label: r.name }));

  const setActive = async (u: UserRow, active: boolean) => {
    const r = await update({ id: u.id, input: { active } });
    if (r.error) notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(r.error) });
    else notifications.show({ color: 'green', message: `${u.name} is ${active ? 'enabled' : 'disabled'}.` });
  };

  const confirmDelete = (u: UserRow) =>
    modals.openConfirmModal({
      title: `Delete ${u.name}?`,
      children: <Text size="sm">Are you sure? This action cannot be undone. {u.email} will no longer be able to sign in; the audit log keeps what they did.</Text>,
      labels: { confirm: 'Delete user', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const r = await remove({ id: u.id }, { additionalTypenames: ['User'] });
        if (r.error) notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(r.error) });
        else notifications.show({ color: 'green', message: `${u.name} is deleted.` });
      },
    });

  const rows = data?.users.edges.map(({ node: u }) => (
    <Table.Tr key={u.id} style={{ cursor: writable ? 'pointer' : undefined }} onClick={() => writable && setDrawer({ mode: 'edit', user: u })}>
      <Table.Td>
        <Text fw={500} size="sm">
          {u.name}
        </Text>
        <Text size="xs" c="dimmed">
          {u.email}
        </Text>
        {orgAdmin && u.partner && (
          <Badge size="xs" variant="light" color="grape" tt="none" mt={2}>
            {u.partner.name}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="light">{u.role.name}</Badge>
      </Table.Td>
      <Table.Td>
        <Badge color={u.active ? 'green' : 'gray'} variant="dot">
          {u.active ? 'Active' : 'Disabled'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <Text span c="dimmed" size="sm">Never</Text>}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(u.createdAt)}</Text>
      </Table.Td>
      <Table.Td onClick={(e) => e.stopPropagation()}>
        {writable && (
          <RowMenu label={u.email}>
            <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDrawer({ mode: 'edit', user: u })}>
              Edit
            </Menu.Item>
            {u.id !== me.id && u.role.grantable &&
              (u.active ? (
                <Menu.Item leftSection={<IconUserOff size={14} />} onClick={() => setActive(u, false)}>
                  Disable
                </Menu.Item>
              ) : (
                <Menu.Item leftSection={<IconUserCheck size={14} />} onClick={() => setActive(u, true)}>
                  Enable
                </Menu.Item>
              ))}
            {u.id !== me.id && u.role.grantable && (
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => confirmDelete(u)}>
                Delete
              </Menu.Item>
            )}
          </RowMenu>
        )}
      </Table.Td>
    </Table.Tr>
  ));

  const filtering = !!(debounced || roleId || status || partnerId);
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
          <TextInput placeholder="Search by name or email" leftSection={<IconSearch size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={280} aria-label="Search users" />
          <Select placeholder="All roles" data={roleOptions} value={roleId} onChange={setRoleId} clearable w={200} aria-label="Filter by role" />
          <Select
            placeholder="Any status"
            data={[
              { value: 'active', label: 'Active' },
              { value: 'disabled', label: 'Disabled' },
            ]}
            value={status}
            onChange={setStatus}
            clearable
            w={160}
            aria-label="Filter by status"
          />
          <PartnerFilter value={partnerId} onChange={setPartnerId} />
        </Group>
        {error && !data ? (
          <ErrorState message={errorMessage(error)} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : !data ? (
          <TableSkeleton />
        ) : data.users.totalCount === 0 ? (
          <EmptyState title={filtering ? 'No user matches' : 'No users yet'} icon={<IconUsers size={22} />}>
            {filtering ? 'Try another search or clear the filters.' : 'Add the people who will manage tokens and approvals.'}
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>User</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Last sign-in</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th w={48} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody style={{ opacity: fetching ? 0.6 : 1 }}>{rows}</Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager from={pager.from} count={data.users.edges.length} total={data.users.totalCount} exact={data.users.totalCountExact} hasNext={data.users.pageInfo.hasNextPage} onPrev={pager.prev} onNext={() => pager.next(data.users.pageInfo.endCursor)} noun="users" />
          </>
        )}
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

/**
 * The Add user / Edit user drawer. An organisation administrator (partnerChoice) may add a user
 * to a partner; a partner's user adds users to its own partner without being asked. A user's
 * partner never changes.
 */
export function UserDrawer({
  state,
  roles,
  onClose,
  isSelf,
  partnerChoice,
  partnerId: presetPartner,
}: {
  state: { mode: 'add' } | { mode: 'edit'; user: UserRow } | null;
  roles: GrantableRole[];
  onClose: () => void;
  isSelf?: boolean;
  partnerChoice?: boolean;
  /** The partner a new user starts with (the list's filter). */
  partnerId?: string | null;
}) {
  const editing = state?.mode === 'edit' ? state.user : null;
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [active, setActive] = useState(true);
  const [codeRequired, setCodeRequired] = useState(false);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [created, create] = useMutation(CreateUserDocument);
  const [updated, update] = useMutation(UpdateUserDocument);
  const [lastError, setLastError] = useState<ReturnType<typeof formErrors>>({ fields: {} });

  useEffect(() => {
    setEmail(editing?.email ?? '');
    setName(editing?.name ?? '');
    setPassword('');
    setRoleId(editing?.role.id ?? null);
    setActive(editing?.active ?? true);
    setCodeRequired(editing?.loginCodeRequired ?? false);
    setPartnerId(editing ? (editing.partner?.id ?? null) : (presetPartner ?? null));
    setLastError({ fields: {} });
  }, [state, editing, presetPartner]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = editing
      ? await update({ id: editing.id, input: { email, name, ...(isSelf ? {} : { roleId: roleId ?? undefined }), active, loginCodeRequired: codeRequired, ...(password ? { password } : {}) } })
      : await create(
          { input: { email, name, password, roleId: roleId ?? '', loginCodeRequired: codeRequired, ...(partnerChoice && partnerId ? { partnerId } : {}) } },
          { additionalTypenames: ['User', 'UserConnection'] },
        );
    if (r.error) {
      setLastError(formErrors(r.error));
      return;
    }
    notifications.show({ color: 'green', message: editing ? `${name} is saved.` : `${name} can now sign in.` });
    onClose();
  };

  const errors = lastError;
  // Nobody changes a user who holds more than they do (password and email included).
  const beyond = !!editing && !editing.role.grantable;
  return (
    <Drawer opened={!!state} onClose={onClose} position="right" size="md" title={<Text fw={600}>{editing ? 'Edit user' : 'Add user'}</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {errors.message && <Alert color="red">{errors.message}</Alert>}
          {beyond && (
            <Alert color="gray" title="You cannot change this user">
              Their role, {editing!.role.name}, grants more than you hold. {lackText(editing!.role.missingPermissions)}
            </Alert>
          )}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.fields.name} disabled={beyond} />
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.fields.email} disabled={beyond} />
          <RoleSelect
            holder="user"
            roles={roles}
            value={roleId}
            onChange={setRoleId}
            error={errors.fields.roleId}
            disabled={beyond || isSelf}
            description={isSelf ? 'Nobody changes their own role: ask another administrator.' : undefined}
          />
          {partnerChoice && (
            <PartnerSelect
              label="Partner"
              placeholder="None: one of the organisation's own"
              description={editing ? "A user stays with its partner." : "A partner's user sees and changes only that partner's applications, tokens, approvals and audit events."}
              value={partnerId}
              onChange={setPartnerId}
              clearable
              disabled={!!editing || beyond}
              error={errors.fields.partnerId}
            />
          )}
          {isSelf ? (
            <Text size="xs" c="dimmed">
              To change your own password, use Change password in the menu under your name: it asks for the current one.
            </Text>
          ) : (
            <PasswordField
              label={editing ? 'New password (leave empty to keep the current one)' : 'Password (share it with them safely)'}
              required={!editing}
              value={password}
              onChange={setPassword}
              error={errors.fields.password}
              personal={[email, name]}
              disabled={beyond}
            />
          )}
          {editing && <Switch label="Active: can sign in" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} disabled={isSelf || beyond} error={errors.fields.active} />}
          <Switch
            label="Sign in with a code sent by email"
            description="After the password, a 6-digit code goes to their email (Settings can ask it of everyone)"
            checked={codeRequired}
            onChange={(e) => setCodeRequired(e.currentTarget.checked)}
            disabled={beyond}
          />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            {!beyond && (
              <Button type="submit" loading={created.fetching || updated.fetching}>
                {editing ? 'Save' : 'Add user'}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
