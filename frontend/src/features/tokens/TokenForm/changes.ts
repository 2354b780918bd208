import type { TokenFieldsFragment, UpdateTokenInput } from '../../../gql/graphql';

/** What the Edit drawer holds, beside the token as it is. */
export interface EditState {
  name: string;
  roleId: string | null;
  /** The expiry is left as it is, to the second (the user did not touch it). */
  keepExpiry: boolean;
  /** The expiry chosen when keepExpiry is false; null for none. */
  expiry: Date | null;
  reminders: boolean;
  /** Addresses and ranges to add to the whitelist, as typed. */
  added: string[];
  /** Whitelist entries (ids) to remove. */
  removed: string[];
}

/** One line of "what will change": Expiry: 12 Mar 2027 13:36 → 31 Mar 2027. */
export interface Change {
  label: string;
  from: string;
  to: string;
}

/** What saving sends: the fields of updateToken that change, and the whitelist edits. */
export interface Plan {
  /** Null when no field of the token itself changes. */
  input: UpdateTokenInput | null;
  add: string[];
  remove: { id: string; cidr: string }[];
  changes: Change[];
}

const monthFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "12 Mar 2027 13:36", or "31 Mar 2027" for the end of a day (a date picked in the calendar). */
export function when(d: Date | string | null | undefined): string {
  if (!d) return 'never';
  const date = typeof d === 'string' ? new Date(d) : d;
  const day = monthFmt.format(date);
  if (date.getHours() === 23 && date.getMinutes() === 59) return day;
  return `${day} ${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * A single address as Keyward stores it: 203.0.113.7 is 203.0.113.7/32, 2001:db8::1 is
 * 2001:db8::1/128. Ranges are shown as typed; the server checks and canonicalises them on Save.
 */
export function asRange(s: string): string {
  const v = s.trim();
  if (v.includes('/')) return v;
  if (v.includes(':')) return `${v.toLowerCase()}/128`;
  return `${v}/32`;
}

/**
 * What saving the drawer would change on token, and only that: a field the user left alone is
 * not sent, so an untouched Save changes nothing (the expiry keeps its exact second).
 */
export function plan(token: TokenFieldsFragment, s: EditState, roleName: (id: string) => string): Plan {
  const input: UpdateTokenInput = {};
  const changes: Change[] = [];
  const name = s.name.trim();
  if (name !== token.name) {
    input.name = s.name;
    changes.push({ label: 'Name', from: token.name, to: name || '(empty)' });
  }
  if (s.roleId && s.roleId !== token.role.id) {
    input.roleId = s.roleId;
    changes.push({ label: 'Role', from: token.role.name, to: roleName(s.roleId) });
  }
  let expiry: Date | null = token.expiresAt ? new Date(token.expiresAt) : null;
  if (!s.keepExpiry) {
    const before = token.expiresAt ? new Date(token.expiresAt).getTime() : null;
    if (s.expiry && (before === null || Math.abs(s.expiry.getTime() - before) >= 1000)) {
      input.expiresAt = s.expiry.toISOString();
      changes.push({ label: 'Expiry', from: when(token.expiresAt), to: when(s.expiry) });
    } else if (!s.expiry && before !== null) {
      input.clearExpiry = true;
      changes.push({ label: 'Expiry', from: when(token.expiresAt), to: 'never' });
    }
    expiry = s.expiry;
  }
  // Reminders only mean something with an expiry; without one they are left as they are.
  if (expiry && s.reminders !== token.expiryReminders) {
    input.expiryReminders = s.reminders;
    changes.push({ label: 'Expiry reminders', from: token.expiryReminders ? 'on' : 'off', to: s.reminders ? 'on' : 'off' });
  }
  const add = s.added.map((a) => a.trim()).filter(Boolean);
  const remove = token.whitelist.filter((w) => s.removed.includes(w.id)).map((w) => ({ id: w.id, cidr: w.cidr }));
  for (const a of add) changes.push({ label: 'Whitelist', from: '', to: `add ${a}` });
  for (const r of remove) changes.push({ label: 'Whitelist', from: '', to: `remove ${r.cidr}` });
  return { input: Object.keys(input).length > 0 ? input : null, add, remove, changes };
}
