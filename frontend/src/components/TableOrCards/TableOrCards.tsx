import type { ReactNode } from 'react';
import { Stack, Table } from '@mantine/core';

/**
 * A list as a table on a wide screen and as one card per row on a phone, instead of a table that
 * scrolls sideways. head holds the header cells, rows the table's rows, cards the phone's cards;
 * dim greys both while a new page loads.
 */
export function TableOrCards({ head, rows, cards, dim = false }: { head: ReactNode; rows: ReactNode; cards: ReactNode; dim?: boolean }) {
  return (
    <>
      <Table.ScrollContainer minWidth={760} visibleFrom="sm">
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>{head}</Table.Tr>
          </Table.Thead>
          <Table.Tbody style={{ opacity: dim ? 0.6 : 1 }}>{rows}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack hiddenFrom="sm" gap="sm" style={{ opacity: dim ? 0.6 : 1 }}>
        {cards}
      </Stack>
    </>
  );
}
