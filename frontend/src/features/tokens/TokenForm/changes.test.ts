import { asRange, plan, when, type EditState } from './changes';
import { tokenOf } from './fixtures';

const token = tokenOf();
const untouched: EditState = { name: token.name, roleId: token.role.id, keepExpiry: true, expiry: new Date(token.expiresAt!), reminders: true, added: [], removed: [] };
const roleName = (id: string) => ({ '3': 'Auditor', '4': 'Security Manager' })[id] ?? id;

describe('plan', () => {
  it('changes nothing when nothing was touched: no field is sent, the expiry keeps its second', () => {
    expect(plan(token, untouched, roleName)).toEqual({ input: null, add: [], remove: [], changes: [] });
  });

  it('sends only the fields that changed, and says how', () => {
    const p = plan(token, { ...untouched, name: 'Billing export v2', roleId: '4' }, roleName);
    expect(p.input).toEqual({ name: 'Billing export v2', roleId: '4' });
    expect(p.changes).toEqual([
      { label: 'Name', from: 'Billing export', to: 'Billing export v2' },
      { label: 'Role', from: 'Auditor', to: 'Security Manager' },
    ]);
  });

  it('names the old and the new expiry, a picked day by its date alone', () => {
    const day = new Date(2027, 2, 31, 23, 59, 59);
    const p = plan(token, { ...untouched, keepExpiry: false, expiry: day }, roleName);
    expect(p.input).toEqual({ expiresAt: day.toISOString() });
    expect(p.changes).toEqual([{ label: 'Expiry', from: when(token.expiresAt), to: '31 Mar 2027' }]);
    expect(when(token.expiresAt)).toMatch(/^12 Mar 2027 \d\d:36$/);
  });

  it('clears the expiry, and leaves the reminders of a token without one alone', () => {
    const p = plan(token, { ...untouched, keepExpiry: false, expiry: null, reminders: false }, roleName);
    expect(p.input).toEqual({ clearExpiry: true });
    expect(p.changes).toEqual([{ label: 'Expiry', from: when(token.expiresAt), to: 'never' }]);
  });

  it('turns reminders off', () => {
    expect(plan(token, { ...untouched, reminders: false }, roleName).input).toEqual({ expiryReminders: false });
  });

  it('lists the whitelist entries to add and to remove', () => {
    const p = plan(token, { ...untouched, added: [' 203.0.113.7 '], removed: ['21'] }, roleName);
    expect(p.input).toBeNull();
    expect(p.add).toEqual(['203.0.113.7']);
    expect(p.remove).toEqual([{ id: '21', cidr: '10.0.0.0/8' }]);
    expect(p.changes.map((c) => c.to)).toEqual(['add 203.0.113.7', 'remove 10.0.0.0/8']);
  });
});

describe('asRange', () => {
  it('shows a single address as the range Keyward stores', () => {
    expect(asRange('203.0.113.7')).toBe('203.0.113.7/32');
    expect(asRange('2001:DB8::1')).toBe('2001:db8::1/128');
    expect(asRange('10.0.0.0/8')).toBe('10.0.0.0/8');
  });
});
