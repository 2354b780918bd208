import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconChevronDown } from '@tabler/icons-react';
import { useMutation } from 'urql';
import { formatDate } from '../../../lib/dates';
import { errorMessage } from '../../../lib/errors';
import { RenewTokenDocument } from './queries';

const choices = [
  { days: 30, label: '1 month' },
  { days: 90, label: '3 months' },
  { days: 180, label: '6 months' },
  { days: 365, label: '1 year' },
];

/** "Renew": one click moves the expiry to the chosen length from today; the secret stays. */
export function RenewMenu({ id, name, maxDays, variant = 'default' }: { id: string; name: string; maxDays: number; variant?: 'default' | 'filled' }) {
  const [{ fetching }, renew] = useMutation(RenewTokenDocument);
  const options = choices.filter((c) => c.days <= maxDays);
  if (options.length === 0 || options[options.length - 1]!.days < maxDays) options.push({ days: maxDays, label: `${maxDays} days (the maximum)` });
  return (
    <Menu position="bottom-end" shadow="md" width={220}>
      <Menu.Target>
        <Button variant={variant} leftSection={<IconCalendarPlus size={16} />} rightSection={<IconChevronDown size={14} />} loading={fetching}>
          Renew
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Expire in, from today</Menu.Label>
        {options.map((c) => (
          <Menu.Item
            key={c.days}
            onClick={async () => {
              const r = await renew({ id, days: c.days });
              if (r.error || !r.data) notifications.show({ color: 'red', title: 'Not renewed', message: errorMessage(r.error) });
              else notifications.show({ color: 'teal', title: `${name} renewed`, message: `It now expires on ${formatDate(r.data.renewToken.expiresAt)}. The secret is unchanged.` });
            }}
          >
            {c.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
