import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { ActionIcon, Anchor, Badge, Checkbox, Group, Menu, Paper, Stack, Table, Text, Tooltip, type BadgeProps } from '@mantine/core';
import { IconBan, IconEye, IconPencil, IconRefresh, IconTrash } from '@tabler/icons-react';
import type { TokenFieldsFragment } from '../../../gql/graphql';
import { formatDate, formatDateTime, relative } from '../../../lib/dates';
import { RowMenu } from '../../../components/RowMenu/RowMenu';
import { Scopes } from '../../../components/Scopes/Scopes';
import { entryColor } from '../TokenForm/TokenDrawer';
import { SortHeader, type TokenSort } from './SortHeader';

export const statusColor: Record<string, string> = { ACTIVE: 'green', EXPIRED: 'gray', REVOKED: 'red' };

/** A token's status, in its colour. */
export function StatusBadge({ status, ...props }: { status: TokenFieldsFragment['status'] } & Omit<BadgeProps, 'color' | 'variant' | 'children'>) {
  return (
    <Badge color={statusColor[status]} variant="light" {...props}>
      {status.toLowerCase()}
    </Badge>
  );
}

/** What a row may do; each callback gets the row's token. */
export interface RowActions {
  edit: (t: TokenFieldsFragment) => void;
  regenerate: (t: TokenFieldsFragment) => void;
  revoke: (t: TokenFieldsFragment) => void;
  remove: (t: TokenFieldsFragment) => void;
}

interface Props {
  tokens: TokenFieldsFragment[];
  /** The signed-in user may change tokens. */
  writable: boolean;
  /** Application names are links. */
  linkApplications: boolean;
  /** Show each token's partner (an organisation administrator sees every partner's). */
  showPartner: boolean;
  selected: ReadonlySet<string>;
  onSelect: (tokens: TokenFieldsFragment[], on: boolean) => void;
  sort: TokenSort;
  onSort: (s: TokenSort) => void;
  actions: RowActions;
  dim?: boolean;
}

/** Whether the user may act on t (edit it, revoke it): not revoked, and its role within theirs. */
export function changeable(t: TokenFieldsFragment): boolean {
  return t.status !== 'REVOKED' && t.role.grantable;
}

function Origin({ t, linkApplications, showPartner }: { t: TokenFieldsFragment; linkApplications: boolean; showPartner: boolean }) {
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      <Text ff="monospace" size="xs" c="dimmed">
        {t.hint}
      </Text>
      {t.application &&
        (linkApplications ? (
          <Anchor component={Link} to={`/applications/${t.application.id}`} size="xs" truncate>
            {t.application.name}
          </Anchor>
        ) : (
          <Text size="xs" truncate>
            {t.application.name}
          </Text>
        ))}
      {showPartner && t.partner && (
        <Badge size="xs" variant="light" color="grape" tt="none">
          {t.partner.name}
        </Badge>
      )}
    </Group>
  );
}

/** The whitelist in one or two short lines: "Any address", or the first entry and "+N". */
function Whitelist({ t }: { t: TokenFieldsFragment }) {
  if (t.whitelist.length === 0)
    return (
      <Tooltip label="No whitelist: the token works from any address">
        <Badge size="sm" variant="light" color="orange" tt="none">
          Any address
        </Badge>
      </Tooltip>
    );
  const first = t.whitelist[0]!;
  const pending = t.whitelist.filter((w) => w.status === 'PENDING').length;
  return (
    <Tooltip
      label={
        <Stack gap={0}>
          {t.whitelist.map((w) => (
            <Text key={w.id} size="xs" ff="monospace">
              {w.cidr} {w.status !== 'APPROVED' ? `(${w.status.toLowerCase()})` : ''}
            </Text>
          ))}
        </Stack>
      }
    >
      <Stack gap={0} align="flex-start">
        <Group gap={4} wrap="nowrap">
          <Text ff="monospace" size="xs">
            {first.cidr}
          </Text>
          {t.whitelist.length > 1 && (
            <Text size="xs" c="dimmed">
              +{t.whitelist.length - 1}
            </Text>
          )}
        </Group>
        {pending > 0 && (
          <Badge size="xs" color={entryColor.PENDING} variant="light">
            {pending} pending
          </Badge>
        )}
      </Stack>
    </Tooltip>
  );
}

