import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';

/** One day of uses, as the server counts them (day: YYYY-MM-DD, UTC). */
export interface Day {
  day: string;
  ok: number;
  refused: number;
}

const dayFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * Successful and refused uses per day, stacked. It pulls in recharts, so it is only ever loaded
 * lazily (LazyUsageChart): the pages' own chunks stay small.
 */
export default function UsageChart({ days, h = 220 }: { days: Day[]; h?: number }) {
  const data = days.map((d) => ({ day: dayFmt.format(new Date(`${d.day}T00:00:00Z`)), Successful: d.ok, Refused: d.refused }));
  return (
    <BarChart
      h={h}
      data={data}
      dataKey="day"
      type="stacked"
      withLegend
      legendProps={{ verticalAlign: 'top', height: 36 }}
      gridAxis="x"
      maxBarWidth={28}
      series={[
        { name: 'Successful', color: 'teal.6' },
        { name: 'Refused', color: 'red.6' },
      ]}
      yAxisProps={{ allowDecimals: false, width: 40 }}
      xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 12 }}
    />
  );
}
