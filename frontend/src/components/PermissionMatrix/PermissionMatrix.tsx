import { Badge, Checkbox, Chip, Group, Stack, Table, Text, Tooltip } from '@mantine/core';

export interface MatrixModule {
  key: string;
  name: string;
  description?: string | null;
  builtin: boolean;
  actions: string[];
}

const order = ['read', 'create', 'update', 'delete', 'write', 'verify', 'approve'];

/** The action of read:own is read: qualified permissions share their action's column. */
function base(action: string): string {
  return action.split(':')[0]!;
}

/** The matrix's columns: every action any module offers, common ones first. */
export function matrixActions(modules: MatrixModule[]): string[] {
  const all = new Set(modules.flatMap((m) => m.actions.map(base)));
  return [...all].sort((a, b) => {
    const ra = order.indexOf(a) === -1 ? 100 : order.indexOf(a);
    const rb = order.indexOf(b) === -1 ? 100 : order.indexOf(b);
    return ra !== rb ? ra - rb : a.localeCompare(b);
  });
}

function label(action: string): string {
  return action.charAt(0).toUpperCase() + action.slice(1).replace(/_/g, ' ');
}

/**
 * A role's permissions as a matrix: modules down, actions across, the way a role permission
 * matrix reads. A row's checkbox toggles the module, a column header the action everywhere.
 */
export function PermissionMatrix({ modules, value, onChange, readOnly = false }: { modules: MatrixModule[]; value: string[]; onChange?: (next: string[]) => void; readOnly?: boolean }) {
  const actions = matrixActions(modules);
  const held = new Set(value);
  const set = (perms: string[], on: boolean) => {
    const next = new Set(held);
    for (const p of perms) {
      if (on) next.add(p);
      else next.delete(p);
    }
    onChange?.([...next].sort());
  };
  const groups: [string, MatrixModule[]][] = [
    ["Keyward's own", modules.filter((m) => m.builtin)],
    ['Your API modules', modules.filter((m) => !m.builtin)],
  ];
  const column = (a: string) => modules.filter((m) => m.actions.includes(a)).map((m) => `${m.key}:${a}`);
  // A row's "all": its plain actions, and a qualified one only where the plain one is not offered.
  const rowPerms = (m: MatrixModule) => m.actions.filter((a) => !a.includes(':') || !m.actions.includes(base(a))).map((a) => `${m.key}:${a}`);

  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder withColumnBorders verticalSpacing="xs" aria-label="Permission matrix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Module</Table.Th>
            {actions.map((a) => {
              const perms = column(a);
              const count = perms.filter((p) => held.has(p)).length;
              return (
                <Table.Th key={a} ta="center" w={92}>
                  <Group gap={4} justify="center" wrap="nowrap">
                    <Checkbox
                      size="xs"
                      aria-label={`All ${a}`}
                      checked={readOnly || (count > 0 && count === perms.length)}
                      indeterminate={!readOnly && count > 0 && count < perms.length}
                      disabled={readOnly}
                      onChange={(e) => set(perms, e.currentTarget.checked)}
                    />
                    <Text size="xs" fw={600}>
                      {label(a)}
                    </Text>
                  </Group>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map(([title, ms]) =>
            ms.length === 0
              ? null
              : [
                  <Table.Tr key={title} bg="var(--mantine-color-gray-0)">
                    <Table.Td colSpan={actions.length + 1}>
                      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                        {title}
                      </Text>
                    </Table.Td>
                  </Table.Tr>,
                  ...ms.map((m) => {
                    const perms = rowPerms(m);
                    const count = perms.filter((p) => held.has(p)).length;
                    return (
                      <Table.Tr key={m.key}>
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Checkbox
                              size="xs"
                              aria-label={`All of ${m.name}`}
                              checked={readOnly || (count > 0 && count === perms.length)}
                              indeterminate={!readOnly && count > 0 && count < perms.length}
                              disabled={readOnly}
                              onChange={(e) => set(perms, e.currentTarget.checked)}
                            />
                            <div>
                              <Text size="sm" fw={500}>
                                {m.name}
                              </Text>
                              {m.description && (
                                <Text size="xs" c="dimmed" lineClamp={1}>
                                  {m.description}
                                </Text>
                              )}
                            </div>
                          </Group>
                        </Table.Td>
                        {actions.map((a) => {
                          const p = `${m.key}:${a}`;
                          const qualifiers = m.actions.filter((x) => x.startsWith(`${a}:`)).map((x) => x.slice(a.length + 1));
                          return (
                            <Table.Td key={a} ta="center">
                              {m.actions.includes(a) || qualifiers.length > 0 ? (
                                <Stack gap={4} align="center">
                                  {m.actions.includes(a) && (
                                    <Tooltip label={p} openDelay={400}>
                                      <Checkbox
                                        aria-label={p}
                                        checked={readOnly || held.has(p)}
                                        disabled={readOnly}
                                        onChange={(e) => set([p], e.currentTarget.checked)}
                                        style={{ display: 'inline-block' }}
                                      />
                                    </Tooltip>
                                  )}
                                  {qualifiers.map((q) => (
                                    <QualifierChip key={q} permission={`${p}:${q}`} qualifier={q} held={readOnly || held.has(`${p}:${q}`)} readOnly={readOnly} onChange={(on) => set([`${p}:${q}`], on)} />
                                  ))}
                                </Stack>
                              ) : (
                                <Text c="gray.4" size="xs" aria-hidden>
                                  —
                                </Text>
                              )}
                            </Table.Td>
                          );
                        })}
                      </Table.Tr>
                    );
                  }),
                ],
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A qualified permission (transactions:read:own) as a badge in its action's cell: it grants
 * the action limited to the qualifier.
 */
function QualifierChip({ permission, qualifier, held, readOnly, onChange }: { permission: string; qualifier: string; held: boolean; readOnly: boolean; onChange: (on: boolean) => void }) {
  if (readOnly) {
    return held ? (
      <Badge size="xs" variant="light" tt="none" title={permission}>
        {qualifier}
      </Badge>
    ) : null;
  }
  return (
    <Tooltip label={`${permission}: the action, limited to "${qualifier}"`} openDelay={400}>
      <Chip size="xs" checked={held} onChange={onChange} aria-label={permission}>
        {qualifier}
      </Chip>
    </Tooltip>
  );
}

/** Permissions grouped by module, each action as people read it: read, or read (own). */
export function byModule(permissions: string[]): [string, string[]][] {
  const out = new Map<string, string[]>();
  for (const p of permissions) {
    const i = p.indexOf(':');
    const [m, a] = [p.slice(0, i), p.slice(i + 1)];
    const [act, q] = a.split(':');
    out.set(m, [...(out.get(m) ?? []), q ? `${act} (${q})` : act!]);
  }
  return [...out.entries()];
}

/** A compact summary of a permission list: "Clients: read, create · Logs: read". */
export function PermissionSummary({ permissions, max = 3 }: { permissions: string[]; max?: number }) {
  const entries = byModule(permissions);
  return (
    <Group gap={4}>
      {entries.slice(0, max).map(([m, as]) => (
        <Badge key={m} variant="light" color="gray" tt="none">
          {m}: {as.join(', ')}
        </Badge>
      ))}
      {entries.length > max && (
        <Badge variant="outline" color="gray" tt="none">
          +{entries.length - max} more
        </Badge>
      )}
    </Group>
  );
}