/** A moment in two short lines (line over note), its date and time in a tooltip; "Never" when there is none. */
function Moment({ at, line, note }: { at: string | null | undefined; line: (at: string) => ReactNode; note: (at: string) => ReactNode }) {
  if (!at)
    return (
      <Text size="sm" c="dimmed">
        Never
      </Text>
    );
  return (
    <Tooltip label={formatDateTime(at)}>
      <div>
        <Text size="sm">{line(at)}</Text>
        {note(at)}
      </div>
    </Tooltip>
  );
}

/** A token's expiry: the date, and how far off it is (or "Never"). */
export function Expiry({ t }: { t: Pick<TokenFieldsFragment, 'expiresAt'> }) {
  return (
    <Moment
      at={t.expiresAt}
      line={formatDate}
      note={(at) => (
        <Text size="xs" c="dimmed">
          {relative(at)}
        </Text>
      )}
    />
  );
}

/** When a token was last used, and from where (or "Never"). */
export function LastUsed({ t }: { t: Pick<TokenFieldsFragment, 'lastUsedAt' | 'lastUsedIp'> }) {
  return (
    <Moment
      at={t.lastUsedAt}
      line={relative}
      note={() => (
        <Text size="xs" c="dimmed" ff="monospace">
          {t.lastUsedIp}
        </Text>
      )}
    />
  );
}

/** The row's actions: edit and delete at hand, the rarer ones in the "⋯" menu. */
function Actions({ t, writable, actions }: { t: TokenFieldsFragment; writable: boolean; actions: RowActions }) {
  const can = writable && changeable(t);
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      {writable && (
        <>
          <Tooltip label={can ? 'Edit' : t.status === 'REVOKED' ? 'A revoked token cannot be changed' : 'Its role grants more than you hold'}>
            <ActionIcon variant="subtle" color="gray" aria-label={`Edit token ${t.name}`} onClick={() => actions.edit(t)} disabled={!can}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label={`Delete token ${t.name}`} onClick={() => actions.remove(t)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </>
      )}
      <RowMenu label={t.name}>
        <Menu.Item leftSection={<IconEye size={14} />} component={Link} to={`/tokens/${t.id}`}>
          Details
        </Menu.Item>
        {writable && can && (
          <>
            <Menu.Item leftSection={<IconRefresh size={14} />} onClick={() => actions.regenerate(t)}>
              Regenerate
            </Menu.Item>
            <Menu.Item leftSection={<IconBan size={14} />} color="orange" onClick={() => actions.revoke(t)}>
              Revoke
            </Menu.Item>
          </>
        )}
      </RowMenu>
    </Group>
  );
}

/** One line of a token's card: a narrow label, then the value. */
function CardField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={70} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      {children}
    </Group>
  );
}

function Name({ t, writable, onEdit }: { t: TokenFieldsFragment; writable: boolean; onEdit: () => void }) {
  // The name opens the editor to those who may change the token, else the token's page.
  if (writable && changeable(t))
    return (
      <Anchor component="button" type="button" fw={600} size="sm" onClick={onEdit} ta="left">
        {t.name}
      </Anchor>
    );
  return (
    <Anchor component={Link} to={`/tokens/${t.id}`} fw={600} size="sm">
      {t.name}
    </Anchor>
  );
}

/**
 * The tokens of a page: a compact sortable table with row checkboxes on wide screens, one card
 * per token on a phone (no sideways scrolling).
 */
