import { Anchor, Badge, Group, Popover, SimpleGrid, Stack, Text } from '@mantine/core';
import { byModule } from '../PermissionMatrix/PermissionMatrix';

function ModuleLine({ module, actions }: { module: string; actions: string[] }) {
  return (
    <Text size="xs" lineClamp={1} title={`${module}: ${actions.join(', ')}`}>
      <Text span fw={600} size="xs">
        {module}
      </Text>
      : {actions.join(', ')}
    </Text>
  );
}

/**
 * A role's modules and actions for a list row: the first few, then "+N" opening the rest.
 * Everything is aligned to the start of the cell, the "+N" included.
 */
export function Scopes({ permissions, all, max = 2, inline = false }: { permissions: string[]; all: boolean; max?: number; inline?: boolean }) {
  if (all) return <Badge variant="light">All permissions</Badge>;
  if (permissions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  const entries = byModule(permissions);
  const shown = entries.slice(0, max);
  // Inline: the modules shown and the "+N" on one line, for a compact row.
  const Wrap = inline ? Group : Stack;
  return (
    <Wrap gap={inline ? 6 : 2} align={inline ? 'baseline' : 'flex-start'} style={{ minWidth: 0, flexWrap: 'nowrap' }}>
      {shown.map(([m, as]) => (
        <ModuleLine key={m} module={m} actions={as} />
      ))}
      {entries.length > shown.length && (
        <Popover width={320} position="bottom-start" withArrow shadow="md">
          <Popover.Target>
            <Anchor component="button" type="button" size="xs" ta="left" style={{ flexShrink: 0 }} aria-label={inline ? `+${entries.length - shown.length} more modules` : undefined} onClick={(e) => e.stopPropagation()}>
              +{entries.length - shown.length}
              {inline ? '' : ' Show all'}
            </Anchor>
          </Popover.Target>
          <Popover.Dropdown onClick={(e) => e.stopPropagation()}>
            <Stack gap={4}>
              {entries.map(([m, as]) => (
                <ModuleLine key={m} module={m} actions={as} />
              ))}
            </Stack>
          </Popover.Dropdown>
        </Popover>
      )}
    </Wrap>
  );
}

/** Every permission of a role, one block per module: for a page with room to show them all. */
export function PermissionGroups({ permissions, all }: { permissions: string[]; all: boolean }) {
  if (all) return <Badge variant="light">All permissions, on every module</Badge>;
  if (permissions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        The role grants no permission: the token authenticates but may call nothing.
      </Text>
    );
  return (
    <SimpleGrid cols={{ base: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
      {byModule(permissions).map(([m, as]) => (
        <Stack key={m} gap={4} data-testid="permission-module">
          <Text size="sm" fw={600}>
            {m}
          </Text>
          <Group gap={4}>
            {as.map((a) => (
              <Badge key={a} variant="light" color="gray" tt="none" size="sm">
                {a}
              </Badge>
            ))}
          </Group>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
