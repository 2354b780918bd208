import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Menu, Paper, Stack, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuildingStore, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { PartnerFieldsFragment } from '../../gql/graphql';
import { useAuth } from '../../lib/auth';
import { formatDate, formatDateTime } from '../../lib/dates';
import { errorCode, errorMessage, formErrors, type FormErrors } from '../../lib/errors';
import { useListPage } from '../../lib/listPage';
import { sentence } from '../../lib/text';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { EmptyState } from '../../components/States/States';
import { Loaded } from '../../components/States/Loaded';
import { TableOrCards } from '../../components/TableOrCards/TableOrCards';
import { PageError } from '../../components/StatusPage/Forbidden';
import { Pager } from '../../components/Pager/Pager';
import { confirmDelete } from '../../components/ConfirmDelete/ConfirmDelete';
import { FormDrawer } from '../../components/FormDrawer/FormDrawer';
import { RowMenu } from '../../components/RowMenu/RowMenu';

graphql(`
  fragment PartnerFields on Partner {
    id
    name
    businessOwnerEmails
    createdAt
  }
`);

const PartnersDocument = graphql(`
  query Partners($first: Int, $after: String) {
    partners(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...PartnerFields
        }
      }
    }
  }
`);

export const CreatePartnerDocument = graphql(`
  mutation CreatePartner($input: PartnerInput!) {
    createPartner(input: $input) {
      ...PartnerFields
    }
  }
`);

export const UpdatePartnerDocument = graphql(`
  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {
    updatePartner(id: $id, input: $input) {
      ...PartnerFields
    }
  }
`);

const DeletePartnerDocument = graphql(`
  mutation DeletePartner($id: ID!) {
    deletePartner(id: $id)
  }
`);

const PAGE = 25;

/** Where a partner's objects are listed: each list opens narrowed to the partner. */
function PartnerLinks({ p, can }: { p: PartnerFieldsFragment; can: (perm: string) => boolean }) {
  const links = [
    { to: `/applications?partner=${p.id}`, label: 'Applications', perm: 'applications:read' },
    { to: `/users?partner=${p.id}`, label: 'Users', perm: 'users:read' },
    { to: `/tokens?partner=${p.id}`, label: 'API tokens', perm: 'tokens:read' },
  ].filter((l) => can(l.perm));
  if (links.length === 0) return null;
  return (
    <Group gap="md" wrap="wrap">
      {links.map((l) => (
        <Anchor key={l.to} component={Link} to={l.to} size="sm" aria-label={`${l.label} of ${p.name}`}>
          {l.label}
        </Anchor>
      ))}
    </Group>
  );
}

function PartnerMenu({ p, onEdit, onDelete }: { p: PartnerFieldsFragment; onEdit: () => void; onDelete: () => void }) {
  return (
    <RowMenu label={p.name}>
      <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit}>
        Edit
      </Menu.Item>
      <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={onDelete}>
        Delete
      </Menu.Item>
    </RowMenu>
  );
}

function Owners({ emails }: { emails: string[] }) {
  if (emails.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Those in Settings
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {emails.map((e) => (
        <Badge key={e} variant="light" color="gray" tt="none" fw={500}>
          {e}
        </Badge>
      ))}
    </Group>
  );
}

