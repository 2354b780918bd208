import type { ReactNode } from 'react';
import { Stack, Table } from '@mantine/core';

/**
 * A list as a table on a wide screen and as one card per row on a phone, instead of a table that
 * scrolls sideways. head holds the header cells, rows the table's rows, cards the phone's cards;
 * dim greys both while a new page loads. dense draws a long list's table in smaller type and
 * rows; minWidth is where the table, between phone and desktop, starts to scroll.
 */
export function TableOrCards({ head, rows, cards, dim = false, dense = false, minWidth = 760 }: { head: ReactNode; rows: ReactNode; cards: ReactNode; dim?: boolean; dense?: boolean; minWidth?: number }) {
  return (
    <>
      <Table.ScrollContainer minWidth={minWidth} visibleFrom="sm">
        <Table verticalSpacing={dense ? 'xs' : 'sm'} fz={dense ? 'sm' : undefined} highlightOnHover>
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
