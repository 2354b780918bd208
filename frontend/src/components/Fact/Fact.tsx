import type { ReactNode } from 'react';
import { Stack, Text } from '@mantine/core';

/** One fact of a detail page: a small capitalised label over its value. miw 0 lets a long value wrap in a grid. */
export function Fact({ label, children, miw }: { label: string; children: ReactNode; miw?: number }) {
  return (
    <Stack gap={2} miw={miw}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}
