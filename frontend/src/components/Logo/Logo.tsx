import { Group, Text } from '@mantine/core';

/** Keyward's mark and name. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-indigo-6)" />
        <circle cx="12" cy="16" r="5.5" fill="none" stroke="#fff" strokeWidth="3" />
        <path d="M17 16h10M23 16v5M27 16v4" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <Text fw={700} size="lg" style={{ letterSpacing: '-0.01em' }}>
        Keyward
      </Text>
    </Group>
  );
}
