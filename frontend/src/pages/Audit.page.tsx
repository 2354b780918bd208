import { useEffect, useState } from 'react';
import { Badge, Code, Drawer, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconHistory, IconSearch } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { AuditEventsQuery, AuditOutcome } from '../gql/graphql';
import { formatDateTime, zoneName } from '../lib/dates';
import { errorMessage } from '../lib/errors';
import { useCursorPager } from '../lib/pager';
import { PageHeader } from '../components/PageHeader/PageHeader';
import { EmptyState, ErrorState, TableSkeleton } from '../components/States/States';
import { Pager } from '../components/Pager/Pager';
import { PartnerFilter, usePartnerFilter } from '../components/PartnerSelect/PartnerSelect';

const AuditEventsDocument = graphql(`
  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          actorType
          actor
          action
          targetType
          target
          outcome
          ip
          userAgent
          details
        }
      }
    }
  }
`);

type Event = AuditEventsQuery['auditEvents']['edges'][number]['node'];

const outcomeColor: Record<string, string> = { SUCCESS: 'green', FAILURE: 'orange', DENIED: 'red' };
const PAGE = 50;

function toISO(v: string | Date | null): string | undefined {
  if (!v) return undefined;
  const d = typeof v === 'string' ? new Date(v.replace(' ', 'T')) : v;
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The audit log, newest first, with filters. */
export default function AuditPage() {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [partnerId, setPartnerId] = usePartnerFilter();
  const [da] = useDebouncedValue(actor, 250);
  const [dact] = useDebouncedValue(action, 250);
  const pager = useCursorPager(PAGE);
  const { reset } = pager;
  useEffect(() => reset(), [da, dact, outcome, from, to, partnerId, reset]);
  const filter = { actor: da || undefined, action: dact || undefined, outcome: (outcome as AuditOutcome) ?? undefined, from: toISO(from), to: toISO(to), partnerId: partnerId ?? undefined };
  const [{ data, error, fetching }, refetch] = useQuery({ query: AuditEventsDocument, variables: { filter, first: PAGE, after: pager.after } });
  const [open, setOpen] = useState<Event | null>(null);

  return (
    <>
      <PageHeader title="Audit log" description={`Every sign-in, change, decision and refused token use, newest first. Times in ${zoneName()}.`} />
      <Paper withBorder p="md" radius="md">
        <Group mb="md" gap="sm" align="flex-end">
          <TextInput label="Actor" placeholder="Email or token name" leftSection={<IconSearch size={16} />} value={actor} onChange={(e) => setActor(e.currentTarget.value)} w={220} />
          <TextInput label="Action" placeholder="user.login or token." value={action} onChange={(e) => setAction(e.currentTarget.value)} w={180} />
          <Select
            label="Outcome"
            placeholder="Any"
            data={[
              { value: 'SUCCESS', label: 'Success' },
              { value: 'FAILURE', label: 'Failure' },
              { value: 'DENIED', label: 'Denied' },
            ]}
            value={outcome}
            onChange={setOutcome}
            clearable
            w={140}
          />
          <DateTimePicker label="From" placeholder="Any time" value={from} onChange={setFrom} clearable valueFormat="DD/MM/YYYY HH:mm" w={180} />
          <DateTimePicker label="To" placeholder="Now" value={to} onChange={setTo} clearable valueFormat="DD/MM/YYYY HH:mm" w={180} />
          <PartnerFilter label="Partner" value={partnerId} onChange={setPartnerId} w={200} />
        </Group>
        {error && !data ? (
          <ErrorState message={errorMessage(error)} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : !data ? (
          <TableSkeleton rows={8} />
        ) : data.auditEvents.totalCount === 0 ? (
          <EmptyState title="No events match" icon={<IconHistory size={22} />}>
            Try a wider time range or clear the filters.
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={860}>
              <Table highlightOnHover verticalSpacing="xs" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Actor</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Target</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                    <Table.Th>IP</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody style={{ opacity: fetching ? 0.6 : 1 }}>
                  {data.auditEvents.edges.map(({ node: e }) => (
                    <Table.Tr key={e.id} style={{ cursor: 'pointer' }} onClick={() => setOpen(e)}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{e.actor || '—'}</Text>
                        <Text size="xs" c="dimmed" tt="lowercase">
                          {e.actorType}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Code>{e.action}</Code>
                      </Table.Td>
                      <Table.Td>{e.target || <Text c="dimmed" span size="sm">—</Text>}</Table.Td>
                      <Table.Td>
                        <Badge color={outcomeColor[e.outcome]} variant="light">
                          {e.outcome.toLowerCase()}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text ff="monospace" size="xs">
                          {e.ip}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager from={pager.from} count={data.auditEvents.edges.length} total={data.auditEvents.totalCount} exact={data.auditEvents.totalCountExact} hasNext={data.auditEvents.pageInfo.hasNextPage} onPrev={pager.prev} onNext={() => pager.next(data.auditEvents.pageInfo.endCursor)} noun="events" />
          </>
        )}
      </Paper>
      <Drawer opened={!!open} onClose={() => setOpen(null)} position="right" size="lg" title={<Text fw={600}>{open?.action}</Text>}>
        {open && (
          <Stack gap="sm">
            <Row label="Time" value={formatDateTime(open.at)} />
            <Row label="Actor" value={`${open.actor || '—'} (${open.actorType.toLowerCase()})`} />
            <Row label="Target" value={open.target ? `${open.target} (${open.targetType})` : '—'} />
            <Row label="Outcome" value={open.outcome.toLowerCase()} />
            <Row label="IP" value={open.ip || '—'} />
            <Row label="User agent" value={open.userAgent || '—'} />
            <Text size="sm" fw={600} mt="sm">
              Details
            </Text>
            <Code block>{JSON.stringify(JSON.parse(open.details || '{}'), null, 2)}</Code>
          </Stack>
        )}
      </Drawer>
    </>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="md" align="flex-start" wrap="nowrap">
      <Text size="sm" c="dimmed" w={100}>
        {label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-all' }}>
        {value}
      </Text>
    </Group>
  );
}
