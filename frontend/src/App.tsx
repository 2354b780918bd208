import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Center, Loader } from '@mantine/core';

// Every page is its own chunk, and so is the signed-in shell: the login page loads none of
// the layout, navigation, modals and notifications that only signed-in pages use.
const Shell = lazy(() => import('./components/Shell/Shell').then((m) => ({ default: m.Shell })));
// The gate of the signed-in pages but home (lib/access decides): a small chunk of its own, which
// loads the 403 page only for those it stops.
const PageGuard = lazy(() => import('./components/StatusPage/Forbidden.page').then((m) => ({ default: m.PageGuard })));
const SetupPage = lazy(() => import('./features/auth/Setup.page'));
const LoginPage = lazy(() => import('./features/auth/Login.page'));
const UsersPage = lazy(() => import('./features/users/Users.page'));
const RolesPage = lazy(() => import('./features/roles/Roles.page'));
const RoleEditPage = lazy(() => import('./features/roles/RoleEdit.page'));
const ModulesPage = lazy(() => import('./features/modules/Modules.page'));
const AuditPage = lazy(() => import('./features/audit/Audit.page'));
const NotFoundPage = lazy(() => import('./components/StatusPage/NotFound.page'));
const HomePage = lazy(() => import('./features/home/Home.page'));
const TokensPage = lazy(() => import('./features/tokens/Tokens.page'));
const TokenDetailPage = lazy(() => import('./features/tokens/TokenDetail.page'));
const DeveloperPage = lazy(() => import('./features/developer/Developer.page'));
const ApprovePage = lazy(() => import('./features/auth/Approve.page'));
const ApprovalsPage = lazy(() => import('./features/approvals/Approvals.page'));
const SettingsPage = lazy(() => import('./features/settings/Settings.page'));
const PartnersPage = lazy(() => import('./features/partners/Partners.page'));
const ApplicationsPage = lazy(() => import('./features/applications/Applications.page'));
const ApplicationDetailPage = lazy(() => import('./features/applications/ApplicationDetail.page'));

/** What shows while a page's chunk loads: a loader where the page's own would be. */
export function PageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}

export function App() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/setup" element={<SetupPage />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/approve/:link" element={<ApprovePage />} />
        <Route element={<Shell />}>
          <Route index element={<HomePage />} />
          {/* Each page below needs the permission lib/access names for its path. */}
          <Route element={<PageGuard />}>
            <Route path="users" element={<UsersPage />} />
            <Route path="roles" element={<RolesPage />} />
            <Route path="roles/new" element={<RoleEditPage />} />
            <Route path="roles/:id" element={<RoleEditPage />} />
            <Route path="modules" element={<ModulesPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="tokens" element={<TokensPage />} />
            <Route path="tokens/:id" element={<TokenDetailPage />} />
            <Route path="developer" element={<DeveloperPage />} />
            <Route path="approvals" element={<ApprovalsPage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="partners" element={<PartnersPage />} />
            <Route path="applications" element={<ApplicationsPage />} />
            <Route path="applications/:id" element={<ApplicationDetailPage />} />
          </Route>
          <Route path="home" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
