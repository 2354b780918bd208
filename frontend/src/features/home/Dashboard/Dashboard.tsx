import { Link } from 'react-router';
import { Anchor, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconBan, IconChecklist, IconClockExclamation, IconWorld } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { relative } from '../../../lib/dates';
import { errorMessage } from '../../../lib/errors';
import { ErrorState } from '../../../components/States/States';
import { LazyUsageChart, usageSummary } from '../../../components/Charts/LazyUsageChart';
import { labelOf } from '../../../components/Charts/reasons';
import { refusedTokenUses } from '../../audit/filters';
import { DashboardDocument } from './queries';
import { StatCard } from './StatCard';

function Empty({ children }: { children: string }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

/** A short list of names, each a link, with something said beside it. */
function Few({ items }: { items: { key: string; to: string | null; name: string; aside: string }[] }) {
  return (
    <Stack gap={4}>
      {items.map((i) => (
        <Group key={i.key} justify="space-between" wrap="nowrap" gap="xs">
          {i.to ? (
            <Anchor component={Link} to={i.to} size="sm" truncate>
              {i.name}
            </Anchor>
          ) : (
            <Text size="sm" truncate>
              {i.name}
            </Text>
          )}
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {i.aside}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * The figures of the home page, each only for those who may read it (the server leaves out
 * the rest): tokens expiring within the reminder window, approvals waiting on the user,
 * refused uses of the last 24 hours by reason, tokens open to every address, and 14 days of use.
 */
export function Dashboard() {
  const [{ data, error }, refetch] = useQuery({ query: DashboardDocument, requestPolicy: 'cache-and-network' });
  if (error && !data) return <ErrorState message={errorMessage(error)} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data)
    return (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} data-testid="loading">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={190} radius="md" />
        ))}
      </SimpleGrid>
    );
  const { expiringTokens: expiring, pendingApprovals: approvals, refusedLast24h: refused, openTokens: open, usage } = data.dashboard;
  const refusedTotal = refused?.reduce((n, r) => n + r.count, 0) ?? 0;
  const anyCard = expiring || approvals || refused || open;
  if (!anyCard && !usage) return null;
  return (
    <Stack gap="md">
      {anyCard && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: [expiring, approvals, refused, open].filter(Boolean).length >= 4 ? 4 : 3 }}>
          {expiring && <StatCardExpiring expiring={expiring} />}
          {approvals && (
            <StatCard title="Approvals waiting for you" value={approvals.totalCount} caption={approvals.totalCount === 1 ? 'whitelist request to decide' : 'whitelist requests to decide'} icon={<IconChecklist size={18} />} color="yellow" to="/approvals" linkLabel="Open Approvals">
              {approvals.totalCount === 0 ? (
                <Empty>Nothing waits for your decision.</Empty>
              ) : (
                <Few items={approvals.requests.map((r) => ({ key: r.id, to: r.tokenId ? `/tokens/${r.tokenId}` : null, name: `${r.cidr} for ${r.tokenName}`, aside: relative(r.requestedAt) }))} />
              )}
            </StatCard>
          )}
          {refused && (
            <StatCard title="Refused, last 24 hours" value={refusedTotal} caption={refusedTotal === 1 ? 'token use refused' : 'token uses refused'} icon={<IconBan size={18} />} color="red" to={refusedTokenUses} linkLabel="See them in the audit log">
              {refused.length === 0 ? (
                <Empty>No use of a token was refused.</Empty>
              ) : (
                <Few items={refused.slice(0, 5).map((r) => ({ key: r.reason, to: null, name: labelOf(r.reason), aside: r.count.toLocaleString('en-GB') }))} />
              )}
            </StatCard>
          )}
          {open && (
            <StatCard title="Open to every address" value={`${open.totalCount.toLocaleString('en-GB')}${open.totalCountExact ? '' : '+'}`} caption={open.totalCount === 1 ? 'active token without a whitelist' : 'active tokens without a whitelist'} icon={<IconWorld size={18} />} color="orange" to="/tokens?open=1&status=ACTIVE" linkLabel="See them in the list">
              {open.totalCount === 0 ? (
                <Empty>Every active token is held to a whitelist.</Empty>
              ) : (
                <Few items={open.tokens.map((t) => ({ key: t.id, to: `/tokens/${t.id}`, name: t.name, aside: `made ${relative(t.createdAt)}` }))} />
              )}
            </StatCard>
          )}
        </SimpleGrid>
      )}
      {usage && (
        <Paper withBorder radius="md" p="md" component="section" aria-label="Token use, last 14 days">
          <Group justify="space-between" align="flex-start" mb="xs">
            <div>
              <Title order={4}>Token use, last 14 days</Title>
              <Text size="sm" c="dimmed">
                {count(usageSummary(usage).ok, 'successful verification', 'successful verifications')}, {count(usageSummary(usage).refused, 'refused', 'refused')} (days in UTC).
              </Text>
            </div>
            <Anchor component={Link} to="/tokens?sort=LAST_USED_AT&dir=DESC" size="sm">
              Tokens by last use
            </Anchor>
          </Group>
          <LazyUsageChart days={usage} h={200} empty="No token was used in the last 14 days. Uses appear here a few seconds after they happen." />
        </Paper>
      )}
    </Stack>
  );
}

function StatCardExpiring({ expiring }: { expiring: { windowDays: number; totalCount: number; tokens: { id: string; name: string; expiresAt?: string | null }[] } }) {
  return (
    <StatCard
      title="Expiring soon"
      value={expiring.totalCount}
      caption={`active token${expiring.totalCount === 1 ? '' : 's'} expiring within ${expiring.windowDays} days`}
      icon={<IconClockExclamation size={18} />}
      color="orange"
      to="/tokens?status=ACTIVE&sort=EXPIRES_AT&dir=ASC"
      linkLabel="See them in the list"
    >
      {expiring.totalCount === 0 ? (
        <Empty>{`No active token expires in the next ${expiring.windowDays} days.`}</Empty>
      ) : (
        <Few items={expiring.tokens.map((t) => ({ key: t.id, to: `/tokens/${t.id}`, name: t.name, aside: relative(t.expiresAt) }))} />
      )}
    </StatCard>
  );
}

