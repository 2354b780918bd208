import { useEffect, useState } from 'react';
import { Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import type { ApplicationFieldsFragment } from '../../../gql/graphql';
import { useAuth } from '../../../lib/auth';
import { formErrors, type FormErrors } from '../../../lib/errors';
import { FormDrawer } from '../../../components/FormDrawer/FormDrawer';
import { PartnerSelect } from '../../../components/PartnerSelect/PartnerSelect';
import { CreateApplicationDocument, UpdateApplicationDocument } from './queries';

/**
 * The New application and Edit application drawer. An organisation administrator chooses the
 * partner (none: the organisation's own); a partner's user always creates for its partner, so
 * it is not asked. The partner of an application never changes.
 */
export function ApplicationDrawer({
  opened,
  application,
  onClose,
  onCreated,
  partnerId: presetPartner,
}: {
  opened: boolean;
  application: ApplicationFieldsFragment | null;
  onClose: () => void;
  onCreated?: (a: ApplicationFieldsFragment) => void;
  /** The partner a new application starts with (the list's filter). */
  partnerId?: string | null;
}) {
  const { orgAdmin, partner: ownPartner } = useAuth();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [created, create] = useMutation(CreateApplicationDocument);
  const [updated, update] = useMutation(UpdateApplicationDocument);

  useEffect(() => {
    if (!opened) return;
    setName(application?.name ?? '');
    setDescription(application?.description ?? '');
    setPartnerId(application ? (application.partner?.id ?? null) : (presetPartner ?? null));
    setErrors({ fields: {} });
  }, [opened, application, presetPartner]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (application) {
      const r = await update({ id: application.id, input: { name, description } });
      if (r.error) {
        setErrors(formErrors(r.error));
        return;
      }
      notifications.show({ color: 'green', message: `${name} is saved. Its client id is unchanged.` });
      onClose();
      return;
    }
    const input = { name, description, ...(orgAdmin && partnerId ? { partnerId } : {}) };
    const r = await create({ input }, { additionalTypenames: ['Application', 'ApplicationConnection'] });
    if (r.error || !r.data) {
      setErrors(formErrors(r.error));
      return;
    }
    notifications.show({ color: 'green', message: `${r.data.createApplication.name} is created.` });
    onClose();
    onCreated?.(r.data.createApplication);
  };

  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={application ? `Edit ${application.name}` : 'New application'}
      onSubmit={submit}
      error={errors.message}
      submitLabel={application ? 'Save' : 'Create application'}
      submitting={created.fetching || updated.fetching}
    >
      <TextInput label="Name" required placeholder="Checkout backend" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.fields.name} data-autofocus />
      <Textarea
        label="Description"
        placeholder="What the application does with your APIs"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        error={errors.fields.description}
        autosize
        minRows={3}
        maxLength={1000}
      />
      {orgAdmin ? (
        <PartnerSelect
          label="Partner"
          placeholder="None: the organisation's own"
          description={application ? 'An application stays with its partner.' : "Its tokens belong to the partner, whose users alone see them. Leave empty for one of the organisation's own."}
          value={partnerId}
          onChange={setPartnerId}
          clearable
          disabled={!!application}
          error={errors.fields.partnerId}
        />
      ) : (
        ownPartner && (
          <Text size="sm" c="dimmed">
            The application belongs to {ownPartner.name}.
          </Text>
        )
      )}
      {!application && (
        <Text size="xs" c="dimmed">
          Keyward gives it a client id that never changes, even when it is renamed.
        </Text>
      )}
    </FormDrawer>
  );
}
