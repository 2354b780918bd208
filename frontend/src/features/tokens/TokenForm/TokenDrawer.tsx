import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, Divider, Group, List, Paper, Select, Stack, Text, TextInput, Tooltip, type ComboboxData } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import type { ApplicationOptionsQuery, TokenFieldsFragment } from '../../../gql/graphql';
import { useAuth } from '../../../lib/auth';
import { formatDateTime, zoneName } from '../../../lib/dates';
import { errorMessage, formErrors, type FormErrors } from '../../../lib/errors';
import { allowedPresets, endOfDay, presetExpiry, type Preset } from './expiry';
import { asRange, plan, when, type Plan } from './changes';
import { AddWhitelistEntryDocument, CreateTokenDocument, RemoveWhitelistEntryDocument, TokenFormOptionsDocument, UpdateTokenDocument } from './queries';
import { FormDrawer } from '../../../components/FormDrawer/FormDrawer';
import { PermissionSummary } from '../../../components/PermissionMatrix/PermissionMatrix';
import { lackText, RoleSelect } from '../../../components/RoleSelect/RoleSelect';
import { ApplicationOptionsDocument } from '../../applications/ApplicationForm/queries';

export const entryColor: Record<string, string> = { APPROVED: 'green', PENDING: 'yellow', REJECTED: 'red' };

type AppOption = ApplicationOptionsQuery['applications']['edges'][number]['node'];

/**
 * The application picker's choices: by name, grouped by partner when they come from more than
 * one (an organisation administrator's view), else a plain list.
 */
export function applicationChoices(apps: AppOption[]): ComboboxData {
  const sorted = [...apps].sort((a, b) => a.name.localeCompare(b.name));
  const owners = new Set(sorted.map((a) => a.partner?.id ?? ''));
  if (owners.size <= 1) return sorted.map((a) => ({ value: a.id, label: a.name }));
  const groups = new Map<string, { group: string; items: { value: string; label: string }[] }>();
  for (const a of sorted) {
    const group = a.partner?.name ?? "Organisation's own";
    if (!groups.has(group)) groups.set(group, { group, items: [] });
    groups.get(group)!.items.push({ value: a.id, label: a.name });
  }
  return [...groups.values()].sort((a, b) => (a.group === "Organisation's own" ? -1 : b.group === "Organisation's own" ? 1 : a.group.localeCompare(b.group)));
}

/**
 * The Add and Edit drawers of a token. Adding returns the secret (shown once by the caller);
 * editing never changes it. A new token may be for an application (then it belongs to the
 * application's partner): chosen here, or fixed by the caller (the application's page).
 *
 * Editing has one save model: every change, whitelist entries included, waits for Save, and
 * the drawer lists what Save will change. Only what the user changed is sent.
 */
