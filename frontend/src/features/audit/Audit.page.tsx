import { useEffect, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { Badge, Code, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { IconHistory, IconSearch } from '@tabler/icons-react';
import { useQuery } from 'urql';
import type { AuditEventFieldsFragment } from '../../gql/graphql';
import { formatDateTime, zoneName } from '../../lib/dates';
import { errorCode } from '../../lib/errors';
import { useListPage } from '../../lib/listPage';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { EmptyState, TableSkeleton } from '../../components/States/States';
import { Loaded } from '../../components/States/Loaded';
import { TableOrCards } from '../../components/TableOrCards/TableOrCards';
import { PageError } from '../../components/StatusPage/Forbidden';
import { Pager } from '../../components/Pager/Pager';
import { PartnerFilter, usePartnerFilter } from '../../components/PartnerSelect/PartnerSelect';
import { AuditEventDrawer, outcomeColor } from './AuditEventDrawer';
import { AuditEventsDocument } from './queries';
import { auditFilters, withAuditFilters, type AuditFilters } from './filters';

const PAGE = 50;

/** Who acted, and as what (user, token, system). */
function Actor({ e }: { e: AuditEventFieldsFragment }) {
  return (
    <div>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {e.actor || '—'}
      </Text>
      <Text size="xs" c="dimmed" tt="lowercase">
        {e.actorType}
      </Text>
    </div>
  );
}

function Outcome({ e }: { e: AuditEventFieldsFragment }) {
  return (
    <Badge color={outcomeColor[e.outcome]} variant="light" style={{ flexShrink: 0 }}>
      {e.outcome.toLowerCase()}
    </Badge>
  );
}
const outcomes = [
  { value: 'SUCCESS', label: 'Success' },
  { value: 'FAILURE', label: 'Failure' },
  { value: 'DENIED', label: 'Denied' },
];

function toISO(v: string | Date | null): string | undefined {
  if (!v) return undefined;
  const d = typeof v === 'string' ? new Date(v.replace(' ', 'T')) : v;
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

// Marks the address changes the page makes itself, as the filters are changed.
const ownChange = { auditFilters: true };

/**
 * The filters live in the address (?action=token.use&outcome=denied), so that a link opens the
 * audit log filtered. A filter changed here is written there; an address the user comes to from
 * elsewhere (a link, the sidebar's Audit log) sets the filters.
 */
function useAddressFilters(list: { values: AuditFilters; set: <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => void }) {
  const [params, setParams] = useSearchParams();
  const { key, state } = useLocation();
  const own = (state as typeof ownChange | null)?.auditFilters === true;
  const addressed = JSON.stringify(auditFilters(params));
  const { values, set } = list;
  useEffect(() => {
    if (own) return;
    const f = JSON.parse(addressed) as AuditFilters;
    for (const k of Object.keys(f) as (keyof AuditFilters)[]) if (f[k] !== values[k]) set(k, f[k]);
    // Only when the address changes: values is what the address is compared with, not a cause.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, own, addressed, set]);
  return <K extends keyof AuditFilters>(k: K, v: AuditFilters[K]) => {
    set(k, v);
    setParams((p) => withAuditFilters(p, { ...auditFilters(p), [k]: v }), { replace: true, state: ownChange });
  };
}

/** The audit log, newest first, with filters taken from and kept in the address. */
export default function AuditPage() {
  const [params] = useSearchParams();
  const [partnerId, setPartnerId] = usePartnerFilter();
  const list = useListPage(auditFilters(params), { pageSize: PAGE, debounce: ['actor', 'action'], extra: { partnerId } });
  const setFilter = useAddressFilters(list);
  const { actor, action, outcome, from, to } = list.applied;
  const filter = { actor: actor || undefined, action: action || undefined, outcome: outcome ?? undefined, from: toISO(from), to: toISO(to), partnerId: partnerId ?? undefined };
  const query = useQuery({ query: AuditEventsDocument, variables: { filter, ...list.variables } });
  const [{ data, error, fetching }] = query;
  const [open, setOpen] = useState<AuditEventFieldsFragment | null>(null);

  if (error && !data && errorCode(error) === 'FORBIDDEN') return <PageError error={error} />;
  return (
    <>
      <PageHeader title="Audit log" description={`Every sign-in, change, decision and refused token use, newest first. Times in ${zoneName()}.`} />
      <Paper withBorder p="md" radius="md">
        <Group mb="md" gap="sm" align="flex-end">
          <TextInput label="Actor" placeholder="Email or token name" leftSection={<IconSearch size={16} />} value={list.values.actor} onChange={(e) => setFilter('actor', e.currentTarget.value)} w={{ base: '100%', xs: 220 }} />
          <TextInput label="Action" placeholder="user.login or token." value={list.values.action} onChange={(e) => setFilter('action', e.currentTarget.value)} w={{ base: '100%', xs: 180 }} />
          <Select label="Outcome" placeholder="Any" data={outcomes} value={list.values.outcome} onChange={(v) => setFilter('outcome', v as AuditFilters['outcome'])} clearable w={{ base: '100%', xs: 140 }} />
          <DateTimePicker label="From" placeholder="Any time" value={list.values.from} onChange={(v) => setFilter('from', v)} clearable valueFormat="DD/MM/YYYY HH:mm" w={{ base: '100%', xs: 180 }} />
          <DateTimePicker label="To" placeholder="Now" value={list.values.to} onChange={(v) => setFilter('to', v)} clearable valueFormat="DD/MM/YYYY HH:mm" w={{ base: '100%', xs: 180 }} />
          <PartnerFilter label="Partner" value={partnerId} onChange={setPartnerId} w={{ base: '100%', xs: 200 }} />
        </Group>
        <Loaded
          query={query}
          loading={<TableSkeleton rows={8} />}
          empty={
            data?.auditEvents.totalCount === 0 && (
              <EmptyState title="No events match" icon={<IconHistory size={22} />}>
                Try a wider time range or clear the filters.
              </EmptyState>
            )
          }
        >
          {(data) => (
            <>
              <TableOrCards
                dim={fetching}
                dense
                minWidth={860}
                head={
                  <>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Actor</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Target</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                    <Table.Th>IP</Table.Th>
                  </>
                }
                rows={data.auditEvents.edges.map(({ node: e }) => (
                  <Table.Tr key={e.id} style={{ cursor: 'pointer' }} onClick={() => setOpen(e)}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                    <Table.Td>
                      <Actor e={e} />
                    </Table.Td>
                    <Table.Td>
                      <Code>{e.action}</Code>
                    </Table.Td>
                    <Table.Td>{e.target || <Text c="dimmed" span size="sm">—</Text>}</Table.Td>
                    <Table.Td>
                      <Outcome e={e} />
                    </Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="xs">
                        {e.ip}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
                cards={data.auditEvents.edges.map(({ node: e }) => (
                  <Paper key={e.id} withBorder radius="md" p="sm" component="article" aria-label={`${e.action} ${formatDateTime(e.at)}`} style={{ cursor: 'pointer' }} onClick={() => setOpen(e)}>
                    <Stack gap={6}>
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Code style={{ overflowWrap: 'anywhere' }}>{e.action}</Code>
                        <Outcome e={e} />
                      </Group>
                      <Actor e={e} />
                      {e.target && (
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          <Text span size="xs" c="dimmed">
                            on{' '}
                          </Text>
                          {e.target}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {formatDateTime(e.at)}
                        {e.ip && ` · from ${e.ip}`}
                      </Text>
                    </Stack>
                  </Paper>
                ))}
              />
              <Pager {...list.pager(data.auditEvents)} noun="event" />
            </>
          )}
        </Loaded>
      </Paper>
      <AuditEventDrawer event={open} onClose={() => setOpen(null)} />
    </>
  );
}
