import { Link, useNavigate } from 'react-router';
import { Badge, Button, Group, Paper, Table, Text } from '@mantine/core';
import { IconPlus, IconShieldLock } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { useAuth } from '../../lib/auth';
import { errorCode } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { EmptyState } from '../../components/States/States';
import { Loaded } from '../../components/States/Loaded';
import { PageError } from '../../components/StatusPage/Forbidden';

const RolesDocument = graphql(`
  query Roles {
    roles {
      ...RoleFields
    }
  }
`);

/** Roles: what each grants and how many users hold it. */
export default function RolesPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const query = useQuery({ query: RolesDocument });
  const [{ data, error }] = query;
  const writable = can('roles:write');

  if (error && !data && errorCode(error) === 'FORBIDDEN') return <PageError error={error} />;
  return (
    <>
      <PageHeader
        title="Roles"
        description="A role is a set of module:action permissions. Users and API tokens each hold one role; a change to a role applies to all of them at once."
        actions={
          writable && (
            <Button component={Link} to="/roles/new" leftSection={<IconPlus size={16} />}>
              Add role
            </Button>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Loaded
          query={query}
          empty={data?.roles.length === 0 && <EmptyState title="No roles" icon={<IconShieldLock size={22} />} />}
        >
          {(data) => (
            <Table.ScrollContainer minWidth={0}>
              <Table highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Permissions</Table.Th>
                    <Table.Th>Users</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.roles.map((r) => (
                    <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/roles/${r.id}`)}>
                      <Table.Td>
                        <Group gap="xs">
                          <Text fw={500} size="sm">
                            {r.name}
                          </Text>
                          {r.builtin && (
                            <Badge size="xs" variant="outline" color="gray">
                              Built-in
                            </Badge>
                          )}
                        </Group>
                        {r.description && (
                          <Text size="xs" c="dimmed">
                            {r.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {r.allPermissions ? (
                          <Badge color="indigo" style={{ minWidth: 'max-content' }}>
                            All permissions
                          </Badge>
                        ) : (
                          <Text size="sm">{r.permissions.length === 0 ? 'None' : `${r.permissions.length} permission${r.permissions.length === 1 ? '' : 's'}`}</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.userCount}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Loaded>
      </Paper>
    </>
  );
}
