import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { ActionIcon, Badge, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconBell, IconChecklist, IconChevronRight, IconCircleCheck, IconCircleX, IconClockExclamation, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDateTime, relative } from '../../lib/dates';

export const InboxDocument = graphql(`
  query Inbox {
    notifications(first: 20) {
      unreadCount
      items {
        id
        kind
        title
        body
        link
        read
        createdAt
      }
    }
  }
`);

const MarkReadDocument = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);

/** How often the bell asks for news while the console is open. */
const POLL_MS = 30_000;

function KindIcon({ kind }: { kind: string }) {
  if (kind.endsWith('.approved'))
    return (
      <ThemeIcon color="teal" variant="light" radius="xl" size="md">
        <IconCircleCheck size={16} />
      </ThemeIcon>
    );
  if (kind.endsWith('.rejected'))
    return (
      <ThemeIcon color="red" variant="light" radius="xl" size="md">
        <IconCircleX size={16} />
      </ThemeIcon>
    );
  if (kind.endsWith('.expired'))
    return (
      <ThemeIcon color="orange" variant="light" radius="xl" size="md">
        <IconClockExclamation size={16} />
      </ThemeIcon>
    );
  return (
    <ThemeIcon color="indigo" variant="light" radius="xl" size="md">
      <IconInfoCircle size={16} />
    </ThemeIcon>
  );
}

/**
 * The bell in the header: unread count, the newest notifications, each opening its page; and,
 * for one who decides whitelist requests, how many wait on them, first.
 */
export function NotificationBell({ pendingApprovals = 0 }: { pendingApprovals?: number }) {
  const [{ data }, refetch] = useQuery({ query: InboxDocument, requestPolicy: 'cache-and-network' });
  const [, markRead] = useMutation(MarkReadDocument);
  const navigate = useNavigate();

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refetch({ requestPolicy: 'network-only' });
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);

  const inbox = data?.notifications;
  const unread = inbox?.unreadCount ?? 0;
  const items = inbox?.items ?? [];
  const badge = unread + pendingApprovals;
  const waiting = `${pendingApprovals} approval${pendingApprovals === 1 ? '' : 's'} waiting`;
  const label = [unread ? `${unread} unread` : '', pendingApprovals ? waiting : ''].filter(Boolean).join(', ');

  const open = async (id: string, link: string | null | undefined, read: boolean) => {
    if (!read) await markRead({ ids: [id] });
    refetch({ requestPolicy: 'network-only' });
    if (link) navigate(link);
  };

  return (
    <Popover position="bottom-end" width={360} shadow="md" withArrow onOpen={() => refetch({ requestPolicy: 'network-only' })}>
      <Popover.Target>
        <Indicator disabled={badge === 0} label={badge > 99 ? '99+' : badge} size={18} color="red" offset={4} inline>
          <ActionIcon variant="subtle" color="gray" size="lg" radius="xl" aria-label={label ? `Notifications (${label})` : 'Notifications'}>
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="md" py="sm">
          <Group gap="xs">
            <Text fw={600}>Notifications</Text>
            {unread > 0 && (
              <Badge size="sm" color="red" variant="light">
                {unread} new
              </Badge>
            )}
          </Group>
          {unread > 0 && (
            <Button
              variant="subtle"
              size="compact-xs"
              onClick={async () => {
                await markRead({ ids: null });
                refetch({ requestPolicy: 'network-only' });
              }}
            >
              Mark all read
            </Button>
          )}
        </Group>
        <Divider />
        {pendingApprovals > 0 && (
          <UnstyledButton onClick={() => navigate('/approvals')} px="md" py="sm" w="100%" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)', background: 'var(--mantine-color-yellow-0)' }}>
            <Group wrap="nowrap" gap="sm">
              <ThemeIcon color="yellow" variant="light" radius="xl" size="md">
                <IconChecklist size={16} />
              </ThemeIcon>
              <Stack gap={0} style={{ flex: 1 }}>
                <Text size="sm" fw={600}>
                  {pendingApprovals === 1 ? 'A whitelist request waits for your decision' : `${pendingApprovals} whitelist requests wait for your decision`}
                </Text>
                <Text size="xs" c="dimmed">
                  Open Approvals to approve or reject
                </Text>
              </Stack>
              <IconChevronRight size={16} color="var(--mantine-color-gray-6)" />
            </Group>
          </UnstyledButton>
        )}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" p="md" ta="center">
            {pendingApprovals > 0 ? 'No other news.' : 'Nothing yet. Decisions on your whitelist requests appear here.'}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <Stack gap={0}>
              {items.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n.id, n.link, n.read)}
                  px="md"
                  py="sm"
                  style={{ borderBottom: '1px solid var(--mantine-color-gray-2)', background: n.read ? undefined : 'var(--mantine-color-indigo-0)' }}
                  aria-label={n.title}
                >
                  <Group align="flex-start" wrap="nowrap" gap="sm">
                    <KindIcon kind={n.kind} />
                    <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                      <Text size="sm" fw={n.read ? 400 : 600}>
                        {n.title}
                      </Text>
                      {n.body && (
                        <Text size="xs" c="dimmed" lineClamp={3}>
                          {n.body}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed" title={formatDateTime(n.createdAt)}>
                        {relative(n.createdAt)}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
