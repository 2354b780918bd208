import type { ReactNode } from 'react';
import { Table, UnstyledButton, Group, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { OrderDirection, TokenOrderField } from '../../../gql/graphql';

/** How a token list is sorted; null: newest first, the server's default. */
export type TokenSort = { field: TokenOrderField; direction: OrderDirection } | null;

/**
 * The order after a click on field's header: ascending first, then descending, then back to
 * the default order.
 */
export function nextSort(current: TokenSort, field: TokenOrderField): TokenSort {
  if (!current || current.field !== field) return { field, direction: 'ASC' };
  if (current.direction === 'ASC') return { field, direction: 'DESC' };
  return null;
}

/** A column header that sorts the list by field, saying (aria-sort) how it is sorted now. */
export function SortHeader({ field, sort, onSort, children, w }: { field: TokenOrderField; sort: TokenSort; onSort: (s: TokenSort) => void; children: ReactNode; w?: number }) {
  const active = sort?.field === field;
  const Icon = !active ? IconArrowsSort : sort.direction === 'ASC' ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th w={w} aria-sort={active ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(nextSort(sort, field))}>
        <Group gap={4} wrap="nowrap">
          <Text fw={700} size="sm">
            {children}
          </Text>
          <Icon size={14} stroke={1.5} color={active ? 'var(--mantine-color-indigo-6)' : 'var(--mantine-color-gray-5)'} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
