/** The expiry presets of the token form. */
export const presets = [
  { value: 'none', label: 'No expiry' },
  { value: '24h', label: '24 hours' },
  { value: '1m', label: '1 month' },
  { value: '3m', label: '3 months' },
  { value: '6m', label: '6 months' },
  { value: '1y', label: '1 year' },
  { value: 'custom', label: 'Choose a date' },
] as const;

export type Preset = (typeof presets)[number]['value'];

/** The expiry a preset means from now; null for none or a custom date. */
export function presetExpiry(p: Preset, now: Date = new Date()): Date | null {
  const d = new Date(now);
  switch (p) {
    case '24h':
      d.setHours(d.getHours() + 24);
      return d;
    case '1m':
      d.setMonth(d.getMonth() + 1);
      return d;
    case '3m':
      d.setMonth(d.getMonth() + 3);
      return d;
    case '6m':
      d.setMonth(d.getMonth() + 6);
      return d;
    case '1y':
      // A year, held within the 365-day maximum.
      d.setDate(d.getDate() + 365);
      return d;
    default:
      return null;
  }
}

/** A date picked in the calendar expires at the end of that day, in the browser's zone. */
export function endOfDay(day: string | Date): Date {
  const d = typeof day === 'string' ? new Date(`${day.slice(0, 10)}T00:00:00`) : new Date(day);
  d.setHours(23, 59, 59, 0);
  return d;
}

/** Which presets a policy allows: an expiry is optional, and when set at most maxDays away. */
export function allowedPresets(maxDays: number) {
  return presets.filter((p) => {
    if (p.value === '1y') return maxDays >= 365;
    if (p.value === '6m') return maxDays >= 184;
    if (p.value === '3m') return maxDays >= 92;
    if (p.value === '1m') return maxDays >= 31;
    return true;
  });
}
