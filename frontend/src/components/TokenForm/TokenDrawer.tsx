import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, Divider, Drawer, Group, Select, Stack, Text, TextInput, type ComboboxData } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import type { ApplicationOptionsQuery, TokenFieldsFragment } from '../../gql/graphql';
import { useAuth } from '../../lib/auth';
import { formatDateTime, zoneName } from '../../lib/dates';
import { errorMessage, formErrors, type FormErrors } from '../../lib/errors';
import { allowedPresets, endOfDay, presetExpiry, type Preset } from './expiry';
import { AddWhitelistEntryDocument, CreateTokenDocument, RemoveWhitelistEntryDocument, TokenFormOptionsDocument, UpdateTokenDocument } from './queries';
import { PermissionSummary } from '../PermissionMatrix/PermissionMatrix';
import { lackText, RoleSelect } from '../RoleSelect/RoleSelect';
import { ApplicationOptionsDocument } from '../ApplicationForm/queries';

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
  const [{ data: opts }] = useQuery({ query: TokenFormOptionsDocument });
  const pickApp = !token && !fixedApp && can('applications:read');
  const [{ data: apps }] = useQuery({ query: ApplicationOptionsDocument, pause: !opened || !pickApp });
  const [applicationId, setApplicationId] = useState<string | null>(null);
  const maxDays = opts?.tokenPolicy.maxLifetimeDays ?? 365;
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [preset, setPreset] = useState<Preset>('3m');
  const [day, setDay] = useState<string | null>(null);
  const [reminders, setReminders] = useState(true);
  const [ips, setIps] = useState<string[]>(['']);
  const [newIp, setNewIp] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [entryError, setEntryError] = useState<string | undefined>();
  const [created, create] = useMutation(CreateTokenDocument);
  const [updated, update] = useMutation(UpdateTokenDocument);
  const [, addEntry] = useMutation(AddWhitelistEntryDocument);
  const [, removeEntry] = useMutation(RemoveWhitelistEntryDocument);
  const editing = !!token;

  useEffect(() => {
    if (!opened) return;
    setName(token?.name ?? '');
    setRoleId(token?.role.id ?? null);
    setPreset(token ? (token.expiresAt ? 'custom' : 'none') : '3m');
    setDay(token?.expiresAt ? token.expiresAt.slice(0, 10) : null);
    setReminders(token?.expiryReminders ?? true);
    setIps(['']);
    setNewIp('');
    setErrors({ fields: {} });
    setEntryError(undefined);
    setApplicationId(null);
    // Reset only when the drawer opens or switches token, not when the token refreshes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, token?.id]);

  const roles = opts?.roles ?? [];
  const role = roles.find((r) => r.id === roleId);
  const expiry = useMemo(() => (preset === 'custom' ? (day ? endOfDay(day) : null) : presetExpiry(preset)), [preset, day]);
  const maxDate = useMemo(() => {
    const d = new Date();
    d.setDate(d.getDate() + maxDays);
    return d;
  }, [maxDays]);
  const expiryChanged = !token || (token.expiresAt ? !expiry || Math.abs(new Date(token.expiresAt).getTime() - expiry.getTime()) > 60_000 : !!expiry);

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
    const input: Record<string, unknown> = { name, roleId: roleId ?? undefined, expiryReminders: !!expiry && reminders };
    if (expiryChanged) {
      if (expiry) input.expiresAt = expiry.toISOString();
      else input.clearExpiry = true;
    }
    const r = await update({ id: token.id, input });
    if (r.error) {
      setErrors(formErrors(r.error));
      return;
    }
    notifications.show({ color: 'green', message: `${name} is saved. Its secret is unchanged.` });
    onClose();
  };

  const add = async () => {
    if (!token || !newIp.trim()) return;
    const r = await addEntry({ tokenId: token.id, cidr: newIp.trim() }, { additionalTypenames: ['Token'] });
    if (r.error) {
      setEntryError(formErrors(r.error).fields.cidr ?? errorMessage(r.error));
      return;
    }
    setEntryError(undefined);
    setNewIp('');
    notifications.show({ color: 'green', message: r.data?.addWhitelistEntry.status === 'PENDING' ? `${r.data.addWhitelistEntry.cidr} is waiting for a Business Owner's approval.` : `${r.data?.addWhitelistEntry.cidr} is whitelisted.` });
  };

  const remove = async (id: string, cidr: string) => {
    const r = await removeEntry({ id }, { additionalTypenames: ['Token'] });
    if (r.error) notifications.show({ color: 'red', title: 'Not removed', message: errorMessage(r.error) });
    else notifications.show({ color: 'green', message: `${cidr} is off the whitelist.` });
  };

  // Nobody acts on a token whose role grants more than they hold: the server refuses it, so
  // the drawer says so and changes nothing.
  const beyond = editing && !token!.role.grantable;
  const revoked = token?.status === 'REVOKED' || beyond;
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={<Text fw={600}>{editing ? `Edit ${token?.name}` : 'Add API token'}</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {token?.status === 'REVOKED' && <Alert color="gray">This token is revoked: it is kept as history and can no longer be changed.</Alert>}
          {beyond && token?.status !== 'REVOKED' && (
            <Alert color="gray" title="You cannot change this token">
              Its role, {token!.role.name}, grants more than you hold. {lackText(token!.role.missingPermissions)}
            </Alert>
          )}
          {errors.message && <Alert color="red">{errors.message}</Alert>}
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
              data={allowedPresets(maxDays).map((p) => ({ value: p.value, label: p.label }))}
              value={preset}
              onChange={(v) => v && setPreset(v as Preset)}
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
          <Checkbox label={`Email me every day from ${opts?.tokenPolicy.reminderWindowDays ?? 15} days before it expires, until it is renewed`} checked={!!expiry && reminders} disabled={!expiry || revoked} onChange={(e) => setReminders(e.currentTarget.checked)} />

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
              {token!.whitelist.length === 0 && (
                <Text size="sm" c="dimmed">
                  No whitelist: the token works from any address.
                </Text>
              )}
              {token!.whitelist.map((w) => (
                <Group key={w.id} justify="space-between" wrap="nowrap">
                  <Group gap="xs">
                    <Text ff="monospace" size="sm">
                      {w.cidr}
                    </Text>
                    <Badge size="sm" variant="light" color={entryColor[w.status]}>
                      {w.status.toLowerCase()}
                    </Badge>
                  </Group>
                  {!revoked && (
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove ${w.cidr}`} onClick={() => remove(w.id, w.cidr)}>
                      <IconX size={16} />
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {!revoked && (
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <TextInput style={{ flex: 1 }} placeholder="New IP or CIDR range" aria-label="New IP" value={newIp} onChange={(e) => setNewIp(e.currentTarget.value)} error={entryError} ff="monospace" />
                  <Button variant="light" leftSection={<IconPlus size={14} />} onClick={add}>
                    New IP
                  </Button>
                </Group>
              )}
            </Stack>
          )}
          {!revoked && (
            <Group justify="flex-end" mt="md">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={created.fetching || updated.fetching}>
                {editing ? 'Save' : 'Generate token'}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Drawer>
  );
}
