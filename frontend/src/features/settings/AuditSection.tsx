import { NumberInput } from '@mantine/core';
import type { SectionProps } from './form';
import { Section } from './Section';

/** How long the audit trail keeps events. */
export function AuditSection({ form, num, errors }: SectionProps) {
  return (
    <Section title="Audit trail" description="Every change, sign-in and refused request is recorded. Older events are removed every few hours.">
      <NumberInput label="Keep audit events for (days)" min={30} max={3650} value={form.auditRetentionDays} onChange={num('auditRetentionDays')} error={errors.fields.auditRetentionDays} maw={260} />
    </Section>
  );
}
