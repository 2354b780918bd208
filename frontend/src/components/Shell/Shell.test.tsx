import { makeAuth } from '../../lib/auth';
import { meOf } from '../../test-utils/client';
import { visibleSections } from './Shell';

const labels = (auth: ReturnType<typeof makeAuth>) => visibleSections(auth).flatMap((s) => s.items.map((i) => i.label));

describe('the sidebar', () => {
  it("offers Partners to the organisation's administrators only", () => {
    const perms = ['partners:read', 'applications:read', 'tokens:read'];
    expect(labels(makeAuth(meOf({ permissions: perms }), () => {}))).toEqual(expect.arrayContaining(['Applications', 'Partners', 'API tokens']));
    const partnerUser = labels(makeAuth(meOf({ permissions: perms, partner: { id: '4', name: 'Northwind' } }), () => {}));
    expect(partnerUser).toContain('Applications');
    expect(partnerUser).not.toContain('Partners');
  });

  it("hides Settings from a partner's administrator, who may not change them", () => {
    expect(labels(makeAuth(meOf({ all: true, partner: { id: '4', name: 'Northwind' } }), () => {}))).not.toContain('Settings');
    expect(labels(makeAuth(meOf({ all: true }), () => {}))).toContain('Settings');
  });

  it('leaves out a section with nothing the user may open', () => {
    const titles = visibleSections(makeAuth(meOf({ permissions: ['audit:read'] }), () => {})).map((s) => s.title);
    expect(titles).toEqual(['Security', 'Developers']);
  });
});
