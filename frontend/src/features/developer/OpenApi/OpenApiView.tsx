import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Accordion, ActionIcon, Badge, Box, Button, Code, CopyButton, Group, Paper, Skeleton, Spoiler, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconExternalLink, IconLock, IconWorld } from '@tabler/icons-react';
import { ErrorState } from '../../../components/States/States';
import { Inline, Markdown } from './Markdown';
import { SchemaView } from './SchemaView';
import {
  describeScheme,
  examplesOf,
  methodColor,
  operationsByTag,
  refName,
  resolve,
  securityOf,
  statusColor,
  type Header,
  type MediaType,
  type OpenApiDocument,
  type OperationEntry,
  type Parameter,
  type RequestBody,
  type Response,
} from './openapi';

/** Where Keyward serves the machine API's OpenAPI document. */
export const documentUrl = '/api/v1/openapi.json';

type State = { doc: OpenApiDocument } | { error: string } | null;

/** Reads the OpenAPI document; reload reads it again. */
function useDocument(): [State, () => void] {
  const [state, setState] = useState<State>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState(null);
    fetch(documentUrl, { signal: controller.signal, headers: { Accept: 'application/json' } })
      .then(async (r) => {
        if (!r.ok) throw new Error(`Keyward answered ${r.status} ${r.statusText}`.trim());
        const doc = (await r.json()) as OpenApiDocument;
        if (!doc || typeof doc.openapi !== 'string' || typeof doc.paths !== 'object') throw new Error('the answer is not an OpenAPI document');
        setState({ doc });
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setState({ error: e instanceof Error ? e.message : String(e) });
      });
    return () => controller.abort();
  }, [attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}

