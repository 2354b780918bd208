import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';

/**
 * One figure of the home page: what it counts, the number, a few of the things counted, and a
 * link to the list they come from, filtered the same way.
 */
export function StatCard({
  title,
  value,
  caption,
  icon,
  color,
  to,
  linkLabel,
  children,
}: {
  title: string;
  value: ReactNode;
  caption: ReactNode;
  icon: ReactNode;
  color: string;
  to: string;
  linkLabel: string;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm" fw={600} c="dimmed">
            {title}
          </Text>
          <ThemeIcon variant="light" color={color} radius="md" size={32}>
            {icon}
          </ThemeIcon>
        </Group>
        <div>
          <Text fz={32} fw={700} lh={1.1} data-testid="figure">
            {value}
          </Text>
          <Text size="xs" c="dimmed">
            {caption}
          </Text>
        </div>
        <div style={{ flex: 1 }}>{children}</div>
        <Anchor component={Link} to={to} size="sm" fw={500}>
          <Group gap={4} wrap="nowrap">
            {linkLabel}
            <IconArrowRight size={14} />
          </Group>
        </Anchor>
      </Stack>
    </Paper>
  );
}
