import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Divider, Group, NumberInput, Paper, SimpleGrid, Stack, Switch, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy, IconMailCheck, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { SettingsInput } from '../gql/graphql';
import { useAuth } from '../lib/auth';
import { formatDateTime, relative } from '../lib/dates';
import { errorMessage, formErrors } from '../lib/errors';
import { PageHeader } from '../components/PageHeader/PageHeader';
import { ErrorState, TableSkeleton } from '../components/States/States';

graphql(`
  fragment SettingsFields on Settings {
    businessOwnerEmails
    whitelistApproval
    requireWhitelist
    maxTokenLifetimeDays
    reminderWindowDays
    approvalLinkLifetimeHours
    sessionIdleTimeoutMinutes
    sessionLifetimeHours
    loginCodeRequired
    auditRetentionDays
    signInLifetimeDays
  }
`);

const SettingsDocument = graphql(`
  query Settings {
    settings {
      ...SettingsFields
    }
  }
`);

const UpdateSettingsDocument = graphql(`
  mutation UpdateSettings($input: SettingsInput!) {
    updateSettings(input: $input) {
      ...SettingsFields
    }
  }
`);

export const EmailStatusDocument = graphql(`
  query EmailStatus {
    emailStatus {
      transport
      problems {
        id
        type
        state
        recipient
        attempt
        maxAttempts
        lastError
        createdAt
        nextAttemptAt
      }
    }
  }
`);

const SendTestEmailDocument = graphql(`
  mutation SendTestEmail($to: String) {
    sendTestEmail(to: $to)
  }
`);

const RetryEmailDocument = graphql(`
  mutation RetryEmail($id: ID!) {
    retryEmail(id: $id)
  }
`);

type Form = Required<{ [K in keyof SettingsInput]: NonNullable<SettingsInput[K]> }>;

/** The form's values from the server's settings (without urql's __typename). */
function formOf(settings: object): Form {
  const { __typename, ...rest } = settings as Form & { __typename?: string };
  void __typename;
  return rest;
}

const emailTypes: Record<string, string> = {
  test: 'Test email',
  approval_request: 'Approval request',
  approval_decision: 'Approval decision',
  approval_expired: 'Approval request expired',
  expiry_reminder: 'Expiry reminder',
  token_expired: 'Token expired',
  login_code: 'Sign-in code',
};

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={4}>{title}</Title>
      <Text size="sm" c="dimmed" mb="md">
        {description}
      </Text>
      <Stack gap="md">{children}</Stack>
    </Paper>
  );
}

