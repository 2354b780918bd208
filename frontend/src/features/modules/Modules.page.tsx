import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Divider, Group, Paper, Stack, Table, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconPuzzle, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ModulesQuery } from '../../gql/graphql';
import { useAuth } from '../../lib/auth';
import { errorCode, errorMessage, formErrors, type FormErrors } from '../../lib/errors';
import { FormDrawer } from '../../components/FormDrawer/FormDrawer';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { EmptyState } from '../../components/States/States';
import { Loaded } from '../../components/States/Loaded';
import { PageError } from '../../components/StatusPage/Forbidden';
import { ExamplesEditor, type ExampleDraft } from '../developer/ApiLibrary/ExamplesEditor';

const ModulesDocument = graphql(`
  query Modules {
    modules {
      key
      name
      description
      builtin
      actions
      ...ModuleDocsFields
    }
  }
`);

const CreateModuleDocument = graphql(`
  mutation CreateModule($input: ModuleInput!) {
    createModule(input: $input) {
      key
    }
  }
`);

const UpdateModuleDocument = graphql(`
  mutation UpdateModule($key: String!, $input: ModuleInput!) {
    updateModule(key: $key, input: $input) {
      key
      name
      description
      actions
      ...ModuleDocsFields
    }
  }
`);

const DeleteModuleDocument = graphql(`
  mutation DeleteModule($key: String!) {
    deleteModule(key: $key)
  }
`);

type Module = ModulesQuery['modules'][number];

