/** The time zone the console shows dates in: the browser's. */
export function zoneName(date: Date = new Date()): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'UTC';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** DD/MM/YYYY in the browser's zone; '' for nothing. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** DD/MM/YYYY HH:mm and the zone, like "05/03/2026 14:07 GMT+1"; '' for nothing. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  return `${formatDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zoneName(d)}`;
}

/**
 * "3 minutes ago", "in 5 hours", "in 9 days 23 hours": for last-used and expiry columns. Under a
 * month, days come with their hours (9 days 23 hours is not "9 days"); the time is taken to the
 * nearest minute, so what expires in exactly 10 days still says so a moment later.
 */
export function relative(value: string | null | undefined, now: Date = new Date()): string {
  if (!value) return '';
  const d = new Date(value);
  const diff = d.getTime() - now.getTime();
  const abs = Math.round(Math.abs(diff) / 60e3) * 60e3;
  const units: [number, string][] = [
    [365 * 86400e3, 'year'],
    [30 * 86400e3, 'month'],
    [86400e3, 'day'],
    [3600e3, 'hour'],
    [60e3, 'minute'],
  ];
  const count = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  for (const [ms, name] of units) {
    if (abs >= ms) {
      const n = Math.floor(abs / ms);
      const hours = name === 'day' ? Math.floor((abs % ms) / 3600e3) : 0;
      const s = hours > 0 ? `${count(n, name)} ${count(hours, 'hour')}` : count(n, name);
      return diff < 0 ? `${s} ago` : `in ${s}`;
    }
  }
  return diff < 0 ? 'just now' : 'in less than a minute';
}
