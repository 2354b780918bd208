import { useState } from 'react';
import { Badge, Box, Code, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../lib/dates';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const words: Record<string, string> = { id: 'ID', ids: 'IDs', url: 'URL', ip: 'IP', cidr: 'CIDR', api: 'API' };

/** A details key as words: entryId is "Entry ID", loginCodeRequired "Login code required". */
export function keyLabel(key: string): string {
  const parts = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .map((w) => words[w.toLowerCase()] ?? w.toLowerCase());
  const first = parts[0] ?? '';
  parts[0] = first === first.toUpperCase() ? first : first.charAt(0).toUpperCase() + first.slice(1);
  return parts.join(' ');
}

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether a key names an identifier, shown as one (monospace, never reformatted). */
function isIdKey(key: string): boolean {
  return /(^id|Id|ID|_id)s?$/.test(key);
}

function isPlain(v: Json): v is null | boolean | number | string {
  return v === null || typeof v !== 'object';
}

/** One value: a date formatted, an id as code, yes or no, a list as chips, an object as rows. */
function Value({ name, value }: { name: string; value: Json }) {
  if (value === null || value === '') {
    return (
      <Text size="sm" c="dimmed">
        none
      </Text>
    );
  }
  if (typeof value === 'boolean') return <Text size="sm">{value ? 'Yes' : 'No'}</Text>;
  if (typeof value === 'number' || typeof value === 'string') {
    if (isIdKey(name)) return <Code>{String(value)}</Code>;
    if (typeof value === 'string' && iso.test(value)) {
      return (
        <Text size="sm" title={value}>
          {formatDateTime(value)}
        </Text>
      );
    }
    return (
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {typeof value === 'number' ? value.toLocaleString('en-GB') : value}
      </Text>
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return (
        <Text size="sm" c="dimmed">
          none
        </Text>
      );
    }
    if (value.every(isPlain)) {
      return (
        <Group gap={4}>
          {value.map((v, i) => (
            <Badge key={i} variant="light" color="gray" tt="none" fw={500} radius="sm" style={{ maxWidth: '100%' }}>
              {typeof v === 'string' && iso.test(v) ? formatDateTime(v) : String(v)}
            </Badge>
          ))}
        </Group>
      );
    }
    return (
      <Stack gap={6}>
        {value.map((v, i) => (
          <Nested key={i}>
            <Value name={name} value={v} />
          </Nested>
        ))}
      </Stack>
    );
  }
  const keys = Object.keys(value);
  // A change: { from, to }.
  if (keys.length > 0 && keys.every((k) => k === 'from' || k === 'to')) {
    return (
      <Group gap={6} wrap="wrap" align="center">
        <Box c="dimmed">
          <Value name={name} value={value.from ?? null} />
        </Box>
        <Text size="sm" c="dimmed" aria-label="changed to">
          →
        </Text>
        <Value name={name} value={value.to ?? null} />
      </Group>
    );
  }
  return (
    <Nested>
      <Rows object={value} />
    </Nested>
  );
}

function Nested({ children }: { children: React.ReactNode }) {
  return (
    <Box pl="sm" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
      {children}
    </Box>
  );
}

/** The keys of an object and their values, one row each. */
function Rows({ object }: { object: { [k: string]: Json } }) {
  const keys = Object.keys(object);
  if (keys.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No details.
      </Text>
    );
  }
  return (
    <Stack gap={8}>
      {keys.map((k) => (
        <DetailRow key={k} label={keyLabel(k)}>
          <Value name={k} value={object[k]!} />
        </DetailRow>
      ))}
    </Stack>
  );
}

/** A label and its value side by side; the label above the value on a phone. */
export function DetailRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group align="flex-start" wrap="wrap" role="group" aria-label={label} style={{ columnGap: 'var(--mantine-spacing-md)', rowGap: 2 }}>
      <Text size="sm" c="dimmed" w={{ base: '100%', xs: 140 }} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
    </Group>
  );
}

/** The parsed details, or null when they are not a JSON value. */
export function parseDetails(details: string): Json | undefined {
  try {
    return JSON.parse(details || '{}') as Json;
  } catch {
    return undefined;
  }
}

/** An audit event's details as rows of facts, with the JSON as recorded behind Raw. */
export function AuditDetails({ details }: { details: string }) {
  const [view, setView] = useState<'readable' | 'raw'>('readable');
  const parsed = parseDetails(details);
  const raw = parsed === undefined ? details : JSON.stringify(parsed, null, 2);
  const shown = parsed === undefined ? 'raw' : view;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Details
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Details view"
          value={shown}
          onChange={(v) => setView(v as 'readable' | 'raw')}
          data={[
            { value: 'readable', label: 'Readable', disabled: parsed === undefined },
            { value: 'raw', label: 'Raw' },
          ]}
        />
      </Group>
      {shown === 'raw' ? (
        <Code block data-testid="raw-details">
          {raw}
        </Code>
      ) : parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (
        <Rows object={parsed} />
      ) : (
        <Value name="" value={parsed!} />
      )}
    </Stack>
  );
}