/** API modules: Keyward's own and the organisation's, each with the actions roles may grant. */
export default function ModulesPage() {
  const { can } = useAuth();
  const query = useQuery({ query: ModulesDocument });
  const [{ data, error }] = query;
  const [editing, setEditing] = useState<Module | 'new' | null>(null);
  const [, remove] = useMutation(DeleteModuleDocument);
  const writable = can('roles:write');
  const own = data?.modules.filter((m) => !m.builtin) ?? [];

  const confirmDelete = (m: Module) =>
    modals.openConfirmModal({
      title: `Delete the module ${m.name}?`,
      children: <Text size="sm">Are you sure? This action cannot be undone. Every role loses its {m.key}:… permissions, and so do the users and tokens holding those roles.</Text>,
      labels: { confirm: 'Delete module', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const r = await remove({ key: m.key }, { additionalTypenames: ['Module', 'Role'] });
        if (r.error) notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(r.error) });
        else notifications.show({ color: 'green', message: `${m.name} is deleted.` });
      },
    });

  // On a phone the table scrolls inside its card rather than cutting the actions short.
  const table = (ms: Module[]) => (
    <Table.ScrollContainer minWidth={0}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Module</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Actions</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ms.map((m) => (
            <Table.Tr key={m.key}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {m.name}
                </Text>
                {m.description && (
                  <Text size="xs" c="dimmed">
                    {m.description}
                  </Text>
                )}
                {(m.baseUrl || m.examples.length > 0) && (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    API library: {m.examples.length === 1 ? '1 example call' : `${m.examples.length} example calls`}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text ff="monospace" size="sm">
                  {m.key}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {m.actions.map((a) => (
                    <Badge key={a} variant="light" color="gray" tt="none" style={{ minWidth: 'max-content' }}>
                      {a}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                {writable && !m.builtin && (
                  <Group gap={4} justify="flex-end">
                    <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${m.name}`} onClick={() => setEditing(m)}>
                      <IconPencil size={16} />
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="red" aria-label={`Delete ${m.name}`} onClick={() => confirmDelete(m)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  if (error && !data && errorCode(error) === 'FORBIDDEN') return <PageError error={error} />;
  return (
    <>
      <PageHeader
        title="API modules"
        description="Each module is one of your APIs; its actions become permissions (clients:read) that roles grant."
        actions={
          writable && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              Add module
            </Button>
          )
        }
      />
      <Loaded query={query}>
        {(data) => (
          <Stack gap="lg">
            <Paper withBorder p="md" radius="md">
              <Text fw={600} mb="xs">
                Your API modules
              </Text>
              {own.length === 0 ? (
                <EmptyState title="No API modules yet" icon={<IconPuzzle size={22} />} action={writable && <Button variant="light" onClick={() => setEditing('new')}>Add your first module</Button>}>
                  Describe the APIs that tokens will call (Clients, Payments…) and the actions on each.
                </EmptyState>
              ) : (
                table(own)
              )}
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Text fw={600} mb="xs">
                Keyward's own
              </Text>
              {table(data.modules.filter((m) => m.builtin))}
            </Paper>
          </Stack>
        )}
      </Loaded>
      <ModuleDrawer module={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function ModuleDrawer({ module, onClose }: { module: Module | 'new' | null; onClose: () => void }) {
  const existing = module && module !== 'new' ? module : null;
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [actions, setActions] = useState<string[]>(['read', 'create', 'update', 'delete']);
  const [baseUrl, setBaseUrl] = useState('');
  const [examples, setExamples] = useState<ExampleDraft[]>([]);
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [created, create] = useMutation(CreateModuleDocument);
  const [updated, update] = useMutation(UpdateModuleDocument);

  useEffect(() => {
    setKey(existing?.key ?? '');
    setName(existing?.name ?? '');
    setDescription(existing?.description ?? '');
    setActions(existing?.actions ?? ['read', 'create', 'update', 'delete']);
    setBaseUrl(existing?.baseUrl ?? '');
    setExamples(
      existing?.examples.map((x) => ({ title: x.title, method: x.method, path: x.path, description: x.description ?? '', body: x.body ?? '', action: x.action ?? '' })) ?? [],
    );
    setErrors({ fields: {} });
  }, [module, existing]);

  // A message about an example call also shows at the top: the call may be scrolled away.
  const exampleErrors = Object.entries(errors.fields).filter(([f]) => f.startsWith('examples['));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const input = {
      key,
      name,
      description,
      actions,
      baseUrl,
      examples: examples.map((x) => ({ title: x.title, method: x.method, path: x.path, description: x.description, body: x.body, action: x.action || null })),
    };
    const r = existing ? await update({ key: existing.key, input }, { additionalTypenames: ['Role'] }) : await create({ input }, { additionalTypenames: ['Module'] });
    if (r.error) {
      setErrors(formErrors(r.error));
      return;
    }
    notifications.show({ color: 'green', message: `${name} is saved.` });
    onClose();
  };

  return (
    <FormDrawer
      opened={!!module}
      onClose={onClose}
      size="xl"
      title={existing ? `Edit ${existing.name}` : 'Add API module'}
      onSubmit={submit}
      error={errors.message}
      submitLabel={existing ? 'Save' : 'Add module'}
      submitting={created.fetching || updated.fetching}
    >
      {exampleErrors.length > 0 && (
        <Alert color="red" title="Check the example calls">
          {exampleErrors.map(([f, m]) => (
            <Text key={f} size="sm">
              {describeField(f)}: {m}
            </Text>
          ))}
        </Alert>
      )}
      <TextInput label="Name" required placeholder="KYC Documents" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.fields.name} />
      <TextInput
        label="Key"
        required
        placeholder="kyc_documents"
        description="Used in permissions (kyc_documents:read); cannot change later"
        value={key}
        onChange={(e) => setKey(e.currentTarget.value)}
        error={errors.fields.key}
        disabled={!!existing}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.fields.description} autosize minRows={2} />
      <TagsInput label="Actions" description="Press Enter after each; removing one takes it from every role" value={actions} onChange={setActions} error={errors.fields.actions} />
      <Divider label="API documentation (optional)" labelPosition="left" mt="sm" />
      <Text size="sm" c="dimmed" mt={-8}>
        A documented module appears in the API library of the Developer API page, with ready-to-copy calls for everyone signed in.
      </Text>
      <TextInput
        label="Base URL"
        placeholder="https://api.example.com/v1"
        description="Where this API answers; each example's path follows it"
        value={baseUrl}
        onChange={(e) => setBaseUrl(e.currentTarget.value)}
        error={errors.fields.baseUrl}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      <ExamplesEditor examples={examples} onChange={setExamples} actions={actions} errors={errors.fields} />
    </FormDrawer>
  );
}

/** examples[2].path → Example call 3, path. */
function describeField(field: string): string {
  const m = /^examples\[(\d+)\]\.(\w+)$/.exec(field);
  return m ? `Example call ${Number(m[1]) + 1}, ${m[2]}` : field;
}
