import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';

/**
 * "Showing 1–25 of 40 tokens" with previous and next; "of more than 10000" when the list stopped
 * counting (exact false). noun is one of what is listed ("token"); plural, when it is not noun
 * with an s.
 */
export function Pager({ from, count, total, exact = true, hasNext, onPrev, onNext, noun, plural = `${noun}s` }: { from: number; count: number; total: number; exact?: boolean; hasNext: boolean; onPrev: () => void; onNext: () => void; noun: string; plural?: string }) {
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed">
        {total === 0 ? `No ${plural}` : `Showing ${from}–${from + count - 1} of ${exact ? '' : 'more than '}${total} ${total === 1 ? noun : plural}`}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={from <= 1} onClick={onPrev}>
          Previous
        </Button>
        <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} />} disabled={!hasNext} onClick={onNext}>
          Next
        </Button>
      </Group>
    </Group>
  );
}
