import { useEffect, useState } from 'react';
import { Alert, Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { formErrors } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { TableSkeleton } from '../../components/States/States';
import { PageError } from '../../components/StatusPage/Forbidden';
import { AuditSection } from './AuditSection';
import { EmailSection } from './EmailSection';
import { emptyNumbers, formOf, type SectionProps, type SettingsForm } from './form';
import { SettingsDocument, UpdateSettingsDocument } from './queries';
import { SignInSection } from './SignInSection';
import { TokensSection } from './TokensSection';
import { WhitelistSection } from './WhitelistSection';

/** Keyward's settings: Business Owners and whitelist rules, lifetimes, sign-in, email. */
export default function SettingsPage() {
  const [{ data, error }, refetch] = useQuery({ query: SettingsDocument });
  const [saved, save] = useMutation(UpdateSettingsDocument);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [blank, setBlank] = useState<Record<string, string>>({});
  const serverErrors = formErrors(saved.error);
  const errors = { ...serverErrors, fields: { ...serverErrors.fields, ...blank } };

  useEffect(() => {
    if (data?.settings && !form) {
      setForm(formOf(data.settings));
    }
  }, [data, form]);

  if (error && !data) return <PageError error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!form) return <TableSkeleton rows={6} />;

  const set: SectionProps['set'] = (k, v) => setForm({ ...form, [k]: v });
  const num: SectionProps['num'] = (k) => (v) => set(k, (typeof v === 'number' ? v : Number.NaN) as never);
  const section = { form, set, num, errors };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    // An emptied number box would read as "unchanged": say so instead of saving.
    const empty = emptyNumbers(form);
    setBlank(empty);
    if (Object.keys(empty).length > 0) return;
    const r = await save({ input: form });
    if (!r.error && r.data) {
      setForm(formOf(r.data.updateSettings));
      notifications.show({ color: 'teal', title: 'Settings saved', message: 'They apply at once.' });
    }
  };

  return (
    <>
      <PageHeader title="Settings" description="How Keyward approves whitelisted addresses, how long tokens and sessions live, and how people sign in." />
      <Stack gap="lg">
        <form onSubmit={submit} noValidate>
          <Stack gap="lg">
            {errors.message && (
              <Alert color="red" role="alert">
                {errors.message}
              </Alert>
            )}
            <WhitelistSection {...section} />
            <TokensSection {...section} />
            <SignInSection {...section} />
            <AuditSection {...section} />
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={saved.fetching}>
                Save settings
              </Button>
            </Group>
          </Stack>
        </form>
        <EmailSection />
      </Stack>
    </>
  );
}
