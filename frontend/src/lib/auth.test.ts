import { makeAuth } from './auth';
import { meOf } from '../test-utils/client';

describe('makeAuth', () => {
  it("never lets a partner's user use the organisation's own permissions, whatever its role", () => {
    const a = makeAuth(meOf({ all: true, partner: { id: '4', name: 'Northwind' } }), () => {});
    expect(a.can('tokens:write')).toBe(true);
    expect(a.can('partners:read')).toBe(true);
    for (const p of ['settings:write', 'roles:write', 'partners:write']) expect(a.can(p)).toBe(false);
    expect(a.partner?.name).toBe('Northwind');
    expect(a.orgAdmin).toBe(false);
  });

  it("makes an organisation administrator of the organisation's own people who read partners", () => {
    expect(makeAuth(meOf({ permissions: ['partners:read'] }), () => {}).orgAdmin).toBe(true);
    expect(makeAuth(meOf({ all: true }), () => {}).can('settings:write')).toBe(true);
    expect(makeAuth(meOf({ permissions: ['tokens:read'] }), () => {}).orgAdmin).toBe(false);
  });
});
