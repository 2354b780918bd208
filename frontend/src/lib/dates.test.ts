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
  it('counts days with their hours, and hours under a day', () => {
    const now = new Date('2026-03-05T12:00:00Z');
    expect(relative('2026-03-15T11:00:00Z', now)).toBe('in 9 days 23 hours');
    expect(relative('2026-03-15T11:59:59Z', now)).toBe('in 10 days');
    expect(relative('2026-03-06T13:30:00Z', now)).toBe('in 1 day 1 hour');
    expect(relative('2026-03-05T17:10:00Z', now)).toBe('in 5 hours');
    expect(relative('2026-03-03T09:00:00Z', now)).toBe('2 days 3 hours ago');
    expect(relative('2026-04-20T12:00:00Z', now)).toBe('in 1 month');
  });
});
