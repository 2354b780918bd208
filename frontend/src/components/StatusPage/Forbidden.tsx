import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { Button, Code, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { CombinedError } from 'urql';
import { pageFor, type Refusal } from '../../lib/access';
import { useAuth } from '../../lib/auth';
import { errorCode, errorMessage } from '../../lib/errors';
import { ErrorState } from '../States/States';
import { StatusPage } from './StatusPage';

/**
 * The 403 page: which permission the page needs, that administrators grant it, and the way
 * home. Without a refusal (the server refused a page the console thought open) it says so
 * in general terms.
 */
export function Forbidden({ refusal }: { refusal: Refusal | null }) {
  const { me, partner } = useAuth();
  const home = (
    <Button component={Link} to="/" variant="light" leftSection={<IconArrowLeft size={16} />}>
      Back to Home
    </Button>
  );
  if (refusal?.kind === 'organisation') {
    return (
      <StatusPage code={403} title={`${refusal.page.title} is for the organisation's own people`} actions={home}>
        <Text inherit>
          You sign in for {partner?.name ?? 'a partner'}, and a partner's users never open {refusal.page.title}, whatever their role.
        </Text>
        <Text inherit>If something there needs changing, ask the organisation's administrators.</Text>
      </StatusPage>
    );
  }
  const perm = refusal?.page.perm;
  return (
    <StatusPage
      code={403}
      title={
        refusal && perm ? (
          <>
            You need <Code fz="inherit">{perm}</Code> to see {refusal.page.title}
          </>
        ) : (
          'You may not see this page'
        )
      }
      actions={home}
    >
      <Text inherit>
        Your role, {me.role.name}, does not include {perm ? 'this permission' : 'a permission this page needs'}.
      </Text>
      <Text inherit>Administrators grant permissions: ask one to add it to your role, or to give you a role that has it.</Text>
    </StatusPage>
  );
}

/**
 * A page's error: the 403 page when the server refused the page's query (FORBIDDEN), else the
 * error with a way to try again. A refusal also reloads who the user is, so that the sidebar
 * stops offering a page the user's role lost since signing in.
 */
export function PageError({ error, onRetry }: { error: CombinedError; onRetry?: () => void }) {
  const { pathname } = useLocation();
  const forbidden = errorCode(error) === 'FORBIDDEN';
  const { refresh } = useAuth();
  const refreshed = useRef(false);
  useEffect(() => {
    // Once: the refreshed user is a new auth, with a new refresh.
    if (forbidden && !refreshed.current) {
      refreshed.current = true;
      refresh();
    }
  }, [forbidden, refresh]);
  if (forbidden) {
    const page = pageFor(pathname);
    return <Forbidden refusal={page && page.perm ? { kind: 'permission', page } : null} />;
  }
  return <ErrorState message={errorMessage(error)} onRetry={onRetry} />;
}
