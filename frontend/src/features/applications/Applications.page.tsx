import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Badge, Button, Card, Group, Paper, SimpleGrid, Skeleton, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconApps, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ApplicationFieldsFragment } from '../../gql/graphql';
import { useAuth } from '../../lib/auth';
import { formatDate } from '../../lib/dates';
import { errorCode } from '../../lib/errors';
import { useListPage } from '../../lib/listPage';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { EmptyState } from '../../components/States/States';
import { Loaded } from '../../components/States/Loaded';
import { PageError } from '../../components/StatusPage/Forbidden';
import { Pager } from '../../components/Pager/Pager';
import { ClientId } from './ClientId/ClientId';
import { ApplicationDrawer } from './ApplicationForm/ApplicationDrawer';
import { PartnerFilter, usePartnerFilter } from '../../components/PartnerSelect/PartnerSelect';

const ApplicationsDocument = graphql(`
  query Applications($filter: ApplicationFilter, $first: Int, $after: String, $counts: Boolean!) {
    applications(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...ApplicationFields
          liveTokenCount @include(if: $counts)
        }
      }
    }
  }
`);

const PAGE = 24;

/** One application as a card: what it is, whose, and its client id. */
export function ApplicationCard({ app, showPartner }: { app: ApplicationFieldsFragment & { liveTokenCount?: number }; showPartner: boolean }) {
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-label={app.name}>
      <Stack gap="sm" h="100%">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" size={38} radius="md">
            <IconApps size={20} />
          </ThemeIcon>
          <Stack gap={2} miw={0} style={{ flex: 1 }}>
            <Anchor component={Link} to={`/applications/${app.id}`} fw={600} c="var(--mantine-color-text)" style={{ overflowWrap: 'anywhere' }}>
              {app.name}
            </Anchor>
            {showPartner &&
              (app.partner ? (
                <Badge variant="light" color="grape" tt="none" fw={500} maw="100%">
                  {app.partner.name}
                </Badge>
              ) : (
                <Badge variant="light" color="gray" tt="none" fw={500}>
                  Organisation's own
                </Badge>
              ))}
          </Stack>
        </Group>
        <Text size="sm" c={app.description ? undefined : 'dimmed'} lineClamp={2} style={{ flex: 1 }}>
          {app.description || 'No description.'}
        </Text>
        <Stack gap={2}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Client id
          </Text>
          <ClientId value={app.clientId} size="xs" />
        </Stack>
        <Text size="xs" c="dimmed">
          Created {formatDate(app.createdAt)}
          {app.liveTokenCount !== undefined && ` · ${app.liveTokenCount === 0 ? 'no active tokens' : app.liveTokenCount === 1 ? '1 active token' : `${app.liveTokenCount} active tokens`}`}
        </Text>
      </Stack>
    </Card>
  );
}

function CardsSkeleton() {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="loading">
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} height={210} radius="md" />
      ))}
    </SimpleGrid>
  );
}

/** The applications the user may see, as cards; organisation administrators narrow them by partner. */
export default function ApplicationsPage() {
  const { can, orgAdmin, partner } = useAuth();
  const navigate = useNavigate();
  const [partnerId, setPartnerId] = usePartnerFilter();
  const list = useListPage({ search: '' }, { pageSize: PAGE, debounce: ['search'], extra: { partnerId } });
  const query = useQuery({
    query: ApplicationsDocument,
    variables: { filter: { search: list.applied.search || undefined, partnerId: partnerId ?? undefined }, ...list.variables, counts: can('tokens:read') },
  });
  const [{ data, error, fetching }] = query;
  const [adding, setAdding] = useState(false);
  const writable = can('applications:write');
  const { filtering } = list;

  if (error && !data && errorCode(error) === 'FORBIDDEN') return <PageError error={error} />;
  return (
    <>
      <PageHeader
        title="Applications"
        description={
          partner
            ? `The integrations of ${partner.name}. Each has a client id that never changes, and its own API tokens.`
            : "Integrations with your APIs, your own and your partners'. Each has a client id that never changes, and its own API tokens."
        }
        actions={
          writable && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              New application
            </Button>
          )
        }
      />
      <Stack gap="md">
        <Paper withBorder p="md" radius="md">
          <Group gap="sm">
            <TextInput
              placeholder="Search by name or client id"
              leftSection={<IconSearch size={16} />}
              value={list.values.search}
              onChange={(e) => list.set('search', e.currentTarget.value)}
              aria-label="Search applications"
              w={{ base: '100%', xs: 280 }}
            />
            {orgAdmin && <PartnerFilter value={partnerId} onChange={setPartnerId} w={{ base: '100%', xs: 220 }} />}
          </Group>
        </Paper>
        <Loaded
          query={query}
          loading={<CardsSkeleton />}
          empty={
            data?.applications.totalCount === 0 && (
              <EmptyState
                title={filtering ? 'No application matches' : 'No applications yet'}
                icon={<IconApps size={22} />}
                action={
                  !filtering &&
                  writable && (
                    <Button variant="light" onClick={() => setAdding(true)}>
                      Create the first application
                    </Button>
                  )
                }
              >
                {filtering
                  ? 'Try another search or clear the filters.'
                  : 'An application is one integration: a mobile app, a backend, a script. Create one, then generate its authentication tokens.'}
              </EmptyState>
            )
          }
        >
          {(data) => (
            <div>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} style={{ opacity: fetching ? 0.6 : 1 }}>
                {data.applications.edges.map(({ node }) => (
                  <ApplicationCard key={node.id} app={node} showPartner={orgAdmin} />
                ))}
              </SimpleGrid>
              <Pager {...list.pager(data.applications)} noun="application" />
            </div>
          )}
        </Loaded>
      </Stack>
      <ApplicationDrawer opened={adding} application={null} partnerId={partnerId} onClose={() => setAdding(false)} onCreated={(a) => navigate(`/applications/${a.id}`)} />
    </>
  );
}
