import { Suspense, useEffect, useMemo, useState } from 'react';
import { Navigate, NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { AppShell, Avatar, Badge, Burger, Center, Group, Loader, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { IconApps, IconBuildingStore, IconChevronDown, IconCode, IconKey, IconLock, IconLogout, IconPuzzle, IconShieldLock, IconUsers, IconHistory, IconSettings, IconChecklist } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { mayOpen } from '../../lib/access';
import { AuthContext, makeAuth, MeDocument, type Auth } from '../../lib/auth';
import { ErrorState } from '../States/States';
import { Logo } from '../Logo/Logo';
import { ChangePassword } from '../ChangePassword/ChangePassword';
import { NotificationBell } from '../Notifications/NotificationBell';

const LogoutDocument = graphql(`
  mutation Logout {
    logout
  }
`);

export const PendingApprovalCountDocument = graphql(`
  query PendingApprovalCount {
    pendingApprovalCount
  }
`);

/** How often the count of approvals waiting is asked for while the console is open. */
const POLL_MS = 30_000;
// A decision (a WhitelistEntry or ApprovalRequest in a mutation's answer) asks again at once.
const countContext = { additionalTypenames: ['WhitelistEntry', 'ApprovalRequest'] };

/**
 * How many whitelist entries wait on the signed-in user's decision: 0 for those who may not
 * decide (and then nothing is asked).
 */
export function usePendingApprovals(auth: Pick<Auth, 'can'> | null): number {
  const decides = !!auth?.can('whitelist:approve');
  const [{ data }, refetch] = useQuery({ query: PendingApprovalCountDocument, pause: !decides, context: countContext });
  useEffect(() => {
    if (!decides) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refetch({ requestPolicy: 'network-only' });
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [decides, refetch]);
  return decides ? (data?.pendingApprovalCount ?? 0) : 0;
}

interface Item {
  to: string;
  label: string;
  icon: React.ReactNode;
}

/**
 * The sidebar: sections and the pages in each. Who sees an entry is the route map's to say
 * (mayOpen), the same rule the route guard applies.
 */
export const sections: { title: string; items: Item[] }[] = [
  {
    title: 'Security',
    items: [
      { to: '/users', label: 'Users', icon: <IconUsers size={18} /> },
      { to: '/roles', label: 'Roles', icon: <IconShieldLock size={18} /> },
      { to: '/tokens', label: 'API tokens', icon: <IconKey size={18} /> },
      { to: '/approvals', label: 'Approvals', icon: <IconChecklist size={18} /> },
      { to: '/audit', label: 'Audit log', icon: <IconHistory size={18} /> },
    ],
  },
  {
    title: 'Integrations',
    items: [
      { to: '/applications', label: 'Applications', icon: <IconApps size={18} /> },
      { to: '/partners', label: 'Partners', icon: <IconBuildingStore size={18} /> },
    ],
  },
  {
    title: 'Settings',
    items: [
      { to: '/modules', label: 'API modules', icon: <IconPuzzle size={18} /> },
      { to: '/settings', label: 'Settings', icon: <IconSettings size={18} /> },
    ],
  },
  {
    title: 'Developers',
    items: [{ to: '/developer', label: 'Developer API', icon: <IconCode size={18} /> }],
  },
];

/** The sidebar's sections as auth sees them: only the pages it may open, and no empty section. */
export function visibleSections(auth: Pick<Auth, 'can' | 'partner'>): { title: string; items: Item[] }[] {
  return sections.map((s) => ({ ...s, items: s.items.filter((i) => mayOpen(auth, i.to)) })).filter((s) => s.items.length > 0);
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

/** The signed-in console: header, sidebar and the page. */
export function Shell() {
  const [{ data, fetching, error }, refresh] = useQuery({ query: MeDocument, requestPolicy: 'cache-and-network' });
  const [opened, { toggle, close }] = useDisclosure();
  const [pwOpen, setPwOpen] = useState(false);
  const [, logout] = useMutation(LogoutDocument);
  const location = useLocation();
  const auth = useMemo(() => (data?.me ? makeAuth(data.me, () => refresh({ requestPolicy: 'network-only' })) : null), [data, refresh]);
  const pendingApprovals = usePendingApprovals(auth);

  if (!data && fetching) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (error && !data) {
    return (
      <Center h="100vh" p="xl">
        <ErrorState message={error.message} onRetry={() => refresh({ requestPolicy: 'network-only' })} />
      </Center>
    );
  }
  if (data?.setupRequired) return <Navigate to="/setup" replace />;
  if (!auth) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  const me = auth.me;

  const signOut = async () => {
    await logout({});
    // A full page load drops every cached query of the signed-out user.
    window.location.replace('/login');
  };

  // Modals and notifications are only ever opened by signed-in pages: their providers live
  // here, in the shell's chunk, not in the one every page loads.
  return (
    <AuthContext.Provider value={auth}>
      <ModalsProvider>
        <Notifications position="top-right" />
        <AppShell header={{ height: 60 }} navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="xl">
          <AppShell.Header>
            <Group h="100%" px="md" justify="space-between">
              <Group gap="sm">
                <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
                <RouterLink to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
                  <Logo />
                </RouterLink>
              </Group>
              <Group gap="sm">
              <NotificationBell pendingApprovals={pendingApprovals} />
              <Menu position="bottom-end" width={240} shadow="md">
                <Menu.Target>
                  <UnstyledButton aria-label="Account menu">
                    <Group gap="xs">
                      <Avatar color="indigo" radius="xl" size={32}>
                        {initials(me.name)}
                      </Avatar>
                      <Stack gap={0} visibleFrom="xs">
                        <Text size="sm" fw={600} lh={1.2}>
                          {me.name}
                        </Text>
                        <Text size="xs" c="dimmed" lh={1.2}>
                          {me.role.name}
                          {me.partner ? ` · ${me.partner.name}` : ''}
                        </Text>
                      </Stack>
                      <IconChevronDown size={14} />
                    </Group>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{me.email}</Menu.Label>
                  {me.partner && <Menu.Label>Partner: {me.partner.name}</Menu.Label>}
                  <Menu.Item leftSection={<IconLock size={16} />} onClick={() => setPwOpen(true)}>
                    Change password
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={signOut}>
                    Log out
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
              </Group>
            </Group>
          </AppShell.Header>
          <AppShell.Navbar p="sm">
            <ScrollArea>
              {visibleSections(auth).map((s) => (
                <Stack key={s.title} gap={2} mb="md">
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                    {s.title}
                  </Text>
                  {s.items.map((i) => (
                    <NavLink
                      key={i.to}
                      component={RouterLink}
                      to={i.to}
                      label={i.label}
                      leftSection={i.icon}
                      rightSection={
                        i.to === '/approvals' && pendingApprovals > 0 ? (
                          <Badge size="sm" color="red" variant="filled" circle={pendingApprovals < 10}>
                            {pendingApprovals > 99 ? '99+' : pendingApprovals}
                            <VisuallyHidden> waiting for your decision</VisuallyHidden>
                          </Badge>
                        ) : undefined
                      }
                      active={location.pathname === i.to || location.pathname.startsWith(i.to + '/')}
                      onClick={close}
                      style={{ borderRadius: 'var(--mantine-radius-md)' }}
                    />
                  ))}
                </Stack>
              ))}
            </ScrollArea>
          </AppShell.Navbar>
          <AppShell.Main bg="var(--mantine-color-gray-0)">
            <Suspense
              fallback={
                <Center h="50vh">
                  <Loader />
                </Center>
              }
            >
              <Outlet />
            </Suspense>
          </AppShell.Main>
        </AppShell>
        <ChangePassword opened={pwOpen} onClose={() => setPwOpen(false)} />
      </ModalsProvider>
    </AuthContext.Provider>
  );
}

