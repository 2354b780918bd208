import { auditFilters, refusedTokenUses, withAuditFilters } from './filters';

const none = { actor: '', action: '', outcome: null, from: null, to: null };

describe('auditFilters', () => {
  it.each([
    ['', none],
    ['?outcome=refused&action=token.use', { ...none, action: 'token.use', outcome: 'DENIED' }],
    ['?outcome=denied', { ...none, outcome: 'DENIED' }],
    ['?outcome=SUCCESS&actor=ada%40example.com', { ...none, actor: 'ada@example.com', outcome: 'SUCCESS' }],
    ['?outcome=maybe&from=yesterday&to=2026-11-30+10%3A00%3A00', { ...none, to: '2026-11-30 10:00:00' }],
  ])('reads %j', (search, want) => {
    expect(auditFilters(new URLSearchParams(search))).toEqual(want);
  });

  it('writes what it reads, leaving the other parameters alone', () => {
    const f = { actor: 'ada', action: 'token.', outcome: 'FAILURE' as const, from: '2026-11-01 00:00:00', to: null };
    const written = withAuditFilters(new URLSearchParams('partner=4&to=2026-01-01'), f);
    expect(written.get('partner')).toBe('4');
    expect(written.has('to')).toBe(false);
    expect(written.get('outcome')).toBe('failure');
    expect(auditFilters(written)).toEqual(f);
  });

  it('leads the home page to the refused token uses', () => {
    expect(refusedTokenUses).toBe('/audit?action=token.use&outcome=denied');
  });
});
