import { lazy } from 'react';
import { Outlet, useLocation } from 'react-router';
import { refusal } from '../../lib/access';
import { useAuth } from '../../lib/auth';

const Forbidden = lazy(() => import('./Forbidden').then((m) => ({ default: m.Forbidden })));

/** The 403 page of the address shown: which permission it needs and who grants it. */
export default function ForbiddenPage() {
  const auth = useAuth();
  const { pathname } = useLocation();
  return <Forbidden refusal={refusal(auth, pathname)} />;
}

/**
 * The signed-in pages' gate: the page, or the 403 page when the signed-in user may not open
 * it (lib/access decides), before the page sends a single query.
 */
export function PageGuard() {
  const auth = useAuth();
  const { pathname } = useLocation();
  const r = refusal(auth, pathname);
  return r ? <Forbidden refusal={r} /> : <Outlet />;
}
