import { useMemo, useState } from 'react';
import {
  Accordion,
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Code,
  CopyButton,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconBooks, IconCheck, IconCopy, IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../../gql';
import type { ApiLibraryQuery } from '../../../gql/graphql';
import { useAuth } from '../../../lib/auth';
import { errorMessage } from '../../../lib/errors';
import { EmptyState, ErrorState, TableSkeleton } from '../../../components/States/States';
import { MethodBadge } from './MethodBadge';
import { coverage, hintOf, joinUrl, languages, namedToken, placeholderToken, snippet, tokenShape, type Language, type TokenRef } from './snippets';

const ApiLibraryDocument = graphql(`
  query ApiLibrary {
    apiLibrary {
      key
      name
      description
      ...ModuleDocsFields
    }
  }
`);

const LibraryTokensDocument = graphql(`
  query LibraryTokens {
    tokens(filter: { status: ACTIVE }, first: 100) {
      edges {
        node {
          id
          name
          hint
          role {
            id
            name
            permissions
            allPermissions
          }
        }
      }
    }
  }
`);

type Module = ApiLibraryQuery['apiLibrary'][number];
type Example = Module['examples'][number];
type ListedToken = { id: string; name: string; hint: string; role: { name: string; permissions: string[]; allPermissions: boolean } };

function CopyIcon({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy'}>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={label}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/**
 * The API library: the organisation's documented API modules and their example calls, with
 * snippets carrying a token. A pasted secret stays in this component's state: it is never sent
 * to Keyward nor stored, only written into the snippets.
 */
export function ApiLibrary() {
  const { can } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: ApiLibraryDocument });
  const mayListTokens = can('tokens:read');
  const [{ data: tokenData }] = useQuery({ query: LibraryTokensDocument, pause: !mayListTokens });
  const tokens: ListedToken[] = tokenData?.tokens.edges.map((e) => e.node) ?? [];
  const [choice, setChoice] = useState<string>('placeholder');
  const [pasted, setPasted] = useState('');
  const [language, setLanguage] = useState<Language>('curl');

  const pastedOk = tokenShape.test(pasted.trim());
  // A pasted secret whose hint matches a listed token is that token: its role is known
  // without the secret leaving the page.
  const pastedToken = pastedOk ? tokens.find((t) => t.hint === hintOf(pasted.trim())) : undefined;
  const listed = choice.startsWith('token:') ? tokens.find((t) => `token:${t.id}` === choice) : undefined;
  const roleOf = choice === 'paste' ? pastedToken : listed;

  const token: TokenRef = useMemo(() => {
    if (choice === 'paste' && pastedOk) return { kind: 'secret', secret: pasted.trim() };
    if (listed) return namedToken(listed.name, listed.hint);
    return placeholderToken;
  }, [choice, pasted, pastedOk, listed]);

  const options = [
    { group: 'Token', items: [
      { value: 'placeholder', label: 'Placeholder ($KEYWARD_TOKEN)' },
      { value: 'paste', label: 'Paste a token…' },
    ] },
    ...(tokens.length ? [{ group: 'Your tokens', items: tokens.map((t) => ({ value: `token:${t.id}`, label: `${t.name} (${t.hint})` })) }] : []),
  ];

  if (error && !data) return <ErrorState message={errorMessage(error)} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <TableSkeleton />;
  if (data.apiLibrary.length === 0) {
    return (
      <EmptyState
        title="No documented APIs yet"
        icon={<IconBooks size={22} />}
        action={can('roles:write') && (
          <Anchor component={Link} to="/modules" size="sm">
            Document an API module
          </Anchor>
        )}
      >
        An API module appears here once an administrator gives it a base URL or example calls.
      </EmptyState>
    );
  }

  return (
    <Stack gap="lg" data-testid="api-library">
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Stack gap="xs">
            <Select
              label="Token in the snippets"
              description="Sent in the X-Auth-Token header"
              data={options}
              value={choice}
              onChange={(v) => setChoice(v ?? 'placeholder')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            {choice === 'paste' && (
              <PasswordInput
                label="Token secret"
                description="Stays on this page: never sent to Keyward nor saved. Leaving the page forgets it."
                placeholder="kw_…"
                value={pasted}
                onChange={(e) => setPasted(e.currentTarget.value)}
                error={pasted.trim() !== '' && !pastedOk ? 'A token is kw_ followed by 49 letters and digits' : undefined}
                autoComplete="off"
                spellCheck={false}
                leftSection={<IconLock size={14} />}
                visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the token' }}
              />
            )}
          </Stack>
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Language
            </Text>
            <SegmentedControl data={languages} value={language} onChange={(v) => setLanguage(v as Language)} aria-label="Snippet language" />
            <Text size="xs" c="dimmed">
              {listed
                ? `A secret is shown once, when its token is created: the snippets read it from ${token.kind === 'env' ? token.name : ''}. Calls its role ${listed.role.name} does not cover are marked.`
                : pastedToken
                  ? `This is your token ${pastedToken.name} (role ${pastedToken.role.name}): calls its role does not cover are marked.`
                  : choice === 'paste'
                    ? 'The snippets carry the secret you paste.'
                    : 'The snippets read the token from the environment variable KEYWARD_TOKEN.'}
            </Text>
          </Stack>
        </SimpleGrid>
      </Paper>
      {data.apiLibrary.map((m) => (
        <ModuleDocs key={m.key} module={m} token={token} language={language} role={roleOf?.role} />
      ))}
    </Stack>
  );
}

function ModuleDocs({ module: m, token, language, role }: { module: Module; token: TokenRef; language: Language; role?: ListedToken['role'] }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" component="section" aria-label={m.name}>
      <Stack gap={4} mb="sm">
        <Title order={4}>{m.name}</Title>
        {m.description && (
          <Text size="sm" c="dimmed">
            {m.description}
          </Text>
        )}
        {m.baseUrl && (
          <Group gap={6} wrap="nowrap" miw={0}>
            <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
              Base URL
            </Text>
            <Code style={{ overflowWrap: 'anywhere' }}>{m.baseUrl}</Code>
            <CopyIcon value={m.baseUrl} label={`Copy the base URL of ${m.name}`} />
          </Group>
        )}
      </Stack>
      {m.examples.length === 0 ? (
        <Text size="sm" c="dimmed">
          No example calls yet.
        </Text>
      ) : (
        <Accordion variant="separated" radius="md" chevronPosition="right" multiple>
          {m.examples.map((x, i) => (
            <ExampleCall key={i} value={`${m.key}-${i}`} moduleKey={m.key} baseUrl={m.baseUrl} example={x} token={token} language={language} role={role} />
          ))}
        </Accordion>
      )}
    </Paper>
  );
}

function ExampleCall({
  value,
  moduleKey,
  baseUrl,
  example: x,
  token,
  language,
  role,
}: {
  value: string;
  moduleKey: string;
  baseUrl?: string | null;
  example: Example;
  token: TokenRef;
  language: Language;
  role?: ListedToken['role'];
}) {
  const permission = x.action ? `${moduleKey}:${x.action}` : null;
  const covered = permission && role ? coverage(permission, role) : '';
  const text = snippet(language, { method: x.method, url: joinUrl(baseUrl, x.path), body: x.body }, token);
  const languageLabel = languages.find((l) => l.value === language)?.label ?? language;
  return (
    <Accordion.Item value={value}>
      <Accordion.Control aria-label={`${x.method} ${x.path}: ${x.title}`}>
        <Stack gap={4} miw={0}>
          <Group gap="sm" wrap="nowrap">
            <MethodBadge method={x.method} />
            <Text size="sm" fw={600} style={{ flex: 1, minWidth: 0 }}>
              {x.title}
            </Text>
          </Group>
          <Group gap="xs" justify="space-between" wrap="wrap">
            <Text size="xs" ff="monospace" c="dimmed" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
              {x.path}
            </Text>
            {covered === null && (
              <Tooltip label={`The role ${role?.name} does not hold ${permission}: Keyward answers 403`}>
                <Badge color="orange" variant="light" leftSection={<IconAlertTriangle size={12} />} style={{ flexShrink: 0 }}>
                  not allowed
                </Badge>
              </Tooltip>
            )}
            {covered && (
              <Badge color="yellow" variant="light" style={{ flexShrink: 0 }}>
                {covered} only
              </Badge>
            )}
          </Group>
        </Stack>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="xs">
          {x.description && <Text size="sm">{x.description}</Text>}
          {permission && (
            <Text size="xs" c="dimmed">
              Needs <Code>{permission}</Code>
              {covered === null && role && <> — the role {role.name} does not hold it</>}
              {covered && role && <> — the role {role.name} holds it limited to “{covered}”</>}
            </Text>
          )}
          {covered === null && (
            <Alert color="orange" variant="light" p="xs">
              This token's role does not cover this call: Keyward would answer 403.
            </Alert>
          )}
          <Paper withBorder radius="sm" p={0} pos="relative" bg="var(--mantine-color-default-hover)">
            <Group justify="space-between" px="sm" py={4} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
              <Text size="xs" c="dimmed">
                {languageLabel}
              </Text>
              <CopyIcon value={text} label={`Copy the ${languageLabel} snippet of ${x.title}`} />
            </Group>
            <Code block data-testid="snippet" style={{ background: 'transparent', whiteSpace: 'pre', overflowX: 'auto' }}>
              {text}
            </Code>
          </Paper>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
