import type { ReactNode } from 'react';
import { Alert, Button, Center, Paper, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';

/** Placeholder rows while a table loads. */
export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Stack gap="xs" data-testid="loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={36} radius="sm" />
      ))}
    </Stack>
  );
}

/** An error with a way to try again. */
export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <Alert color="red" title="Could not load this page" variant="light">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/** Nothing to show yet, and what to do about it. */
export function EmptyState({ title, children, action, icon }: { title: string; children?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Center>
        <Stack align="center" gap="xs" maw={420}>
          {icon && (
            <ThemeIcon size={44} radius="xl" variant="light">
              {icon}
            </ThemeIcon>
          )}
          <Text fw={600}>{title}</Text>
          {children && (
            <Text c="dimmed" size="sm" ta="center">
              {children}
            </Text>
          )}
          {action}
        </Stack>
      </Center>
    </Paper>
  );
}
