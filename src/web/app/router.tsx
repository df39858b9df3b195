/** Routes: every page but the shell is lazy, every URL comes from `paths`. */
import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { paths } from '../config/paths';
import { AppLayout } from './layout/AppLayout';
import { RouteError, NotFound } from './layout/RouteError';
import { PageSpinner } from '../components/PageSpinner';

const LoginPage = lazy(() => import('../features/auth/components/LoginPage'));
const LedgerPage = lazy(() => import('../features/ledger/components/LedgerPage'));
const ProblemPage = lazy(() => import('../features/problem/components/ProblemPage'));
const DashboardPage = lazy(() => import('../features/dashboard/components/DashboardPage'));
const ImportPage = lazy(() => import('../features/import/components/ImportPage'));
const AuditPage = lazy(() => import('../features/audit/components/AuditPage'));
const RegistersPage = lazy(() => import('../features/registers/components/RegistersPage'));
const NoticesPage = lazy(() => import('../features/notices/components/NoticesPage'));
const NoticePrintPage = lazy(() => import('../features/notices/components/NoticePrintPage'));
const RoundsPage = lazy(() => import('../features/rounds/components/RoundsPage'));
const RoundPage = lazy(() => import('../features/rounds/components/RoundPage'));
const TodoPage = lazy(() => import('../features/todo/components/TodoPage'));
const HomeRedirect = lazy(() => import('../features/todo/components/HomeRedirect'));
const UnitSettingsPage = lazy(() => import('../features/unit-settings/components/UnitSettingsPage'));

export const router = createBrowserRouter([
  { path: paths.login.path, element: (
      <Suspense fallback={<PageSpinner />}>
        <LoginPage />
      </Suspense>
    ), errorElement: <RouteError /> },
  // the print view stands alone (no menu, no header), so the printed page is the document
  { path: paths.noticePrint.path, element: (
      <Suspense fallback={<PageSpinner />}>
        <NoticePrintPage />
      </Suspense>
    ), errorElement: <RouteError /> },
  {
    path: paths.home.path,
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      // handlers and leaders start on their 待办, the others on the ledger
      { index: true, element: <HomeRedirect /> },
      { path: paths.ledger.path, element: <LedgerPage /> },
      { path: paths.problem.path, element: <ProblemPage /> },
      { path: paths.dashboard.path, element: <DashboardPage /> },
      { path: paths.import.path, element: <ImportPage /> },
      { path: paths.audit.path, element: <AuditPage /> },
      { path: paths.registers.path, element: <RegistersPage /> },
      { path: paths.notices.path, element: <NoticesPage /> },
      { path: paths.rounds.path, element: <RoundsPage /> },
      { path: paths.round.path, element: <RoundPage /> },
      { path: paths.todo.path, element: <TodoPage /> },
      { path: paths.unitSettings.path, element: <UnitSettingsPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
