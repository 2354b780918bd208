import type { FormEvent, ReactNode } from 'react';
import { Alert, Button, Drawer, Group, Stack, Text, type DrawerProps } from '@mantine/core';

/**
 * The drawer of an Add or Edit form: the title, the refusal that names no field (error), the
 * fields (children), then Cancel and the submit button. notice comes before the refusal (why
 * the form cannot be changed); submit false leaves only Cancel, footer false no button at all.
 */
export function FormDrawer({
  opened,
  onClose,
  title,
  size = 'md',
  onSubmit,
  error,
  notice,
  submitLabel,
  submitting,
  submit = true,
  footer = true,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: DrawerProps['size'];
  onSubmit: (e: FormEvent) => void;
  error?: string;
  notice?: ReactNode;
  submitLabel: string;
  submitting: boolean;
  submit?: boolean;
  footer?: boolean;
  children: ReactNode;
}) {
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size={size} title={<Text fw={600}>{title}</Text>}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {notice}
          {error && <Alert color="red">{error}</Alert>}
          {children}
          {footer && (
            <Group justify="flex-end" mt="md">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              {submit && (
                <Button type="submit" loading={submitting}>
                  {submitLabel}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </form>
    </Drawer>
  );
}
