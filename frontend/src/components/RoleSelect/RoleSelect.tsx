import { Select, Stack, Text } from '@mantine/core';

/** A role as the pickers need it: whether the signed-in user may give it, and what they lack. */
export interface GrantableRole {
  id: string;
  name: string;
  grantable: boolean;
  missingPermissions: string[];
}

/** Why the signed-in user may not give a role (or act on what holds it), in a few words. */
export function lackText(missing: string[]): string {
  if (missing.includes('every permission')) return 'It grants every permission: only an administrator may give it.';
  const shown = missing.slice(0, 3).join(', ');
  const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
  return `You do not hold ${shown}${more}.`;
}

/**
 * The role picker of the token and user forms. Nobody gives more than they hold, so the roles
 * this user may not give are listed last, greyed out, each with what the user lacks.
 */
export function RoleSelect({
  roles,
  value,
  onChange,
  error,
  disabled,
  holder,
  description,
}: {
  roles: GrantableRole[];
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  disabled?: boolean;
  /** Who gets the role: "token" or "user". */
  holder: 'token' | 'user';
  description?: string;
}) {
  const sorted = [...roles].sort((a, b) => Number(b.grantable) - Number(a.grantable));
  const byId = new Map(roles.map((r) => [r.id, r]));
  const blocked = roles.some((r) => !r.grantable);
  return (
    <Select
      label="Role"
      required
      placeholder={holder === 'token' ? 'What the token may do' : 'Choose a role'}
      data={sorted.map((r) => ({ value: r.id, label: r.name, disabled: !r.grantable && r.id !== value }))}
      value={value}
      onChange={onChange}
      error={error}
      searchable
      disabled={disabled}
      description={description ?? (blocked ? `A ${holder} can hold only permissions you hold: the roles you cannot give are greyed out.` : undefined)}
      renderOption={({ option }) => {
        const r = byId.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            {r && !r.grantable && (
              <Text size="xs" c="dimmed">
                {lackText(r.missingPermissions)}
              </Text>
            )}
          </Stack>
        );
      }}
    />
  );
}