/** Partners: the outside organisations that call the APIs, their Business Owners, and links to what they own. */
export default function PartnersPage() {
  const { can } = useAuth();
  const list = useListPage({}, { pageSize: PAGE });
  const query = useQuery({ query: PartnersDocument, variables: list.variables });
  const [{ data, error, fetching }] = query;
  const [drawer, setDrawer] = useState<{ partner: PartnerFieldsFragment | null } | null>(null);
  const [, remove] = useMutation(DeletePartnerDocument);
  const writable = can('partners:write');

  const askDelete = (p: PartnerFieldsFragment) =>
    confirmDelete({
      title: `Delete ${p.name}?`,
      confirmLabel: 'Delete partner',
      children: <Text size="sm">Are you sure? This action cannot be undone. A partner that still has users, applications or tokens is kept: move or delete them first.</Text>,
      onConfirm: async () => {
        const r = await remove({ id: p.id }, { additionalTypenames: ['Partner', 'PartnerConnection'] });
        return r.error ? sentence(errorMessage(r.error)) : null;
      },
      onDeleted: () => notifications.show({ color: 'green', message: `${p.name} is deleted.` }),
    });

  if (error && !data && errorCode(error) === 'FORBIDDEN') return <PageError error={error} />;
  return (
    <>
      <PageHeader
        title="Partners"
        description="Outside organisations that call your APIs. A partner's users see and change only its own applications, tokens, approvals and audit events."
        actions={
          writable && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDrawer({ partner: null })}>
              Add partner
            </Button>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Loaded
          query={query}
          empty={
            data?.partners.totalCount === 0 && (
              <EmptyState
                title="No partners yet"
                icon={<IconBuildingStore size={22} />}
                action={
                  writable && (
                    <Button variant="light" onClick={() => setDrawer({ partner: null })}>
                      Add the first partner
                    </Button>
                  )
                }
              >
                Add a partner for each fintech, retailer or other organisation that integrates with your APIs, then give it applications and users.
              </EmptyState>
            )
          }
        >
          {(data) => (
            <>
              <TableOrCards
                dim={fetching}
                head={
                  <>
                    <Table.Th>Partner</Table.Th>
                    <Table.Th>Business Owners</Table.Th>
                    <Table.Th>Open its</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th w={56} />
                  </>
                }
                rows={data.partners.edges.map(({ node: p }) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {p.name}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      <Owners emails={p.businessOwnerEmails} />
                    </Table.Td>
                    <Table.Td>
                      <PartnerLinks p={p} can={can} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={formatDateTime(p.createdAt)}>
                        {formatDate(p.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{writable && <PartnerMenu p={p} onEdit={() => setDrawer({ partner: p })} onDelete={() => askDelete(p)} />}</Table.Td>
                  </Table.Tr>
                ))}
                cards={data.partners.edges.map(({ node: p }) => (
                  <Paper key={p.id} withBorder radius="md" p="md" component="article" aria-label={p.name}>
                    <Stack gap="xs">
                      <Group justify="space-between" wrap="nowrap" align="flex-start">
                        <Stack gap={0} miw={0}>
                          <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                            {p.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            Created {formatDate(p.createdAt)}
                          </Text>
                        </Stack>
                        {writable && <PartnerMenu p={p} onEdit={() => setDrawer({ partner: p })} onDelete={() => askDelete(p)} />}
                      </Group>
                      <Stack gap={4}>
                        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                          Business Owners
                        </Text>
                        <Owners emails={p.businessOwnerEmails} />
                      </Stack>
                      <PartnerLinks p={p} can={can} />
                    </Stack>
                  </Paper>
                ))}
              />
              <Pager {...list.pager(data.partners)} noun="partner" />
            </>
          )}
        </Loaded>
      </Paper>
      <PartnerDrawer opened={!!drawer} partner={drawer?.partner ?? null} onClose={() => setDrawer(null)} />
    </>
  );
}

/** The Add partner and Edit partner drawer: a name, and who approves the partner's whitelist entries. */
export function PartnerDrawer({ opened, partner, onClose }: { opened: boolean; partner: PartnerFieldsFragment | null; onClose: () => void }) {
  const [name, setName] = useState('');
  const [owners, setOwners] = useState<string[]>([]);
  const [typing, setTyping] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [created, create] = useMutation(CreatePartnerDocument);
  const [updated, update] = useMutation(UpdatePartnerDocument);

  useEffect(() => {
    if (!opened) return;
    setName(partner?.name ?? '');
    setOwners(partner?.businessOwnerEmails ?? []);
    setTyping('');
    setErrors({ fields: {} });
  }, [opened, partner]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    // An address typed but not yet turned into a tag counts: people press Save, not Enter.
    const pending = typing.trim();
    const emails = pending && !owners.includes(pending) ? [...owners, pending] : owners;
    setOwners(emails);
    setTyping('');
    const input = { name, businessOwnerEmails: emails };
    const r = partner ? await update({ id: partner.id, input }) : await create({ input }, { additionalTypenames: ['Partner', 'PartnerConnection'] });
    if (r.error) {
      setErrors(formErrors(r.error));
      return;
    }
    notifications.show({ color: 'green', message: partner ? `${name} is saved.` : `${name} is added. Give it applications and users next.` });
    onClose();
  };

  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={partner ? `Edit ${partner.name}` : 'Add partner'}
      onSubmit={submit}
      error={errors.message}
      submitLabel={partner ? 'Save' : 'Add partner'}
      submitting={created.fetching || updated.fetching}
    >
      <TextInput label="Name" required placeholder="Northwind Payments" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.fields.name} data-autofocus />
      <TagsInput
        label="Business Owner emails"
        description="They approve the IP addresses whitelisted on this partner's tokens. Leave empty to leave it to the Business Owners in Settings. Press Enter after each address."
        placeholder="owner@partner.example"
        value={owners}
        onChange={setOwners}
        searchValue={typing}
        onSearchChange={setTyping}
        error={errors.fields.businessOwnerEmails}
        splitChars={[',', ' ', ';']}
        clearable
      />
    </FormDrawer>
  );
}
