import { Link } from 'react-router';
import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconApps, IconBuildingStore, IconHistory, IconKey, IconPuzzle, IconShieldLock, IconUsers } from '@tabler/icons-react';
import { mayOpen } from '../../lib/access';
import { useAuth } from '../../lib/auth';
import { Dashboard } from './Dashboard/Dashboard';

// Who sees a card is the route map's to say (mayOpen), as for the sidebar.
const cards = [
  { to: '/applications', title: 'Applications', text: 'Integrations with your APIs, each with its client id and its tokens.', icon: <IconApps /> },
  { to: '/partners', title: 'Partners', text: 'Outside organisations, their Business Owners, applications and users.', icon: <IconBuildingStore /> },
  { to: '/users', title: 'Users', text: 'Console accounts, their roles, and who is disabled.', icon: <IconUsers /> },
  { to: '/tokens', title: 'API tokens', text: 'Generate, rotate and revoke the tokens your services call with.', icon: <IconKey /> },
  { to: '/roles', title: 'Roles', text: 'Sets of module:action permissions, edited as a matrix.', icon: <IconShieldLock /> },
  { to: '/modules', title: 'API modules', text: "Your organisation's APIs and the actions roles may be granted on them.", icon: <IconPuzzle /> },
  { to: '/audit', title: 'Audit log', text: 'Every sign-in, every change and every refused request.', icon: <IconHistory /> },
];

/** The landing page: what needs attention (the dashboard), then where to go from here. */
export default function HomePage() {
  const auth = useAuth();
  const { me, partner } = auth;
  const mine = cards.filter((c) => mayOpen(auth, c.to));
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>Welcome, {me.name.split(' ')[0]}</Title>
        <Group gap="xs">
          <Text c="dimmed">You are signed in as</Text>
          <Badge variant="light">{me.role.name}</Badge>
          {partner && (
            <>
              <Text c="dimmed">of</Text>
              <Badge variant="light" color="grape" tt="none">
                {partner.name}
              </Badge>
            </>
          )}
        </Group>
      </Stack>
      <Dashboard />
      {mine.length === 0 ? (
        <Text c="dimmed">Your role does not give access to any page of the console yet. Ask an administrator.</Text>
      ) : (
        <Stack gap="xs">
          <Title order={4}>Go to</Title>
          <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
            {mine.map((c) => (
              <Card key={c.to} component={Link} to={c.to} withBorder padding="sm" radius="md">
                <Group wrap="nowrap" gap="sm" align="flex-start">
                  <ThemeIcon variant="light" size={32} radius="md" style={{ flexShrink: 0 }}>
                    {c.icon}
                  </ThemeIcon>
                  <div>
                    <Text fw={600} size="sm">
                      {c.title}
                    </Text>
                    <Text size="xs" c="dimmed" visibleFrom="sm">
                      {c.text}
                    </Text>
                  </div>
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