/** The machine API's OpenAPI description, read from the server and drawn operation by operation. */
export default function OpenApiView() {
  const [state, reload] = useDocument();
  if (state === null) {
    return (
      <Stack gap="xs" data-testid="loading" aria-label="Loading the API description">
        <Skeleton height={90} />
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} height={48} />
        ))}
      </Stack>
    );
  }
  if ('error' in state) return <ErrorState message={`The API description could not be read: ${state.error}.`} onRetry={reload} />;
  const { doc } = state;
  const groups = operationsByTag(doc);
  return (
    <Stack gap="lg">
      <Overview doc={doc} />
      {groups.map((g) => (
        <Stack key={g.tag} gap="xs" component="section" aria-label={g.tag}>
          <Box>
            <Title order={4}>{g.tag}</Title>
            {g.description && <Markdown text={g.description} c="dimmed" />}
          </Box>
          <Accordion multiple variant="separated" chevronPosition="right">
            {g.operations.map((o) => (
              <OperationItem key={o.method + o.path} doc={doc} entry={o} />
            ))}
          </Accordion>
        </Stack>
      ))}
      {doc.components?.schemas && (
        <Stack gap="xs" component="section" aria-label="Schemas">
          <Title order={4}>Schemas</Title>
          <Text size="sm" c="dimmed">
            Every shape the operations above refer to, by name.
          </Text>
          <Accordion multiple variant="separated">
            {Object.entries(doc.components.schemas).map(([name, schema]) => (
              <Accordion.Item key={name} value={name}>
                <Accordion.Control>
                  <Text ff="monospace" size="sm" fw={600}>
                    {name}
                  </Text>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap="xs">
                    {schema.description && <Markdown text={schema.description} c="dimmed" />}
                    <SchemaView doc={doc} schema={{ $ref: `#/components/schemas/${name}` }} />
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Stack>
      )}
    </Stack>
  );
}

function Overview({ doc }: { doc: OpenApiDocument }) {
  const schemes = doc.components?.securitySchemes ?? {};
  const base = doc.servers?.[0]?.url ? new URL(doc.servers[0].url, window.location.origin).href : window.location.origin + '/';
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Box style={{ minWidth: 0 }}>
            <Group gap="xs" align="center">
              <Title order={3}>{doc.info.title}</Title>
              <Badge variant="light">v{doc.info.version}</Badge>
              <Badge variant="outline" color="gray">
                OpenAPI {doc.openapi}
              </Badge>
            </Group>
            {doc.info.summary && <Text c="dimmed">{doc.info.summary}</Text>}
          </Box>
          <Group gap="xs">
            <Button component="a" href={documentUrl} target="_blank" rel="noreferrer" size="xs" variant="light" leftSection={<IconExternalLink size={14} />}>
              Open openapi.json
            </Button>
            <Button component="a" href={documentUrl} download="keyward-openapi.json" size="xs" variant="default" leftSection={<IconDownload size={14} />}>
              Download
            </Button>
          </Group>
        </Group>
        <Text size="sm">
          Base URL <Code>{base}</Code>
        </Text>
        {doc.info.description && (
          <Spoiler maxHeight={120} showLabel="Read more" hideLabel="Show less">
            <Stack gap="xs">
              <Markdown text={doc.info.description} />
            </Stack>
          </Spoiler>
        )}
        {Object.keys(schemes).length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Authentication
            </Text>
            {Object.entries(schemes).map(([name, s]) => (
              <Text key={name} size="sm">
                <Code>{describeScheme(s, name)}</Code> {s.description && <Inline text={s.description} />}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function OperationItem({ doc, entry }: { doc: OpenApiDocument; entry: OperationEntry }) {
  const { method, path, op } = entry;
  const security = securityOf(doc, op);
  const isPublic = security.length === 0 || security.some((req) => Object.keys(req).length === 0);
  const schemes = doc.components?.securitySchemes ?? {};
  const auth = security.map((req) =>
    Object.keys(req)
      .map((k) => describeScheme(schemes[k], k))
      .join(' and '),
  );
  const params = (op.parameters ?? []).map((p) => resolve<Parameter>(doc, p)).filter((p): p is Parameter => !!p);
  const body = resolve<RequestBody>(doc, op.requestBody);
  return (
    <Accordion.Item value={op.operationId ?? method + path} id={op.operationId}>
      <Accordion.Control aria-label={`${method.toUpperCase()} ${path}`}>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Badge color={methodColor[method] ?? 'gray'} variant="filled" miw={60} radius="sm" style={{ flexShrink: 0 }}>
            {method.toUpperCase()}
          </Badge>
          <Box style={{ minWidth: 0, flex: 1 }}>
            <Text ff="monospace" size="sm" fw={600} style={{ wordBreak: 'break-all' }}>
              {path}
            </Text>
            {op.summary && (
              <Text size="sm" c="dimmed">
                {op.summary}
              </Text>
            )}
          </Box>
          <Tooltip label={isPublic ? 'No token needed' : 'Needs a token'}>
            <Box c="dimmed" style={{ flexShrink: 0, lineHeight: 0 }} aria-label={isPublic ? 'Public' : 'Needs a token'} role="img">
              {isPublic ? <IconWorld size={16} /> : <IconLock size={16} />}
            </Box>
          </Tooltip>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="md">
          {op.description && (
            <Stack gap="xs">
              <Markdown text={op.description} />
            </Stack>
          )}
          <Section title="Authentication">
            <Text size="sm">
              {isPublic ? (
                'None: anyone may call it.'
              ) : (
                <>
                  A token in <Inline text={auth.map((a) => '`' + a + '`').join(' or ')} />.
                </>
              )}
            </Text>
          </Section>
          {params.length > 0 && (
            <Section title="Parameters">
              {params.map((p) => (
                <Text key={p.in + p.name} size="sm">
                  <Code>{p.name}</Code>{' '}
                  <Text span size="xs" c="dimmed">
                    {p.in}
                    {p.required ? ', required' : ', optional'}
                  </Text>{' '}
                  {p.description && <Inline text={p.description} />}
                </Text>
              ))}
            </Section>
          )}
          {body && (
            <Section title={body.required ? 'Request body (required)' : 'Request body'}>
              {body.description && <Markdown text={body.description} />}
              <Contents doc={doc} content={body.content} />
            </Section>
          )}
          <Section title="Responses">
            <Stack gap="sm">
              {Object.entries(op.responses ?? {}).map(([status, r]) => (
                <ResponseView key={status} doc={doc} status={status} response={resolve<Response>(doc, r)} />
              ))}
            </Stack>
          </Section>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {title}
      </Text>
      {children}
    </Stack>
  );
}

function ResponseView({ doc, status, response }: { doc: OpenApiDocument; status: string; response: Response | undefined }) {
  const headers = Object.entries(response?.headers ?? {})
    .map(([name, h]) => [name, resolve<Header>(doc, h)] as const)
    .filter((e): e is readonly [string, Header] => !!e[1]);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`response-${status}`}>
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge color={statusColor(status)} variant="light" radius="sm" style={{ flexShrink: 0 }}>
            {status}
          </Badge>
          <Box style={{ minWidth: 0 }}>
            <Markdown text={response?.description} />
          </Box>
        </Group>
        {headers.length > 0 && (
          <Stack gap={2}>
            {headers.map(([name, h]) => (
              <Text key={name} size="xs">
                Header <Code>{name}</Code>{' '}
                {h.description ? <Inline text={h.description} /> : h.schema?.const !== undefined && <Code>{String(h.schema.const)}</Code>}
              </Text>
            ))}
          </Stack>
        )}
        {response?.content && <Contents doc={doc} content={response.content} />}
      </Stack>
    </Paper>
  );
}

function Contents({ doc, content }: { doc: OpenApiDocument; content: Record<string, MediaType> | undefined }) {
  return (
    <>
      {Object.entries(content ?? {}).map(([ctype, mt]) => (
        <Stack key={ctype} gap={6}>
          <Text size="xs" c="dimmed">
            <Code>{ctype}</Code>
            {mt.schema?.$ref && <> · {refName(mt.schema.$ref)}</>}
          </Text>
          <SchemaView doc={doc} schema={mt.schema} />
          <Examples examples={examplesOf(doc, mt)} />
        </Stack>
      ))}
    </>
  );
}

function Examples({ examples }: { examples: { name: string; summary?: string; value: unknown }[] }) {
  const [first] = examples;
  const [tab, setTab] = useState<string | null>(first?.name ?? null);
  if (!first) return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  if (examples.length === 1) return <ExampleBlock title={first.summary ?? 'Example'} text={text(first.value)} />;
  return (
    <Tabs value={tab} onChange={setTab} variant="pills" radius="sm">
      <Tabs.List>
        {examples.map((e) => (
          <Tabs.Tab key={e.name} value={e.name} fz="xs" py={4} px={8}>
            {e.summary ?? e.name}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {examples.map((e) => (
        <Tabs.Panel key={e.name} value={e.name} pt={6}>
          <ExampleBlock text={text(e.value)} />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

function ExampleBlock({ title, text }: { title?: string; text: string }) {
  return (
    <Stack gap={4}>
      {title && (
        <Text size="xs" c="dimmed">
          {title}
        </Text>
      )}
      <Box pos="relative">
        <Code block style={{ whiteSpace: 'pre', overflowX: 'auto', maxHeight: 360 }} pr={40}>
          {text}
        </Code>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} pos="absolute" top={6} right={6} aria-label="Copy the example">
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Box>
    </Stack>
  );
}
