import { ActionIcon, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { MethodBadge } from './MethodBadge';

/** One example call as the form edits it. */
export interface ExampleDraft {
  title: string;
  method: string;
  path: string;
  description: string;
  body: string;
  action: string;
}

export const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The most an API module documents (the server refuses more). */
export const maxExamples = 50;

/** A fresh example call. */
export function newExample(): ExampleDraft {
  return { title: '', method: 'GET', path: '/', description: '', body: '', action: '' };
}

/**
 * Edits a module's example calls: add, change, move and remove. errors holds the server's
 * messages by field (examples[2].path), shown beside the field they name.
 */
export function ExamplesEditor({
  examples,
  onChange,
  actions,
  errors,
}: {
  examples: ExampleDraft[];
  onChange: (examples: ExampleDraft[]) => void;
  actions: string[];
  errors: Record<string, string>;
}) {
  const set = (i: number, patch: Partial<ExampleDraft>) => onChange(examples.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: number) => {
    const next = [...examples];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const err = (i: number, f: keyof ExampleDraft) => errors[`examples[${i}].${f}`];
  return (
    <Stack gap="sm">
      {examples.length === 0 && (
        <Text size="sm" c="dimmed">
          No example calls. Add the calls a developer needs first (get a customer, create a payment…).
        </Text>
      )}
      {examples.map((x, i) => {
        const n = i + 1;
        const bodyless = x.method === 'GET' || x.method === 'DELETE';
        return (
          <Paper key={i} withBorder p="sm" radius="md" role="group" aria-label={`Example call ${n}`}>
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Group gap="xs" wrap="nowrap" miw={0}>
                <MethodBadge method={x.method} />
                <Text size="sm" fw={600} truncate>
                  {x.title || `Example call ${n}`}
                </Text>
              </Group>
              <Group gap={2} wrap="nowrap">
                <Tooltip label="Move up">
                  <ActionIcon variant="subtle" color="gray" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move example call ${n} up`}>
                    <IconArrowUp size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Move down">
                  <ActionIcon variant="subtle" color="gray" disabled={i === examples.length - 1} onClick={() => move(i, 1)} aria-label={`Move example call ${n} down`}>
                    <IconArrowDown size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Remove">
                  <ActionIcon variant="subtle" color="red" onClick={() => onChange(examples.filter((_, j) => j !== i))} aria-label={`Remove example call ${n}`}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
            <Stack gap="xs">
              <TextInput label="Title" required placeholder="Get Customer Details with Token" value={x.title} onChange={(e) => set(i, { title: e.currentTarget.value })} error={err(i, 'title')} maxLength={120} />
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <Select
                  label="Method"
                  data={methods}
                  value={x.method}
                  onChange={(v) => set(i, { method: v ?? 'GET', body: v === 'GET' || v === 'DELETE' ? '' : x.body })}
                  allowDeselect={false}
                  error={err(i, 'method')}
                  w={110}
                  style={{ flexShrink: 0 }}
                />
                <TextInput
                  label="Path"
                  required
                  placeholder="/customers/{id}"
                  value={x.path}
                  onChange={(e) => set(i, { path: e.currentTarget.value })}
                  error={err(i, 'path')}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  style={{ flex: 1, minWidth: 0 }}
                />
              </Group>
              <Select
                label="Needs the action"
                description="The permission the call needs; lets the API library mark calls a token may not make"
                placeholder="Not said"
                data={actions}
                value={x.action || null}
                onChange={(v) => set(i, { action: v ?? '' })}
                clearable
                error={err(i, 'action')}
              />
              <Textarea label="Description" value={x.description} onChange={(e) => set(i, { description: e.currentTarget.value })} error={err(i, 'description')} autosize minRows={1} maxRows={4} />
              {!bodyless && (
                <Textarea
                  label="Body (JSON)"
                  placeholder={'{"name": "Ada Lovelace"}'}
                  value={x.body}
                  onChange={(e) => set(i, { body: e.currentTarget.value })}
                  error={err(i, 'body')}
                  autosize
                  minRows={2}
                  maxRows={10}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                />
              )}
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => onChange([...examples, newExample()])} disabled={examples.length >= maxExamples}>
          Add example call
        </Button>
        {errors.examples && (
          <Text size="sm" c="red">
            {errors.examples}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
