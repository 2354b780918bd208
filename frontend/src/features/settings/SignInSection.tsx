import { NumberInput, SimpleGrid, Switch } from '@mantine/core';
import type { SectionProps } from './form';
import { Section } from './Section';

/** How long console sessions and API sign-ins last, and whether everyone gets an emailed code. */
export function SignInSection({ form, set, num, errors }: SectionProps) {
  return (
    <Section title="Sign-in and sessions" description="Console sessions end after a period without activity, and after their lifetime in any case; API sign-ins of scripts end after theirs.">
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={560}>
        <NumberInput label="Idle timeout (minutes)" min={5} max={1440} value={form.sessionIdleTimeoutMinutes} onChange={num('sessionIdleTimeoutMinutes')} error={errors.fields.sessionIdleTimeoutMinutes} />
        <NumberInput label="Session lifetime (hours)" min={1} max={168} value={form.sessionLifetimeHours} onChange={num('sessionLifetimeHours')} error={errors.fields.sessionLifetimeHours} />
      </SimpleGrid>
      <NumberInput
        label="API sign-in lifetime (days)"
        description="An API sign-in (a script's refresh tokens) ends this many days after its login at the latest, however often it refreshes."
        min={1}
        max={365}
        value={form.signInLifetimeDays}
        onChange={num('signInLifetimeDays')}
        error={errors.fields.signInLifetimeDays}
        maw={560}
      />
      <Switch
        label="Everyone signs in with a code sent by email"
        description="After the password, a 6-digit code is emailed; it works once, for 10 minutes. Without this, it is asked only of the users who have it turned on."
        checked={form.loginCodeRequired}
        onChange={(e) => set('loginCodeRequired', e.currentTarget.checked)}
      />
    </Section>
  );
}
