import { useState } from 'react';
import { Alert, Badge, Button, Divider, Group, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconMailCheck, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { useAuth } from '../../lib/auth';
import { formatDateTime, relative } from '../../lib/dates';
import { errorMessage, formErrors } from '../../lib/errors';
import { ErrorState, TableSkeleton } from '../../components/States/States';
import { EmailStatusDocument, RetryEmailDocument, SendTestEmailDocument } from './queries';
import { Section } from './Section';

const emailTypes: Record<string, string> = {
  test: 'Test email',
  approval_request: 'Approval request',
  approval_decision: 'Approval decision',
  approval_expired: 'Approval request expired',
  expiry_reminder: 'Expiry reminder',
  token_expired: 'Token expired',
  login_code: 'Sign-in code',
};

/** The email transport, a test email, and the emails that keep failing. */
export function EmailSection() {
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
            style={{ flex: '1 1 240px', maxWidth: 420 }}
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
