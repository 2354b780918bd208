import { organisationPermissions, type Auth } from './auth';

/** What opening a console page takes. */
export interface PageAccess {
  /** The address, or the start of the addresses, the rule covers ('/roles' covers '/roles/7'). */
  path: string;
  /** The page's name as the sidebar shows it. */
  title: string;
  /** The permission the page needs ('' for every signed-in user). */
  perm: string;
  /** Only for the organisation's own people: a partner's user never opens it, whatever its role. */
  orgOnly?: boolean;
}

/**
 * Which permission each page of the console needs: the route guard renders the 403 page from
 * it before the page sends a query, and the sidebar hides what it refuses. The server decides
 * in the end (every query carries its own @hasPermission): this only keeps people from pages
 * that could not load.
 */
export const pageAccess: PageAccess[] = [
  { path: '/users', title: 'Users', perm: 'users:read' },
  { path: '/roles/new', title: 'New role', perm: 'roles:write' },
  { path: '/roles', title: 'Roles', perm: 'roles:read' },
  { path: '/tokens', title: 'API tokens', perm: 'tokens:read' },
  { path: '/approvals', title: 'Approvals', perm: 'whitelist:approve' },
  { path: '/audit', title: 'Audit log', perm: 'audit:read' },
  { path: '/applications', title: 'Applications', perm: 'applications:read' },
  { path: '/partners', title: 'Partners', perm: 'partners:read', orgOnly: true },
  { path: '/modules', title: 'API modules', perm: 'roles:read' },
  { path: '/settings', title: 'Settings', perm: 'settings:write' },
  { path: '/developer', title: 'Developer API', perm: '' },
];

/** The rule of the page at pathname (the longest path that covers it), if any. */
export function pageFor(pathname: string): PageAccess | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  let best: PageAccess | undefined;
  for (const p of pageAccess) {
    if ((path === p.path || path.startsWith(p.path + '/')) && (!best || p.path.length > best.path.length)) best = p;
  }
  return best;
}

/** Why the signed-in user may not open a page: missing a permission, or the page is the organisation's. */
export type Refusal = { kind: 'permission'; page: PageAccess } | { kind: 'organisation'; page: PageAccess };

/** Why auth may not open the page at pathname; null when it may (or no rule covers it). */
export function refusal(auth: Pick<Auth, 'can' | 'partner'>, pathname: string): Refusal | null {
  const page = pageFor(pathname);
  if (!page) return null;
  if (page.orgOnly && auth.partner) return { kind: 'organisation', page };
  if (page.perm === '' || auth.can(page.perm)) return null;
  // can() refuses a partner's user the organisation's own permissions whatever its role: no
  // administrator can grant them, so the page says it is the organisation's.
  if (auth.partner && organisationPermissions.includes(page.perm)) return { kind: 'organisation', page };
  return { kind: 'permission', page };
}

/** Whether auth may open the page at pathname: for the sidebar, which shows only these. */
export function mayOpen(auth: Pick<Auth, 'can' | 'partner'>, pathname: string): boolean {
  return refusal(auth, pathname) === null;
}
