import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** An application's client id, with a button that copies it. It grants nothing, so it is shown whole. */
export function ClientId({ value, size = 'sm' }: { value: string; size?: 'xs' | 'sm' }) {
  return (
    <Group gap={4} wrap="nowrap" miw={0}>
      <Code fz={size} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }} data-testid="client-id">
        {value}
      </Code>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy the client id'} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size={size === 'xs' ? 'sm' : 'md'}
              onClick={(e) => {
                // Inside a card that is a link: copy, do not open.
                e.preventDefault();
                e.stopPropagation();
                copy();
              }}
              aria-label={`Copy client id ${value}`}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
