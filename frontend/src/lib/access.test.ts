import { sections, visibleSections } from '../components/Shell/Shell';
import { mayOpen, pageAccess, pageFor, refusal } from './access';
import { makeAuth, type Me } from './auth';

function user(permissions: string[], partner: { id: string; name: string } | null = null) {
  const me = { id: '1', email: 'a@example.com', name: 'A', role: { id: '2', name: 'Auditor', permissions, allPermissions: false }, partner } as unknown as Me;
  return makeAuth(me, () => {});
}

describe('pageFor', () => {
  it.each([
    ['/settings', 'settings:write'],
    ['/settings/', 'settings:write'],
    ['/tokens/42', 'tokens:read'],
    ['/roles/7', 'roles:read'],
    ['/roles/new', 'roles:write'],
    ['/applications/3', 'applications:read'],
    ['/developer', ''],
  ])('%s needs %j', (path, perm) => {
    expect(pageFor(path)?.perm).toBe(perm);
  });

  it('covers no page it does not name', () => {
    expect(pageFor('/')).toBeUndefined();
    expect(pageFor('/settingsx')).toBeUndefined();
    expect(pageFor('/nowhere')).toBeUndefined();
  });
});

describe('refusal', () => {
  it('names the permission a page needs', () => {
    expect(refusal(user(['audit:read']), '/settings')).toEqual({ kind: 'permission', page: expect.objectContaining({ title: 'Settings', perm: 'settings:write' }) });
    expect(refusal(user(['audit:read']), '/audit')).toBeNull();
    expect(refusal(user([]), '/developer')).toBeNull();
    expect(refusal(user([]), '/')).toBeNull();
  });

  it("says the organisation's pages are not a partner's, whatever the role", () => {
    const partner = { id: '9', name: 'Acme' };
    expect(refusal(user(['partners:read'], partner), '/partners')?.kind).toBe('organisation');
    expect(refusal(user(['settings:write'], partner), '/settings')?.kind).toBe('organisation');
    expect(refusal(user([], partner), '/tokens')?.kind).toBe('permission');
  });

  it('lets an administrator open every page', () => {
    const admin = makeAuth({ id: '1', email: 'a', name: 'A', role: { id: '1', name: 'Administrator', permissions: [], allPermissions: true }, partner: null } as unknown as Me, () => {});
    for (const p of pageAccess) expect(mayOpen(admin, p.path)).toBe(true);
  });
});

describe('the sidebar', () => {
  const entries = sections.flatMap((s) => s.items);

  it('has a rule in the route map for every entry, under the name the map gives the page', () => {
    for (const item of entries) {
      const page = pageFor(item.to);
      expect(page, item.to).toBeDefined();
      expect({ to: item.to, label: item.label }).toEqual({ to: item.to, label: page!.title });
    }
  });

  it('has an entry for every page the map names, but for the pages under another', () => {
    const nested = pageAccess.filter((p) => pageAccess.some((q) => q !== p && p.path.startsWith(q.path + '/')));
    expect(nested.map((p) => p.path)).toEqual(['/roles/new']);
    expect(entries.map((i) => i.to).sort()).toEqual(pageAccess.filter((p) => !nested.includes(p)).map((p) => p.path).sort());
  });

  it('shows exactly the pages the route guard lets the user open', () => {
    for (const auth of [user([]), user(['audit:read', 'roles:read']), user(['partners:read', 'settings:write', 'tokens:read'], { id: '9', name: 'Acme' })]) {
      const shown = visibleSections(auth).flatMap((s) => s.items.map((i) => i.to));
      expect(shown).toEqual(entries.map((i) => i.to).filter((to) => refusal(auth, to) === null));
    }
    expect(visibleSections(user([])).flatMap((s) => s.items.map((i) => i.label))).toEqual(['Developer API']);
  });
});
