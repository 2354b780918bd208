import { NumberInput, SimpleGrid } from '@mantine/core';
import type { SectionProps } from './form';
import { Section } from './Section';

/** The longest a new token may live, and when expiry reminders start. */
export function TokensSection({ form, num, errors }: SectionProps) {
  return (
    <Section title="Tokens" description="Limits on new tokens, and when the creators of tokens that opted in start getting a daily expiry reminder.">
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={560}>
        <NumberInput label="Maximum lifetime (days)" min={1} max={365} value={form.maxTokenLifetimeDays} onChange={num('maxTokenLifetimeDays')} error={errors.fields.maxTokenLifetimeDays} />
        <NumberInput label="Expiry reminders start (days before)" min={1} max={60} value={form.reminderWindowDays} onChange={num('reminderWindowDays')} error={errors.fields.reminderWindowDays} />
      </SimpleGrid>
    </Section>
  );
}
