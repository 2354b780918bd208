import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, Tooltip, ActionIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';

/** Shows a token's secret the one time it exists in the clear, with a copy button. */
export function SecretDialog({ secret, name, onClose }: { secret: string | null; name: string; onClose: () => void }) {
  return (
    <Modal opened={!!secret} onClose={onClose} title={<Text fw={600}>Copy the token for {name}</Text>} size="lg" centered closeOnClickOutside={false}>
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} variant="light">
          Copy it now and keep it somewhere safe. It will not be shown again: Keyward keeps only a hash of it.
        </Alert>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code block style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 14 }} data-testid="token-secret">
            {secret}
          </Code>
          <CopyButton value={secret ?? ''} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
                <ActionIcon size="lg" variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : 'indigo'} onClick={copy} aria-label="Copy token">
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          Send it in the <Code>X-Auth-Token</Code> header or as <Code>Authorization: Bearer …</Code>.
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose}>I have copied it</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
