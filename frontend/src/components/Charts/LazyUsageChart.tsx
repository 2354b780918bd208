import { lazy, Suspense } from 'react';
import { Skeleton, Text } from '@mantine/core';
import type { Day } from './UsageChart';

const UsageChart = lazy(() => import('./UsageChart'));

/** What the days add up to: "120 successful and 4 refused uses". */
export function usageSummary(days: Day[]): { ok: number; refused: number; text: string } {
  const ok = days.reduce((n, d) => n + d.ok, 0);
  const refused = days.reduce((n, d) => n + d.refused, 0);
  const fmt = (n: number) => n.toLocaleString('en-GB');
  return { ok, refused, text: `${fmt(ok)} successful and ${fmt(refused)} refused use${refused === 1 ? '' : 's'} in ${days.length} days` };
}

/**
 * The usage chart, loaded on demand (the charting library is large), with its figures said in
 * words for screen readers and while it loads. A period without any use says so instead.
 * The home page and the token page share it; the size check counts its chunk as a step of its
 * own (frontend/scripts/bundle-size.mjs), after the signed-in shell.
 */
export function LazyUsageChart({ days, h = 220, empty }: { days: Day[]; h?: number; empty: string }) {
  const sum = usageSummary(days);
  if (sum.ok + sum.refused === 0)
    return (
      <Text size="sm" c="dimmed" py="md">
        {empty}
      </Text>
    );
  return (
    <div role="img" aria-label={`Uses per day: ${sum.text}`}>
      <Suspense fallback={<Skeleton h={h} radius="md" />}>
        <UsageChart days={days} h={h} />
      </Suspense>
    </div>
  );
}
