import { useEffect, useState } from 'react';
import { Alert, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import type { UserFieldsFragment } from '../../gql/graphql';
import { formErrors } from '../../lib/errors';
import { FormDrawer } from '../../components/FormDrawer/FormDrawer';
import { PasswordField } from '../../components/PasswordField/PasswordField';
import { PartnerSelect } from '../../components/PartnerSelect/PartnerSelect';
import { lackText, RoleSelect, type GrantableRole } from '../../components/RoleSelect/RoleSelect';
import { CreateUserDocument, UpdateUserDocument } from './queries';

/** A user of the Users list. */
export type UserRow = UserFieldsFragment;

/** What the drawer shows: a new user, or one to edit; null when closed. */
export type UserDrawerState = { mode: 'add' } | { mode: 'edit'; user: UserRow } | null;

/**
 * The Add user / Edit user drawer. An organisation administrator (partnerChoice) may add a user
 * to a partner; a partner's user adds users to its own partner without being asked. A user's
 * partner never changes.
 */
export function UserDrawer({
  state,
  roles,
  onClose,
  isSelf,
  partnerChoice,
  partnerId: presetPartner,
}: {
  state: UserDrawerState;
  roles: GrantableRole[];
  onClose: () => void;
  isSelf?: boolean;
  partnerChoice?: boolean;
  /** The partner a new user starts with (the list's filter). */
  partnerId?: string | null;
}) {
  const editing = state?.mode === 'edit' ? state.user : null;
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [active, setActive] = useState(true);
  const [codeRequired, setCodeRequired] = useState(false);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [created, create] = useMutation(CreateUserDocument);
  const [updated, update] = useMutation(UpdateUserDocument);
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });

  useEffect(() => {
    setEmail(editing?.email ?? '');
    setName(editing?.name ?? '');
    setPassword('');
    setRoleId(editing?.role.id ?? null);
    setActive(editing?.active ?? true);
    setCodeRequired(editing?.loginCodeRequired ?? false);
    setPartnerId(editing ? (editing.partner?.id ?? null) : (presetPartner ?? null));
    setErrors({ fields: {} });
  }, [state, editing, presetPartner]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = editing
      ? await update({ id: editing.id, input: { email, name, ...(isSelf ? {} : { roleId: roleId ?? undefined }), active, loginCodeRequired: codeRequired, ...(password ? { password } : {}) } })
      : await create(
          { input: { email, name, password, roleId: roleId ?? '', loginCodeRequired: codeRequired, ...(partnerChoice && partnerId ? { partnerId } : {}) } },
          { additionalTypenames: ['User', 'UserConnection'] },
        );
    if (r.error) {
      setErrors(formErrors(r.error));
      return;
    }
    notifications.show({ color: 'green', message: editing ? `${name} is saved.` : `${name} can now sign in.` });
    onClose();
  };

  // Nobody changes a user who holds more than they do (password and email included).
  const beyond = !!editing && !editing.role.grantable;
  return (
    <FormDrawer
      opened={!!state}
      onClose={onClose}
      title={editing ? 'Edit user' : 'Add user'}
      onSubmit={submit}
      error={errors.message}
      submitLabel={editing ? 'Save' : 'Add user'}
      submitting={created.fetching || updated.fetching}
      submit={!beyond}
    >
      {beyond && (
        <Alert color="gray" title="You cannot change this user">
          Their role, {editing.role.name}, grants more than you hold. {lackText(editing.role.missingPermissions)}
        </Alert>
      )}
      <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.fields.name} disabled={beyond} />
      <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.fields.email} disabled={beyond} />
      <RoleSelect
        holder="user"
        roles={roles}
        value={roleId}
        onChange={setRoleId}
        error={errors.fields.roleId}
        disabled={beyond || isSelf}
        description={isSelf ? 'Nobody changes their own role: ask another administrator.' : undefined}
      />
      {partnerChoice && (
        <PartnerSelect
          label="Partner"
          placeholder="None: one of the organisation's own"
          description={editing ? 'A user stays with its partner.' : "A partner's user sees and changes only that partner's applications, tokens, approvals and audit events."}
          value={partnerId}
          onChange={setPartnerId}
          clearable
          disabled={!!editing || beyond}
          error={errors.fields.partnerId}
        />
      )}
      {isSelf ? (
        <Text size="xs" c="dimmed">
          To change your own password, use Change password in the menu under your name: it asks for the current one.
        </Text>
      ) : (
        <PasswordField
          label={editing ? 'New password (leave empty to keep the current one)' : 'Password (share it with them safely)'}
          required={!editing}
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          personal={[email, name]}
          disabled={beyond}
        />
      )}
      {editing && <Switch label="Active: can sign in" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} disabled={isSelf || beyond} error={errors.fields.active} />}
      <Switch
        label="Sign in with a code sent by email"
        description="After the password, a 6-digit code goes to their email (Settings can ask it of everyone)"
        checked={codeRequired}
        onChange={(e) => setCodeRequired(e.currentTarget.checked)}
        disabled={beyond}
      />
    </FormDrawer>
  );
}
