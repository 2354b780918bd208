import type { ReactNode } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';

/** A page that stands in for one that cannot be shown: the status code, what happened, the ways on. */
export function StatusPage({ code, title, children, actions }: { code: number; title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <Stack align="center" mt={80} gap="sm" px="md" ta="center">
      <Text fz={64} fw={800} c="indigo.2" lh={1} aria-hidden>
        {code}
      </Text>
      <Title order={3} id="status-title" maw={560}>
        {title}
      </Title>
      {children && (
        <Stack gap={6} maw={520} c="dimmed" fz="sm">
          {children}
        </Stack>
      )}
      {actions && (
        <Group mt="sm" justify="center">
          {actions}
        </Group>
      )}
    </Stack>
  );
}
