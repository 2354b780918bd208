import { Link } from 'react-router';
import { Button, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { StatusPage } from './StatusPage';

/** An address the console does not know. */
export default function NotFoundPage() {
  return (
    <StatusPage
      code={404}
      title="This page does not exist"
      actions={
        <Button component={Link} to="/" variant="light" leftSection={<IconArrowLeft size={16} />}>
          Back to Home
        </Button>
      }
    >
      <Text inherit>The address may be mistyped, or the page may have moved.</Text>
    </StatusPage>
  );
}
