import type { AuditEventFieldsFragment } from '../../gql/graphql';

/**
 * The console page of what an audit event names, by its type and id: a token, role or
 * application has a page of its own; a user is found by email on the Users page; a partner,
 * module or the settings on their list. Null for what has no page (a sign-in, the trail).
 */
export function entityLink(type: string | null | undefined, id: string | null | undefined, label: string | null | undefined): string | null {
  switch (type) {
    case 'token':
      return id ? `/tokens/${encodeURIComponent(id)}` : null;
    case 'role':
      return id ? `/roles/${encodeURIComponent(id)}` : null;
    case 'application':
      return id ? `/applications/${encodeURIComponent(id)}` : null;
    case 'user':
      return label ? `/users?search=${encodeURIComponent(label)}` : null;
    case 'partner':
      return '/partners';
    case 'module':
      return '/modules';
    case 'settings':
      return '/settings';
    default:
      return null;
  }
}

/** The page of the event's target. */
export function targetLink(e: Pick<AuditEventFieldsFragment, 'targetType' | 'targetId' | 'target'>): string | null {
  return entityLink(e.targetType, e.targetId, e.target);
}

/** The page of the event's actor: the user who acted, or the token that was used. */
export function actorLink(e: Pick<AuditEventFieldsFragment, 'actorType' | 'actorId' | 'actor'>): string | null {
  if (e.actorType === 'USER') return entityLink('user', e.actorId, e.actor);
  if (e.actorType === 'TOKEN') return entityLink('token', e.actorId, e.actor);
  return null;
}
