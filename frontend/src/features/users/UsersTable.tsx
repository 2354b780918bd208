import { Badge, Menu, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useMutation } from 'urql';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { RowMenu } from '../../components/RowMenu/RowMenu';
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

/**
 * The users of one page of the list. Those who may change users (writable) open a user with a
 * click, and disable or delete others from the row's menu, never themselves nor a user whose
 * role grants more than they hold.
 */
export function UsersTable({ users, selfId, writable, showPartner, dim, onEdit }: { users: UserRow[]; selfId: string; writable: boolean; showPartner: boolean; dim?: boolean; onEdit: (u: UserRow) => void }) {
  const { setActive, confirmDelete } = useUserActions();
  return (
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
        <Table.Tbody style={{ opacity: dim ? 0.6 : 1 }}>
          {users.map((u) => {
            const others = u.id !== selfId && u.role.grantable;
            return (
              <Table.Tr key={u.id} style={{ cursor: writable ? 'pointer' : undefined }} onClick={() => writable && onEdit(u)}>
                <Table.Td>
                  <Text fw={500} size="sm">
                    {u.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {u.email}
                  </Text>
                  {showPartner && u.partner && (
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
                  <Text size="sm">
                    {u.lastLoginAt ? (
                      formatDateTime(u.lastLoginAt)
                    ) : (
                      <Text span c="dimmed" size="sm">
                        Never
                      </Text>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(u.createdAt)}</Text>
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  {writable && (
                    <RowMenu label={u.email}>
                      <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onEdit(u)}>
                        Edit
                      </Menu.Item>
                      {others &&
                        (u.active ? (
                          <Menu.Item leftSection={<IconUserOff size={14} />} onClick={() => setActive(u, false)}>
                            Disable
                          </Menu.Item>
                        ) : (
                          <Menu.Item leftSection={<IconUserCheck size={14} />} onClick={() => setActive(u, true)}>
                            Enable
                          </Menu.Item>
                        ))}
                      {others && (
                        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => confirmDelete(u)}>
                          Delete
                        </Menu.Item>
                      )}
                    </RowMenu>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