export function TokenDrawer({
  token,
  opened,
  onClose,
  onCreated,
  application: fixedApp,
}: {
  token: TokenFieldsFragment | null;
  opened: boolean;
  onClose: () => void;
  onCreated: (secret: string, name: string) => void;
  /** The application a new token is for, not to be changed. */
  application?: { id: string; name: string };
}) {
  const { can } = useAuth();
  // The reminder window is a setting: asked again each time, so a changed one shows at once.
  const [{ data: opts }] = useQuery({ query: TokenFormOptionsDocument, requestPolicy: 'cache-and-network', pause: !opened });
  const pickApp = !token && !fixedApp && can('applications:read');
  const [{ data: apps }] = useQuery({ query: ApplicationOptionsDocument, pause: !opened || !pickApp });
  const [applicationId, setApplicationId] = useState<string | null>(null);
  const maxDays = opts?.tokenPolicy.maxLifetimeDays ?? 365;
  const windowDays = opts?.tokenPolicy.reminderWindowDays;
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [preset, setPreset] = useState<Preset | 'keep'>('3m');
  const [day, setDay] = useState<string | null>(null);
  const [reminders, setReminders] = useState(true);
  const [ips, setIps] = useState<string[]>(['']);
  const [added, setAdded] = useState<string[]>([]);
  const [removed, setRemoved] = useState<string[]>([]);
  const [newIp, setNewIp] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [entryError, setEntryError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [created, create] = useMutation(CreateTokenDocument);
  const [, update] = useMutation(UpdateTokenDocument);
  const [, addEntry] = useMutation(AddWhitelistEntryDocument);
  const [, removeEntry] = useMutation(RemoveWhitelistEntryDocument);
  const editing = !!token;

  useEffect(() => {
    if (!opened) return;
    setName(token?.name ?? '');
    setRoleId(token?.role.id ?? null);
    // An edit starts from the token's expiry as it is, to the second.
    setPreset(token ? (token.expiresAt ? 'keep' : 'none') : '3m');
    setDay(null);
    setReminders(token?.expiryReminders ?? true);
    setIps(['']);
    setAdded([]);
    setRemoved([]);
    setNewIp('');
    setErrors({ fields: {} });
    setEntryError(undefined);
    setApplicationId(null);
    // Reset only when the drawer opens or switches token, not when the token refreshes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, token?.id]);

  const roles = opts?.roles ?? [];
  const role = roles.find((r) => r.id === roleId);
  const expiry = useMemo(() => {
    if (preset === 'keep') return token?.expiresAt ? new Date(token.expiresAt) : null;
    if (preset === 'custom') return day ? endOfDay(day) : null;
    return presetExpiry(preset);
  }, [preset, day, token?.expiresAt]);
  const maxDate = useMemo(() => {
    const d = new Date();
    d.setDate(d.getDate() + maxDays);
    return d;
  }, [maxDays]);
  const presetChoices = [
    ...(token?.expiresAt ? [{ value: 'keep', label: `Unchanged: ${when(token.expiresAt)}` }] : []),
    ...allowedPresets(maxDays).map((p) => ({ value: p.value, label: token && p.value === 'none' && !token.expiresAt ? 'No expiry (unchanged)' : p.label })),
  ];
  const pending: Plan | null = token
    ? plan(token, { name, roleId, keepExpiry: preset === 'keep', expiry, reminders, added, removed }, (id) => roles.find((r) => r.id === id)?.name ?? id)
    : null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (preset === 'custom' && !day) {
      setErrors({ fields: { expiresAt: 'Pick a date, or choose a preset' } });
      return;
    }
    if (!token) {
      const whitelist = ips.map((s) => s.trim()).filter(Boolean);
      const r = await create(
        {
          input: {
            name,
            roleId: roleId ?? '',
            expiresAt: expiry?.toISOString() ?? null,
            whitelist,
            expiryReminders: !!expiry && reminders,
            applicationId: fixedApp?.id ?? applicationId ?? undefined,
          },
        },
        { additionalTypenames: ['Token', 'TokenConnection'] },
      );
      if (r.error || !r.data) {
        setErrors(formErrors(r.error));
        return;
      }
      onCreated(r.data.createToken.secret, r.data.createToken.token.name);
      onClose();
      return;
    }
    const p = pending!;
    if (p.changes.length === 0) {
      // Nothing was changed: nothing is sent.
      notifications.show({ message: `Nothing to save: ${token.name} is unchanged.` });
      onClose();
      return;
    }
    setBusy(true);
    setErrors({ fields: {} });
    setEntryError(undefined);
    try {
      // The token's own fields first: if they are refused, the whitelist is left alone too.
      if (p.input) {
        const r = await update({ id: token.id, input: p.input });
        if (r.error) {
          setErrors(formErrors(r.error));
          return;
        }
      }
      for (const cidr of p.add) {
        const r = await addEntry({ tokenId: token.id, cidr }, { additionalTypenames: ['Token'] });
        if (r.error) {
          setEntryError(`${cidr}: ${formErrors(r.error).fields.cidr ?? errorMessage(r.error)}`);
          setErrors({ fields: {}, message: p.input ? 'The other changes are saved; the whitelist entries from this one on are not.' : undefined });
          return;
        }
        setAdded((a) => a.filter((x) => x.trim() !== cidr));
      }
      for (const w of p.remove) {
        const r = await removeEntry({ id: w.id }, { additionalTypenames: ['Token'] });
        if (r.error) {
          setErrors({ fields: {}, message: `${w.cidr} is still on the whitelist: ${errorMessage(r.error)}` });
          return;
        }
      }
      notifications.show({ color: 'green', message: `${name.trim() || token.name} is saved. Its secret is unchanged.${p.add.length > 0 ? ' New addresses may wait for a Business Owner\'s approval.' : ''}` });
      onClose();
    } finally {
      setBusy(false);
    }
  };

  const stage = () => {
    const v = newIp.trim();
    if (!v) return;
    if (added.some((a) => a.trim() === v) || token?.whitelist.some((w) => w.cidr === asRange(v))) {
      setEntryError(`${v} is already on the list`);
      return;
    }
    setEntryError(undefined);
    setAdded((a) => [...a, v]);
    setNewIp('');
  };

  // Nobody acts on a token whose role grants more than they hold: the server refuses it, so
  // the drawer says so and changes nothing.
  const beyond = editing && !token!.role.grantable;
  const revoked = token?.status === 'REVOKED' || beyond;
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      size="lg"
      title={editing ? `Edit ${token?.name}` : 'Add API token'}
      onSubmit={submit}
      notice={
        <>
          {token?.status === 'REVOKED' && <Alert color="gray">This token is revoked: it is kept as history and can no longer be changed.</Alert>}
          {beyond && token?.status !== 'REVOKED' && (
            <Alert color="gray" title="You cannot change this token">
              Its role, {token!.role.name}, grants more than you hold. {lackText(token!.role.missingPermissions)}
            </Alert>
          )}
        </>
      }
      error={errors.message}
      submitLabel={editing ? 'Save' : 'Generate token'}
      submitting={created.fetching || busy}
      footer={!revoked}
    >
      <TextInput label="Name" required placeholder="Billing service (production)" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.fields.name} disabled={revoked} />
      {fixedApp && <TextInput label="Application" value={fixedApp.name} readOnly disabled description="The token is for this application, and belongs to its partner." />}
      {pickApp && (
        <Select
          label="Application"
          placeholder="None"
          description="Optional: the token then belongs to the application and its partner."
          data={applicationChoices(apps?.applications.edges.map((e) => e.node) ?? [])}
          value={applicationId}
          onChange={setApplicationId}
          error={errors.fields.applicationId}
          searchable
          clearable
          nothingFoundMessage="No application of that name"
        />
      )}
      {token?.application && <TextInput label="Application" value={token.application.name} readOnly disabled />}
      <RoleSelect holder="token" roles={roles} value={roleId} onChange={setRoleId} error={errors.fields.roleId} disabled={revoked} />
      {role && (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            Grants
          </Text>
          {role.allPermissions ? <Badge size="sm">All permissions</Badge> : <PermissionSummary permissions={role.permissions} max={4} />}
        </Group>
      )}
      <Group align="flex-start" grow>
        <Select
          label="Expired date"
          data={presetChoices}
          value={preset}
          onChange={(v) => {
            if (!v) return;
            // Choosing a date starts from the current expiry's day, in the browser's zone.
            if (v === 'custom' && !day && token?.expiresAt) {
              const d = new Date(token.expiresAt);
              setDay(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
            }
            setPreset(v as Preset | 'keep');
          }}
          allowDeselect={false}
          disabled={revoked}
          error={preset !== 'custom' ? errors.fields.expiresAt : undefined}
        />
        {preset === 'custom' && (
          <DatePickerInput label="Date" placeholder="DD/MM/YYYY" valueFormat="DD/MM/YYYY" value={day} onChange={setDay} minDate={new Date()} maxDate={maxDate} error={errors.fields.expiresAt} disabled={revoked} />
        )}
      </Group>
      <Text size="xs" c="dimmed" mt={-8}>
        {expiry ? `Expires ${formatDateTime(expiry)}. At most ${maxDays} days from now; times in ${zoneName()}.` : 'Never expires. Prefer an expiry: a leaked token then stops working on its own.'}
      </Text>
      <Checkbox
        label={windowDays ? `Email me every day from ${windowDays} day${windowDays === 1 ? '' : 's'} before it expires, until it is renewed` : 'Email me every day as its expiry nears, until it is renewed'}
        checked={!!expiry && reminders}
        disabled={!expiry || revoked}
        onChange={(e) => setReminders(e.currentTarget.checked)}
      />

      <Divider label="Whitelisted IPs" labelPosition="left" mt="sm" />
      {!editing ? (
        <Stack gap="xs">
          <Text size="xs" c="dimmed">
            IPv4 or IPv6 addresses and CIDR ranges (203.0.113.7, 10.0.0.0/8, 2001:db8::/32). Leave empty to allow any address.
          </Text>
          {ips.map((ip, i) => (
            <Group key={i} gap="xs" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                placeholder="203.0.113.7"
                aria-label={`IP ${i + 1}`}
                value={ip}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setIps((s) => s.map((x, j) => (j === i ? v : x)));
                }}
                ff="monospace"
              />
              <ActionIcon variant="subtle" color="gray" aria-label={`Remove IP ${i + 1}`} onClick={() => setIps((s) => (s.length === 1 ? [''] : s.filter((_, j) => j !== i)))}>
                <IconX size={16} />
              </ActionIcon>
            </Group>
          ))}
          {errors.fields.whitelist && (
            <Text c="red" size="xs">
              {errors.fields.whitelist}
            </Text>
          )}
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setIps((s) => [...s, ''])} w="fit-content">
            New IP
          </Button>
        </Stack>
      ) : (
        <Stack gap="xs">
          {token!.whitelist.length === 0 && added.length === 0 && (
            <Text size="sm" c="dimmed">
              No whitelist: the token works from any address.
            </Text>
          )}
          {token!.whitelist.map((w) => {
            const gone = removed.includes(w.id);
            return (
              <Group key={w.id} justify="space-between" wrap="nowrap">
                <Group gap="xs">
                  <Text ff="monospace" size="sm" td={gone ? 'line-through' : undefined} c={gone ? 'dimmed' : undefined}>
                    {w.cidr}
                  </Text>
                  {gone ? (
                    <Badge size="sm" variant="outline" color="red">
                      removed on save
                    </Badge>
                  ) : (
                    <Badge size="sm" variant="light" color={entryColor[w.status]}>
                      {w.status.toLowerCase()}
                    </Badge>
                  )}
                </Group>
                {!revoked &&
                  (gone ? (
                    <Tooltip label="Keep it">
                      <ActionIcon variant="subtle" color="gray" aria-label={`Keep ${w.cidr}`} onClick={() => setRemoved((r) => r.filter((id) => id !== w.id))}>
                        <IconArrowBackUp size={16} />
                      </ActionIcon>
                    </Tooltip>
                  ) : (
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove ${w.cidr}`} onClick={() => setRemoved((r) => [...r, w.id])}>
                      <IconX size={16} />
                    </ActionIcon>
                  ))}
              </Group>
            );
          })}
          {added.map((a) => (
            <Group key={a} justify="space-between" wrap="nowrap">
              <Group gap="xs">
                <Text ff="monospace" size="sm">
                  {asRange(a)}
                </Text>
                <Badge size="sm" variant="outline" color="indigo">
                  added on save
                </Badge>
              </Group>
              <ActionIcon variant="subtle" color="gray" aria-label={`Do not add ${a}`} onClick={() => setAdded((s) => s.filter((x) => x !== a))}>
                <IconX size={16} />
              </ActionIcon>
            </Group>
          ))}
          {!revoked && (
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                placeholder="New IP or CIDR range"
                aria-label="New IP"
                value={newIp}
                onChange={(e) => setNewIp(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    stage();
                  }
                }}
                error={entryError}
                ff="monospace"
              />
              <Button variant="light" leftSection={<IconPlus size={14} />} onClick={stage}>
                New IP
              </Button>
            </Group>
          )}
        </Stack>
      )}
      {editing && !revoked && pending && (
        <Paper withBorder radius="md" p="sm" bg={pending.changes.length ? 'var(--mantine-color-indigo-light)' : undefined} aria-label="Changes to save" role="region">
          {pending.changes.length === 0 ? (
            <Text size="sm" c="dimmed">
              No changes yet: Save changes nothing.
            </Text>
          ) : (
            <>
              <Text size="sm" fw={600} mb={4}>
                Save will change
              </Text>
              <List size="sm" spacing={2}>
                {pending.changes.map((c, i) => (
                  <List.Item key={i}>
                    <Text span fw={600} size="sm">
                      {c.label}:
                    </Text>{' '}
                    {c.from ? `${c.from} → ${c.to}` : c.to}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </Paper>
      )}
    </FormDrawer>
  );
}
