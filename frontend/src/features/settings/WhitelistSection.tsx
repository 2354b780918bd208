import { NumberInput, Switch, TagsInput } from '@mantine/core';
import type { SectionProps } from './form';
import { Section } from './Section';

/** Who approves whitelisted addresses, whether they must, and for how long a link works. */
export function WhitelistSection({ form, set, num, errors }: SectionProps) {
  return (
    <Section title="Whitelist approval" description="Business Owners approve each IP address or range whitelisted on a token, from a link in an email.">
      <TagsInput
        label="Business Owner emails"
        description="Each gets an approval email for every new whitelist entry. Press Enter after each address."
        placeholder="owner@example.com"
        value={form.businessOwnerEmails}
        onChange={(v) => set('businessOwnerEmails', v)}
        error={errors.fields.businessOwnerEmails}
        splitChars={[',', ' ', ';']}
        clearable
      />
      <Switch
        label="Whitelist entries need a Business Owner's approval"
        description="A new entry stays pending, and admits nothing, until a Business Owner approves it."
        checked={form.whitelistApproval}
        onChange={(e) => set('whitelistApproval', e.currentTarget.checked)}
        error={errors.fields.whitelistApproval}
      />
      <Switch
        label="Tokens need an approved whitelist entry"
        description="A token with no approved entry is refused from every address."
        checked={form.requireWhitelist}
        onChange={(e) => set('requireWhitelist', e.currentTarget.checked)}
      />
      <NumberInput
        label="Approval links expire after (hours)"
        min={1}
        max={720}
        value={form.approvalLinkLifetimeHours}
        onChange={num('approvalLinkLifetimeHours')}
        error={errors.fields.approvalLinkLifetimeHours}
        maw={260}
      />
    </Section>
  );
}