export function TokenList({ tokens, writable, linkApplications, showPartner, selected, onSelect, sort, onSort, actions, dim }: Props) {
  const selectable = writable ? tokens.filter(changeable) : [];
  const all = selectable.length > 0 && selectable.every((t) => selected.has(t.id));
  const some = selectable.some((t) => selected.has(t.id));
  const check = (t: TokenFieldsFragment) =>
    writable && (
      <Checkbox
        aria-label={`Select ${t.name}`}
        checked={selected.has(t.id)}
        disabled={!changeable(t)}
        onChange={(e) => onSelect([t], e.currentTarget.checked)}
      />
    );
  return (
    <>
      <Table verticalSpacing={6} highlightOnHover visibleFrom="md" style={{ opacity: dim ? 0.6 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            {writable && (
              <Table.Th w={36}>
                <Checkbox aria-label="Select every token of this page" checked={all} indeterminate={some && !all} disabled={selectable.length === 0} onChange={(e) => onSelect(selectable, e.currentTarget.checked)} />
              </Table.Th>
            )}
            <SortHeader field="NAME" sort={sort} onSort={onSort}>
              Token
            </SortHeader>
            <Table.Th>Role and permissions</Table.Th>
            <Table.Th>Whitelist</Table.Th>
            <SortHeader field="EXPIRES_AT" sort={sort} onSort={onSort} w={130}>
              Expires
            </SortHeader>
            <Table.Th w={110}>Status</Table.Th>
            <SortHeader field="LAST_USED_AT" sort={sort} onSort={onSort} w={140}>
              Last used
            </SortHeader>
            <Table.Th w={writable ? 110 : 50}>
              <Text size="sm" fw={700} ta="right">
                Actions
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((t) => (
            <Table.Tr key={t.id} bg={selected.has(t.id) ? 'var(--mantine-color-indigo-light)' : undefined}>
              {writable && <Table.Td>{check(t)}</Table.Td>}
              <Table.Td maw={300}>
                <Name t={t} writable={writable} onEdit={() => actions.edit(t)} />
                <Origin t={t} linkApplications={linkApplications} showPartner={showPartner} />
              </Table.Td>
              <Table.Td maw={320}>
                <Text size="sm" lineClamp={1}>
                  {t.role.name}
                </Text>
                <Scopes permissions={t.role.permissions} all={t.role.allPermissions} max={1} inline />
              </Table.Td>
              <Table.Td>
                <Whitelist t={t} />
              </Table.Td>
              <Table.Td>
                <Expiry t={t} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={t.status} />
              </Table.Td>
              <Table.Td>
                <LastUsed t={t} />
              </Table.Td>
              <Table.Td>
                <Actions t={t} writable={writable} actions={actions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack hiddenFrom="md" gap="sm" style={{ opacity: dim ? 0.6 : 1 }}>
        {tokens.map((t) => (
          <Paper key={t.id} withBorder radius="md" p="sm" component="article" aria-label={t.name} bg={selected.has(t.id) ? 'var(--mantine-color-indigo-light)' : undefined}>
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Group gap="xs" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
                  {check(t)}
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Name t={t} writable={writable} onEdit={() => actions.edit(t)} />
                    <Origin t={t} linkApplications={linkApplications} showPartner={showPartner} />
                  </Stack>
                </Group>
                <StatusBadge status={t.status} style={{ flexShrink: 0 }} />
              </Group>
              <CardField label="Role">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm">{t.role.name}</Text>
                  <Scopes permissions={t.role.permissions} all={t.role.allPermissions} max={1} inline />
                </Stack>
              </CardField>
              <CardField label="Whitelist">
                <Whitelist t={t} />
              </CardField>
              <CardField label="Expires">
                <Expiry t={t} />
              </CardField>
              <Group justify="space-between" wrap="nowrap" align="flex-end">
                <CardField label="Last used">
                  <LastUsed t={t} />
                </CardField>
                <Actions t={t} writable={writable} actions={actions} />
              </Group>
            </Stack>
          </Paper>
        ))}
      </Stack>
    </>
  );
}
