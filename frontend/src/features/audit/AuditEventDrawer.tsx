import { Link } from 'react-router';
import { Anchor, Badge, Code, Divider, Drawer, Stack, Text } from '@mantine/core';
import type { AuditEventFieldsFragment } from '../../gql/graphql';
import { mayOpen } from '../../lib/access';
import { useAuth } from '../../lib/auth';
import { formatDateTime } from '../../lib/dates';
import { AuditDetails, DetailRow } from './AuditDetails';
import { actorLink, targetLink } from './links';

export const outcomeColor: Record<string, string> = { SUCCESS: 'green', FAILURE: 'orange', DENIED: 'red' };

const actorTypes: Record<string, string> = { USER: 'user', TOKEN: 'API token', APPROVER: 'Business Owner', SYSTEM: 'Keyward', ANONYMOUS: 'not signed in' };

/** What an event names: a link to its page when there is one the signed-in user may open. */
function Named({ label, kind, to, id }: { label: string | null | undefined; kind: string; to: string | null; id?: string | null }) {
  const auth = useAuth();
  const text = label || (id ? `#${id}` : null);
  if (!text) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  const link = to && mayOpen(auth, to.split('?')[0]!) ? to : null;
  return (
    <Stack gap={0}>
      {link ? (
        <Anchor component={Link} to={link} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {text}
        </Anchor>
      ) : (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {text}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {kind}
        {id ? (
          <>
            {' · ID '}
            <Code fz="xs">{id}</Code>
          </>
        ) : null}
      </Text>
    </Stack>
  );
}

/** One audit event in full: who did what to what, from where, and the details. */
export function AuditEventDrawer({ event, onClose }: { event: AuditEventFieldsFragment | null; onClose: () => void }) {
  return (
    <Drawer opened={!!event} onClose={onClose} position="right" size="lg" title={<Code fz="sm">{event?.action}</Code>}>
      {event && (
        <Stack gap="sm">
          <DetailRow label="Time">
            <Text size="sm">{formatDateTime(event.at)}</Text>
          </DetailRow>
          <DetailRow label="Actor">
            <Named label={event.actor} kind={actorTypes[event.actorType] ?? event.actorType.toLowerCase()} to={actorLink(event)} id={event.actorId} />
          </DetailRow>
          <DetailRow label="Target">
            {event.targetType || event.target ? (
              <Named label={event.target} kind={event.targetType?.replace(/_/g, ' ') ?? ''} to={targetLink(event)} id={event.targetId} />
            ) : (
              <Text size="sm" c="dimmed">
                —
              </Text>
            )}
          </DetailRow>
          <DetailRow label="Outcome">
            <Badge color={outcomeColor[event.outcome]} variant="light">
              {event.outcome.toLowerCase()}
            </Badge>
          </DetailRow>
          <DetailRow label="IP">
            <Text size="sm" ff="monospace">
              {event.ip || '—'}
            </Text>
          </DetailRow>
          <DetailRow label="User agent">
            <Text size="sm" c={event.userAgent ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
              {event.userAgent || '—'}
            </Text>
          </DetailRow>
          <Divider my={4} />
          <AuditDetails key={event.id} details={event.details} />
        </Stack>
      )}
    </Drawer>
  );
}
