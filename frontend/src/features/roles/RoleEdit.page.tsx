import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, Breadcrumbs, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { useAuth } from '../../lib/auth';
import { errorMessage, formErrors, type FormErrors } from '../../lib/errors';
import { PermissionMatrix } from '../../components/PermissionMatrix/PermissionMatrix';
import { ErrorState, TableSkeleton } from '../../components/States/States';
import { PageError } from '../../components/StatusPage/Forbidden';

const RoleEditDocument = graphql(`
  query RoleEdit($id: ID!, $withRole: Boolean!) {
    role(id: $id) @include(if: $withRole) {
      ...RoleFields
    }
    modules {
      key
      name
      description
      builtin
      actions
    }
  }
`);

const CreateRoleDocument = graphql(`
  mutation CreateRole($input: RoleInput!) {
    createRole(input: $input) {
      id
    }
  }
`);

const UpdateRoleDocument = graphql(`
  mutation UpdateRole($id: ID!, $input: RoleInput!) {
    updateRole(id: $id, input: $input) {
      id
      name
      description
      permissions
    }
  }
`);

const DeleteRoleDocument = graphql(`
  mutation DeleteRole($id: ID!) {
    deleteRole(id: $id)
  }
`);

/** Add or edit a role: name, description and the permission matrix. */
export default function RoleEditPage() {
  const { id } = useParams();
  const isNew = !id;
  const navigate = useNavigate();
  const { can, refresh } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: RoleEditDocument, variables: { id: id ?? '0', withRole: !isNew } });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [perms, setPerms] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [created, create] = useMutation(CreateRoleDocument);
  const [updated, update] = useMutation(UpdateRoleDocument);
  const [, remove] = useMutation(DeleteRoleDocument);
  const role = data?.role;

  useEffect(() => {
    if (role) {
      setName(role.name);
      setDescription(role.description ?? '');
      setPerms(role.permissions);
    }
  }, [role]);

  if (error && !data) return <PageError error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <TableSkeleton rows={8} />;
  if (!isNew && !role) return <ErrorState message="This role does not exist (it may have been deleted)." />;

  const readOnly = !can('roles:write') || !!role?.allPermissions;

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const input = { name, description, permissions: perms };
    const r = isNew ? await create({ input }, { additionalTypenames: ['Role'] }) : await update({ id: id!, input });
    if (r.error) {
      setErrors(formErrors(r.error));
      return;
    }
    setErrors({ fields: {} });
    notifications.show({ color: 'green', message: `The role ${name} is saved.` });
    refresh();
    navigate('/roles');
  };

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: `Delete the role ${role?.name}?`,
      children: <Text size="sm">Are you sure? This action cannot be undone.</Text>,
      labels: { confirm: 'Delete role', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const r = await remove({ id: id! }, { additionalTypenames: ['Role'] });
        if (r.error) notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(r.error) });
        else {
          notifications.show({ color: 'green', message: `The role ${role?.name} is deleted.` });
          navigate('/roles');
        }
      },
    });

  return (
    <form onSubmit={save} noValidate>
      <Stack gap="lg">
        <Breadcrumbs>
          <Anchor component={Link} to="/roles" size="sm">
            Roles
          </Anchor>
          <Text size="sm">{isNew ? 'New role' : role?.name}</Text>
        </Breadcrumbs>
        <Group justify="space-between" align="flex-end">
          <Title order={2}>{isNew ? 'New role' : role?.name}</Title>
          {!readOnly && (
            <Group>
              {!isNew && !role?.builtin && (
                <Button variant="default" color="red" onClick={confirmDelete}>
                  Delete
                </Button>
              )}
              <Button type="submit" loading={created.fetching || updated.fetching}>
                {isNew ? 'Create role' : 'Save changes'}
              </Button>
            </Group>
          )}
        </Group>
        {errors.message && <Alert color="red">{errors.message}</Alert>}
        {role?.allPermissions && (
          <Alert icon={<IconInfoCircle />} color="indigo" variant="light">
            The {role.name} role always holds every permission, including those of API modules added later. It cannot be changed.
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md">
          <Stack>
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.fields.name} disabled={readOnly || role?.builtin} maw={420} />
            <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.fields.description} disabled={readOnly} autosize minRows={2} maw={640} />
            {!isNew && (
              <Text size="sm" c="dimmed">
                Held by {role?.userCount} user{role?.userCount === 1 ? '' : 's'}. A change applies to them, and to the API tokens holding this role, at once.
              </Text>
            )}
          </Stack>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={4}>Permissions</Title>
              <Text size="sm" c="dimmed">
                {role?.allPermissions ? 'All' : perms.length} selected
              </Text>
            </Group>
            {errors.fields.permissions && (
              <Text c="red" size="sm">
                {errors.fields.permissions}
              </Text>
            )}
            <PermissionMatrix modules={data.modules} value={perms} onChange={setPerms} readOnly={readOnly} />
          </Stack>
        </Paper>
      </Stack>
    </form>
  );
}
