import { Box, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { Day } from './UsageChart';

const dayFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const label = (d: string) => dayFmt.format(new Date(`${d}T00:00:00Z`));

/** The width of the axis labels' column. */
const AXIS = 40;

function Swatch({ color, children }: { color: string; children: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box w={10} h={10} bg={color} style={{ borderRadius: 2 }} />
      <Text size="xs">{children}</Text>
    </Group>
  );
}

/**
 * Successful and refused uses per day as plain stacked bars, with no charting library: for the
 * home page, which must load no more than the signed-in shell's budget (the token page draws
 * its 30 days with @mantine/charts, loaded on demand).
 */
export function DayBars({ days, h = 160 }: { days: Day[]; h?: number }) {
  const max = Math.max(1, ...days.map((d) => d.ok + d.refused));
  const ends = days.length > 0 ? [days[0]!, days[Math.floor((days.length - 1) / 2)]!, days[days.length - 1]!] : [];
  return (
    <Stack gap={6}>
      <Group gap="md" justify="flex-end">
        <Swatch color="teal.6">Successful</Swatch>
        <Swatch color="red.6">Refused</Swatch>
      </Group>
      <Group gap={0} wrap="nowrap" align="stretch">
        <Stack justify="space-between" align="flex-end" h={h} w={AXIS} pr={6} style={{ flexShrink: 0 }}>
          <Text size="xs" c="dimmed" lh={1}>
            {max.toLocaleString('en-GB')}
          </Text>
          <Text size="xs" c="dimmed" lh={1}>
            0
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap" align="flex-end" h={h} style={{ flex: 1, borderBottom: '1px solid var(--mantine-color-gray-3)', borderTop: '1px dashed var(--mantine-color-gray-3)' }}>
          {days.map((d) => (
            <Tooltip key={d.day} label={`${label(d.day)}: ${d.ok.toLocaleString('en-GB')} successful, ${d.refused.toLocaleString('en-GB')} refused`}>
              <Stack gap={0} justify="flex-end" align="center" h="100%" style={{ flex: 1, minWidth: 0, cursor: 'default' }} data-testid="day-bar">
                {d.refused > 0 && <Box bg="red.6" w="100%" maw={36} h={`${(d.refused / max) * 100}%`} style={{ borderRadius: d.ok ? '2px 2px 0 0' : 2 }} />}
                {d.ok > 0 && <Box bg="teal.6" w="100%" maw={36} h={`${(d.ok / max) * 100}%`} style={{ borderRadius: d.refused ? 0 : '2px 2px 0 0' }} />}
              </Stack>
            </Tooltip>
          ))}
        </Group>
      </Group>
      <Group justify="space-between" wrap="nowrap" pl={AXIS}>
        {ends.map((d, i) => (
          <Text key={i} size="xs" c="dimmed">
            {label(d.day)}
          </Text>
        ))}
      </Group>
    </Stack>
  );
}
