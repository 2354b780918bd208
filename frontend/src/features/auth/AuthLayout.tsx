import type { ReactNode } from 'react';
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { Logo } from '../../components/Logo/Logo';

/** The centred card of the set-up and sign-in pages. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)" p="md">
      <Stack w="100%" maw={420} gap="lg">
        <Center>
          <Logo size={34} />
        </Center>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <Stack gap={4} mb="lg">
            <Title order={3}>{title}</Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
