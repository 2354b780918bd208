import { Badge, Group, Menu, Paper, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useMutation } from 'urql';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { RowMenu } from '../../components/RowMenu/RowMenu';
import { TableOrCards } from '../../components/TableOrCards/TableOrCards';
import type { UserRow } from './UserDrawer';
import { DeleteUserDocument, UpdateUserDocument } from './queries';

/** Disable, enable and delete a user, each saying how it went. */
function useUserActions() {
  const [, update] = useMutation(UpdateUserDocument);
  const [, remove] = useMutation(DeleteUserDocument);
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
  return { setActive, confirmDelete };
}

/** The user's name, email and (for the organisation's administrators) partner. */
function Who({ u, showPartner }: { u: UserRow; showPartner: boolean }) {
  return (
    <Stack gap={0} miw={0}>
      <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
        {u.name}
      </Text>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {u.email}
      </Text>
      {showPartner && u.partner && (
        <Badge size="xs" variant="light" color="grape" tt="none" mt={2} style={{ alignSelf: 'flex-start' }}>
          {u.partner.name}
        </Badge>
      )}
    </Stack>
  );
}

function Status({ u }: { u: UserRow }) {
  return (
    <Badge color={u.active ? 'green' : 'gray'} variant="dot">
      {u.active ? 'Active' : 'Disabled'}
    </Badge>
  );
}

function LastSignIn({ u }: { u: UserRow }) {
  return u.lastLoginAt ? (
    <Text size="sm">{formatDateTime(u.lastLoginAt)}</Text>
  ) : (
    <Text size="sm" c="dimmed">
      Never
    </Text>
  );
}

/** Edit, disable or enable, and delete: never oneself nor a user whose role grants more than one holds. */
function UserMenu({ u, selfId, onEdit, actions }: { u: UserRow; selfId: string; onEdit: (u: UserRow) => void; actions: ReturnType<typeof useUserActions> }) {
  const others = u.id !== selfId && u.role.grantable;
  return (
    <RowMenu label={u.email}>
      <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onEdit(u)}>
        Edit
      </Menu.Item>
      {others &&
        (u.active ? (
          <Menu.Item leftSection={<IconUserOff size={14} />} onClick={() => actions.setActive(u, false)}>
            Disable
          </Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconUserCheck size={14} />} onClick={() => actions.setActive(u, true)}>
            Enable
          </Menu.Item>
        ))}
      {others && (
        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => actions.confirmDelete(u)}>
          Delete
        </Menu.Item>
      )}
    </RowMenu>
  );
}

/**
 * The users of one page of the list: a table, or one card per user on a phone. Those who may
 * change users (writable) open a user with a click, and disable or delete others from its menu.
 */
export function UsersTable({ users, selfId, writable, showPartner, dim, onEdit }: { users: UserRow[]; selfId: string; writable: boolean; showPartner: boolean; dim?: boolean; onEdit: (u: UserRow) => void }) {
  const actions = useUserActions();
  const open = (u: UserRow) => writable && onEdit(u);
  const menu = (u: UserRow) => writable && <UserMenu u={u} selfId={selfId} onEdit={onEdit} actions={actions} />;
  return (
    <TableOrCards
      dim={dim}
      head={
        <>
          <Table.Th>User</Table.Th>
          <Table.Th>Role</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Last sign-in</Table.Th>
          <Table.Th>Created</Table.Th>
          <Table.Th w={48} />
        </>
      }
      rows={users.map((u) => (
        <Table.Tr key={u.id} style={{ cursor: writable ? 'pointer' : undefined }} onClick={() => open(u)}>
          <Table.Td>
            <Who u={u} showPartner={showPartner} />
          </Table.Td>
          <Table.Td>
            <Badge variant="light">{u.role.name}</Badge>
          </Table.Td>
          <Table.Td>
            <Status u={u} />
          </Table.Td>
          <Table.Td>
            <LastSignIn u={u} />
          </Table.Td>
          <Table.Td>
            <Text size="sm">{formatDateTime(u.createdAt)}</Text>
          </Table.Td>
          <Table.Td onClick={(e) => e.stopPropagation()}>{menu(u)}</Table.Td>
        </Table.Tr>
      ))}
      cards={users.map((u) => (
        <Paper key={u.id} withBorder radius="md" p="md" component="article" aria-label={u.name} style={{ cursor: writable ? 'pointer' : undefined }} onClick={() => open(u)}>
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Who u={u} showPartner={showPartner} />
              <div onClick={(e) => e.stopPropagation()}>{menu(u)}</div>
            </Group>
            <Group gap="xs">
              <Badge variant="light">{u.role.name}</Badge>
              <Status u={u} />
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" w={84} style={{ flexShrink: 0 }}>
                Last sign-in
              </Text>
              <LastSignIn u={u} />
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" w={84} style={{ flexShrink: 0 }}>
                Created
              </Text>
              <Text size="sm">{formatDateTime(u.createdAt)}</Text>
            </Group>
          </Stack>
        </Paper>
      ))}
    />
  );
}
