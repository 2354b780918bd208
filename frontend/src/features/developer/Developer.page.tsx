import { lazy, Suspense } from 'react';
import { ActionIcon, Center, Code, CopyButton, Divider, Group, Loader, Paper, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { ApiLibrary } from './ApiLibrary/ApiLibrary';

const Playground = lazy(() => import('./Playground/Playground'));
const OpenApiView = lazy(() => import('./OpenApi/OpenApiView'));

const tabs = ['playground', 'library', 'machine'] as const;
type Tab = (typeof tabs)[number];

function Loading({ what }: { what: string }) {
  return (
    <Center h="100%" py="xl">
      <Stack align="center" gap="xs">
        <Loader />
        <Text size="sm" c="dimmed">
          Loading {what}…
        </Text>
      </Stack>
    </Center>
  );
}

const AppInfoDocument = graphql(`
  query AppInfo {
    appInfo {
      baseUrl
      version
    }
  }
`);

function Snippet({ title, text, children }: { title: string; text: string; children?: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={5}>{title}</Title>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy ${title}`}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      {children && (
        <Text size="sm" c="dimmed" mb="xs">
          {children}
        </Text>
      )}
      <Code block>{text}</Code>
    </Paper>
  );
}

/**
 * Developer API: the GraphQL playground (first, the default), the API library of the
 * organisation's documented APIs, and the machine API's calls and OpenAPI description. The
 * tab is kept in the address (?tab=library) so that it can be linked to.
 */
export default function DeveloperPage() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = tabs.includes(asked as Tab) ? (asked as Tab) : 'playground';
  const choose = (v: string | null) =>
    setParams(
      (p) => {
        if (!v || v === 'playground') p.delete('tab');
        else p.set('tab', v);
        return p;
      },
      { replace: true },
    );
  const [{ data }] = useQuery({ query: AppInfoDocument });
  const base = data?.appInfo.baseUrl ?? window.location.origin;
  const whoami = `curl -s ${base}/api/v1/whoami \\\n  -H "X-Auth-Token: $KEYWARD_TOKEN"`;
  const verify = `curl -s ${base}/api/v1/verify \\\n  -H "Authorization: Bearer $RESOURCE_SERVER_TOKEN" \\\n  -H "Content-Type: application/json" \\\n  -d '{"token":"'"$PRESENTED_TOKEN"'","ip":"203.0.113.45","permission":"clients:read"}'`;
  const gql = `curl -s ${base}/graphql \\\n  -H "X-Auth-Token: $KEYWARD_TOKEN" \\\n  -H "Content-Type: application/json" \\\n  -d '{"query":"{ tokens(first: 5) { totalCount edges { node { name status } } } }"}'`;
  const login = `curl -s -X POST ${base}/api/v1/auth/login \\\n  -H "Content-Type: application/json" \\\n  -d '{"email":"you@example.com","password":"'"$KEYWARD_PASSWORD"'"}'`;
  const refresh = `curl -s -X POST ${base}/api/v1/auth/refresh \\\n  -H "Content-Type: application/json" \\\n  -d '{"refresh_token":"'"$REFRESH_TOKEN"'"}'`;
  const logout = `curl -s -X POST ${base}/api/v1/auth/logout \\\n  -H "Authorization: Bearer $ACCESS_TOKEN"`;
  return (
    <>
      <PageHeader title="Developer API" description="Explore the GraphQL API as yourself or with a token, call your organisation's APIs, and copy calls of the machine API." />
      <Tabs value={tab} onChange={choose} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="playground">GraphQL playground</Tabs.Tab>
          <Tabs.Tab value="library">API library</Tabs.Tab>
          <Tabs.Tab value="machine">Machine API</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="playground">
          <Paper withBorder radius="md" style={{ height: 'calc(100vh - 230px)', minHeight: 520, overflow: 'hidden' }} data-testid="playground">
            <Suspense fallback={<Loading what="the playground" />}>
              <Playground />
            </Suspense>
          </Paper>
        </Tabs.Panel>
        <Tabs.Panel value="library">
          <ApiLibrary />
        </Tabs.Panel>
        <Tabs.Panel value="machine">
          <Stack>
            <Text size="sm" c="dimmed">
              Keyward's own machine API: ready-to-copy calls, then its full OpenAPI description.
            </Text>
            <Snippet title="Who am I? (GET /api/v1/whoami)" text={whoami}>
              The token's own view: its name, role, permissions, expiry and the IP Keyward sees. 401 for a bad token, 403 from an address off its whitelist.
            </Snippet>
            <Snippet title="Verify a presented token (POST /api/v1/verify)" text={verify}>
              For resource servers, with their own token holding tokens:verify. Always 200 once the caller is authorised:{' '}
              <Code>{'{"valid":true,…}'}</Code> or <Code>{'{"valid":false,"code":"expired"}'}</Code> (malformed, unknown, expired, revoked, ip_not_allowed, insufficient_permissions).
            </Snippet>
            <Snippet title="GraphQL with a token" text={gql}>
              The token's role decides what it may read and change.
            </Snippet>
            <Snippet title="Sign a script in as a user (POST /api/v1/auth/login)" text={login}>
              Answers a one-hour <Code>access_token</Code> (a JWT, taken wherever a token is) and a <Code>refresh_token</Code>. A user who signs in with an
              emailed code gets <Code>{'{"error":"code_required"}'}</Code>: send the same body again with <Code>"code"</Code>. Resource servers can check access
              tokens offline with the keys at <Code>{`${base}/.well-known/jwks.json`}</Code>.
            </Snippet>
            <Snippet title="Refresh (POST /api/v1/auth/refresh)" text={refresh}>
              Every refresh answers a new pair; the refresh token works once. Presenting a used one ends the whole sign-in.
            </Snippet>
            <Snippet title="Sign out (POST /api/v1/auth/logout)" text={logout}>
              204: the sign-in's access and refresh tokens stop working at once.
            </Snippet>
            <Text size="xs" c="dimmed">
              Keyward {data?.appInfo.version ?? ''} at {base}
            </Text>
            <Divider label="OpenAPI description" labelPosition="left" />
            <Suspense fallback={<Loading what="the API description" />}>
              <OpenApiView />
            </Suspense>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
