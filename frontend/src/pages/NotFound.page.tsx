import { Link } from 'react-router';
import { Button, Stack, Text, Title } from '@mantine/core';

/** An address the console does not know. */
export default function NotFoundPage() {
  return (
    <Stack align="center" mt={80} gap="sm">
      <Text fz={64} fw={800} c="indigo.2" lh={1}>
        404
      </Text>
      <Title order={3}>This page does not exist</Title>
      <Text c="dimmed">The address may be mistyped, or the page may have moved.</Text>
      <Button component={Link} to="/" variant="light" mt="sm">
        Back to the console
      </Button>
    </Stack>
  );
}