/** The email transport, a test email, and the emails that keep failing. */
function EmailSection() {
  const { me } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: EmailStatusDocument, requestPolicy: 'cache-and-network' });
  const [test, sendTest] = useMutation(SendTestEmailDocument);
  const [, retry] = useMutation(RetryEmailDocument);
  const [to, setTo] = useState('');
  const testErrors = formErrors(test.error);
  const status = data?.emailStatus;

  return (
    <Section title="Email" description="Approval requests, decisions, expiry reminders and sign-in codes go out by email. Failed emails are retried with backoff.">
      <Group gap="xs">
        <Text size="sm">Transport:</Text>
        {status ? (
          <Badge variant="light" color={status.transport === 'smtp' ? 'teal' : 'yellow'}>
            {status.transport === 'smtp' ? 'SMTP' : 'server log (no SMTP configured)'}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            …
          </Text>
        )}
      </Group>
      {status?.transport === 'log' && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          No SMTP server is configured (KEYWARD_SMTP_URL), so emails are written to the server log instead of being sent.
        </Alert>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await sendTest({ to: to.trim() || null });
          if (!r.error) {
            notifications.show({ color: 'teal', title: 'Test email queued', message: `It goes to ${to.trim() || me.email} within seconds.` });
            setTo('');
            refetch({ requestPolicy: 'network-only' });
          }
        }}
      >
        <Group align="flex-end">
          <TextInput
            label="Send a test email to"
            placeholder={me.email}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={testErrors.fields.to ?? testErrors.message}
            style={{ flex: 1, maxWidth: 420 }}
          />
          <Button type="submit" variant="default" leftSection={<IconMailCheck size={16} />} loading={test.fetching}>
            Send test email
          </Button>
        </Group>
      </form>
      <Divider label="Failing emails" labelPosition="left" />
      {error && !data ? (
        <ErrorState message={errorMessage(error)} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !status ? (
        <TableSkeleton rows={2} />
      ) : status.problems.length === 0 ? (
        <Text size="sm" c="dimmed">
          None: every email was delivered.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.problems.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text size="sm">{emailTypes[p.type] ?? p.type}</Text>
                    <Text size="xs" c="dimmed">
                      queued {formatDateTime(p.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.recipient ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={p.state === 'DISCARDED' ? 'red' : 'yellow'}>
                      {p.state === 'DISCARDED' ? 'given up' : 'retrying'}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      attempt {p.attempt} of {p.maxAttempts}
                      {p.state !== 'DISCARDED' && p.nextAttemptAt ? ` · next ${relative(p.nextAttemptAt)}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={320}>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {p.lastError}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconRefresh size={14} />}
                      onClick={async () => {
                        const r = await retry({ id: p.id });
                        if (r.error) notifications.show({ color: 'red', title: 'Not retried', message: errorMessage(r.error) });
                        else notifications.show({ title: 'Retrying now', message: `${emailTypes[p.type] ?? p.type} to ${p.recipient ?? 'its recipient'}` });
                        refetch({ requestPolicy: 'network-only' });
                      }}
                    >
                      Retry now
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

/** Keyward's settings: Business Owners and whitelist rules, lifetimes, sign-in, email. */
export default function SettingsPage() {
  const [{ data, error }, refetch] = useQuery({ query: SettingsDocument });
  const [saved, save] = useMutation(UpdateSettingsDocument);
  const [form, setForm] = useState<Form | null>(null);
  const [blank, setBlank] = useState<Record<string, string>>({});
  const serverErrors = formErrors(saved.error);
  const errors = { ...serverErrors, fields: { ...serverErrors.fields, ...blank } };

  useEffect(() => {
    if (data?.settings && !form) {
      setForm(formOf(data.settings));
    }
  }, [data, form]);

  if (error && !data) return <ErrorState message={errorMessage(error)} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!form) return <TableSkeleton rows={6} />;

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  const num = (k: keyof Form) => (v: string | number) => set(k, (typeof v === 'number' ? v : Number.NaN) as never);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    // An emptied number box would read as "unchanged": say so instead of saving.
    const empty = Object.fromEntries(
      Object.entries(form)
        .filter(([, v]) => typeof v === 'number' && Number.isNaN(v))
        .map(([k]) => [k, 'Enter a number']),
    );
    setBlank(empty);
    if (Object.keys(empty).length > 0) return;
    const r = await save({ input: form });
    if (!r.error && r.data) {
      setForm(formOf(r.data.updateSettings));
      notifications.show({ color: 'teal', title: 'Settings saved', message: 'They apply at once.' });
    }
  };

  return (
    <>
      <PageHeader title="Settings" description="How Keyward approves whitelisted addresses, how long tokens and sessions live, and how people sign in." />
      <Stack gap="lg">
        <form onSubmit={submit} noValidate>
          <Stack gap="lg">
            {errors.message && (
              <Alert color="red" role="alert">
                {errors.message}
              </Alert>
            )}
            <Section title="Whitelist approval" description="Business Owners approve each IP address or range whitelisted on a token, from a link in an email.">
              <TagsInput
                label="Business Owner emails"
                description="Each gets an approval email for every new whitelist entry. Press Enter after each address."
                placeholder="owner@example.com"
                value={form.businessOwnerEmails}
                onChange={(v) => set('businessOwnerEmails', v)}
                error={errors.fields.businessOwnerEmails}
                splitChars={[',', ' ', ';']}
                clearable
              />
              <Switch
                label="Whitelist entries need a Business Owner's approval"
                description="A new entry stays pending, and admits nothing, until a Business Owner approves it."
                checked={form.whitelistApproval}
                onChange={(e) => set('whitelistApproval', e.currentTarget.checked)}
                error={errors.fields.whitelistApproval}
              />
              <Switch
                label="Tokens need an approved whitelist entry"
                description="A token with no approved entry is refused from every address."
                checked={form.requireWhitelist}
                onChange={(e) => set('requireWhitelist', e.currentTarget.checked)}
              />
              <NumberInput
                label="Approval links expire after (hours)"
                min={1}
                max={720}
                value={form.approvalLinkLifetimeHours}
                onChange={num('approvalLinkLifetimeHours')}
                error={errors.fields.approvalLinkLifetimeHours}
                maw={260}
              />
            </Section>
            <Section title="Tokens" description="Limits on new tokens, and when the creators of tokens that opted in start getting a daily expiry reminder.">
              <SimpleGrid cols={{ base: 1, sm: 2 }} maw={560}>
                <NumberInput label="Maximum lifetime (days)" min={1} max={365} value={form.maxTokenLifetimeDays} onChange={num('maxTokenLifetimeDays')} error={errors.fields.maxTokenLifetimeDays} />
                <NumberInput
                  label="Expiry reminders start (days before)"
                  min={1}
                  max={60}
                  value={form.reminderWindowDays}
                  onChange={num('reminderWindowDays')}
                  error={errors.fields.reminderWindowDays}
                />
              </SimpleGrid>
            </Section>
            <Section title="Sign-in and sessions" description="Console sessions end after a period without activity, and after their lifetime in any case; API sign-ins of scripts end after theirs.">
              <SimpleGrid cols={{ base: 1, sm: 2 }} maw={560}>
                <NumberInput label="Idle timeout (minutes)" min={5} max={1440} value={form.sessionIdleTimeoutMinutes} onChange={num('sessionIdleTimeoutMinutes')} error={errors.fields.sessionIdleTimeoutMinutes} />
                <NumberInput label="Session lifetime (hours)" min={1} max={168} value={form.sessionLifetimeHours} onChange={num('sessionLifetimeHours')} error={errors.fields.sessionLifetimeHours} />
              </SimpleGrid>
              <NumberInput
                label="API sign-in lifetime (days)"
                description="An API sign-in (a script's refresh tokens) ends this many days after its login at the latest, however often it refreshes."
                min={1}
                max={365}
                value={form.signInLifetimeDays}
                onChange={num('signInLifetimeDays')}
                error={errors.fields.signInLifetimeDays}
                maw={560}
              />
              <Switch
                label="Everyone signs in with a code sent by email"
                description="After the password, a 6-digit code is emailed; it works once, for 10 minutes. Without this, it is asked only of the users who have it turned on."
                checked={form.loginCodeRequired}
                onChange={(e) => set('loginCodeRequired', e.currentTarget.checked)}
              />
            </Section>
            <Section title="Audit trail" description="Every change, sign-in and refused request is recorded. Older events are removed every few hours.">
              <NumberInput
                label="Keep audit events for (days)"
                min={30}
                max={3650}
                value={form.auditRetentionDays}
                onChange={num('auditRetentionDays')}
                error={errors.fields.auditRetentionDays}
                maw={260}
              />
            </Section>
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={saved.fetching}>
                Save settings
              </Button>
            </Group>
          </Stack>
        </form>
        <EmailSection />
      </Stack>
    </>
  );
}
