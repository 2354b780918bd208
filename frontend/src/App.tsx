import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Center, Loader } from '@mantine/core';

// Every page is its own chunk, and so is the signed-in shell: the login page loads none of
// the layout, navigation, modals and notifications that only signed-in pages use.
const Shell = lazy(() => import('./components/Shell/Shell').then((m) => ({ default: m.Shell })));
// The gate of the signed-in pages but home (lib/access decides): a small chunk of its own, which
// loads the 403 page only for those it stops.
const PageGuard = lazy(() => import('./pages/Forbidden.page').then((m) => ({ default: m.PageGuard })));
const SetupPage = lazy(() => import('./pages/Setup.page'));
const LoginPage = lazy(() => import('./pages/Login.page'));
const UsersPage = lazy(() => import('./pages/Users.page'));
const RolesPage = lazy(() => import('./pages/Roles.page'));
const RoleEditPage = lazy(() => import('./pages/RoleEdit.page'));
const ModulesPage = lazy(() => import('./pages/Modules.page'));
const AuditPage = lazy(() => import('./pages/Audit.page'));
const NotFoundPage = lazy(() => import('./pages/NotFound.page'));
const HomePage = lazy(() => import('./pages/Home.page'));
const TokensPage = lazy(() => import('./pages/Tokens.page'));
const TokenDetailPage = lazy(() => import('./pages/TokenDetail.page'));
const DeveloperPage = lazy(() => import('./pages/Developer.page'));
const ApprovePage = lazy(() => import('./pages/Approve.page'));
const ApprovalsPage = lazy(() => import('./pages/Approvals.page'));
const SettingsPage = lazy(() => import('./pages/Settings.page'));
const PartnersPage = lazy(() => import('./pages/Partners.page'));
const ApplicationsPage = lazy(() => import('./pages/Applications.page'));
const ApplicationDetailPage = lazy(() => import('./pages/ApplicationDetail.page'));

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
