import { Badge, Box, Code, Group, Stack, Text } from '@mantine/core';
import { Inline, Markdown } from './Markdown';
import { refName, resolve, typeLabel, type OpenApiDocument, type Schema } from './openapi';

/** The type of a member: a named object by its name, a named scalar or list by what it is. */
function memberType(doc: OpenApiDocument, s: Schema | undefined): string {
  const r = resolve<Schema>(doc, s);
  if (!s?.$ref || !r || r.properties || r.oneOf || r.anyOf || r.allOf) return typeLabel(s);
  return typeLabel(r);
}

interface Props {
  doc: OpenApiDocument;
  schema: Schema | undefined;
  /** The names of the schemas being drawn above this one: a schema that contains itself stops. */
  seen?: string[];
}

/** A JSON schema drawn as a tree of members: name, type, required, description, constraints. */
export function SchemaView({ doc, schema, seen = [] }: Props) {
  if (!schema) return null;
  const name = schema.$ref ? refName(schema.$ref) : undefined;
  if (name && seen.includes(name)) {
    return (
      <Text size="xs" c="dimmed">
        {name} (as above)
      </Text>
    );
  }
  const s = resolve<Schema>(doc, schema);
  if (!s) return <Text size="xs">{name ?? 'any'}</Text>;
  const below = name ? [...seen, name] : seen;
  // Variants that only require members (anyOf: [{required: [a]}, {required: [b]}]) are a rule
  // about the members, not shapes of their own.
  const rule = (s.anyOf ?? s.oneOf)?.every((v) => v.required && Object.keys(v).length === 1);
  const variants = rule ? undefined : (s.oneOf ?? s.anyOf);
  return (
    <Stack gap={6}>
      {rule && (
        <Text size="xs" c="dimmed">
          <Inline
            text={`Needs ${s.anyOf ? 'at least one' : 'exactly one'} of ${(s.anyOf ?? s.oneOf ?? []).map((v) => (v.required ?? []).map((r) => '`' + r + '`').join(' and ')).join(', ')}.`}
          />
        </Text>
      )}
      {variants && (
        <>
          <Text size="xs" c="dimmed">
            {s.oneOf ? 'One of:' : 'Any of:'}
          </Text>
          {variants.map((v, i) => (
            <Variant key={i} doc={doc} schema={v} seen={below} />
          ))}
        </>
      )}
      {s.properties && <Members doc={doc} schema={s} seen={below} />}
      {!s.properties && !variants && s.items && <Items doc={doc} schema={s} seen={below} />}
      {!s.properties && !variants && !s.items && (
        <>
          <Group gap={6} wrap="wrap">
            <Code>{typeLabel(s)}</Code>
            <Constraints schema={s} />
          </Group>
          {!schema.$ref && s.description && <Markdown text={s.description} size="xs" c="dimmed" />}
        </>
      )}
    </Stack>
  );
}

function Variant({ doc, schema, seen }: { doc: OpenApiDocument; schema: Schema; seen: string[] }) {
  const s = resolve<Schema>(doc, schema);
  return (
    <Box pl="sm" py={4} style={{ borderLeft: '3px solid var(--mantine-color-indigo-2)' }}>
      {schema.$ref && (
        <Text size="sm" fw={600}>
          {refName(schema.$ref)}
        </Text>
      )}
      {s?.description && <Markdown text={s.description} size="xs" c="dimmed" />}
      <SchemaView doc={doc} schema={schema} seen={seen} />
    </Box>
  );
}

function Items({ doc, schema, seen }: { doc: OpenApiDocument; schema: Schema; seen: string[] }) {
  const item = resolve<Schema>(doc, schema.items);
  const nested = item && (item.properties || item.oneOf || item.anyOf);
  return (
    <Stack gap={4}>
      <Code>{typeLabel(schema)}</Code>
      {nested && (
        <Box pl="sm" style={{ borderLeft: '1px solid var(--mantine-color-gray-3)' }}>
          <SchemaView doc={doc} schema={schema.items} seen={seen} />
        </Box>
      )}
    </Stack>
  );
}

function Members({ doc, schema, seen }: { doc: OpenApiDocument; schema: Schema; seen: string[] }) {
  const required = new Set(schema.required ?? []);
  return (
    <Stack gap={0} component="dl" m={0}>
      {Object.entries(schema.properties ?? {}).map(([key, prop]) => {
        const p = resolve<Schema>(doc, prop);
        const item = resolve<Schema>(doc, p?.items);
        const nested = !!p && (!!p.properties || !!p.oneOf || !!p.anyOf || !!item?.properties);
        const description = p?.description;
        return (
          <Box key={key} py={6} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            <Group component="dt" gap={6} wrap="wrap" align="baseline">
              <Text ff="monospace" size="sm" fw={600} style={{ wordBreak: 'break-all' }}>
                {key}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {memberType(doc, prop)}
              </Text>
              {required.has(key) ? (
                <Badge size="xs" variant="light" color="red">
                  required
                </Badge>
              ) : (
                <Badge size="xs" variant="default">
                  optional
                </Badge>
              )}
              {p && <Constraints schema={p} />}
            </Group>
            <Box component="dd" m={0}>
              {description && <Markdown text={description} size="xs" c="dimmed" />}
              {nested && (
                <Box mt={4} pl="sm" style={{ borderLeft: '1px solid var(--mantine-color-gray-3)' }}>
                  <SchemaView doc={doc} schema={p.items && !p.properties ? p.items : prop} seen={seen} />
                </Box>
              )}
            </Box>
          </Box>
        );
      })}
    </Stack>
  );
}

/** What a value must be beyond its type: fixed values, allowed values, patterns, bounds. */
function Constraints({ schema: s }: { schema: Schema }) {
  const parts: string[] = [];
  if (s.pattern) parts.push(`pattern ${s.pattern}`);
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.maxLength !== undefined) parts.push(`at most ${s.maxLength} characters`);
  if (s.maxProperties === 0) parts.push('empty object');
  return (
    <>
      {s.enum && (
        <Text size="xs" span>
          <Inline text={s.enum.map((v) => '`' + String(v) + '`').join(' · ')} />
        </Text>
      )}
      {s.examples && s.examples.length > 0 && s.const === undefined && !s.enum && (
        <Text size="xs" c="dimmed" span>
          e.g. <Code style={{ wordBreak: 'break-all' }}>{JSON.stringify(s.examples[0])}</Code>
        </Text>
      )}
      {parts.map((p) => (
        <Text key={p} size="xs" c="dimmed" span>
          {p}
        </Text>
      ))}
    </>
  );
}
