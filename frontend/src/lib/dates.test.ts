import { formatDate, formatDateTime, relative, zoneName } from './dates';

describe('dates', () => {
  it('formats as DD/MM/YYYY', () => {
    expect(formatDate(new Date(2026, 2, 5, 14, 7))).toBe('05/03/2026');
  });
  it('states the time zone with the time', () => {
    const d = new Date(2026, 2, 5, 14, 7);
    expect(formatDateTime(d)).toBe(`05/03/2026 14:07 ${zoneName(d)}`);
  });
  it('gives nothing for nothing or garbage', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });
  it('says how long ago or how soon', () => {
    const now = new Date('2026-03-05T12:00:00Z');
    expect(relative('2026-03-05T11:57:00Z', now)).toBe('3 minutes ago');
    expect(relative('2026-03-07T12:00:00Z', now)).toBe('in 2 days');
    expect(relative('2026-03-05T12:00:10Z', now)).toBe('in less than a minute');
  });
});
