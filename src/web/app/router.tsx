/** Routes: every page but the shell is lazy, every URL comes from `paths`. */
import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router-dom';
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
const FeedbackPage = lazy(() => import('../features/feedback/components/FeedbackPage'));
const PublicationsPage = lazy(() => import('../features/publications/components/PublicationsPage'));
const NoticePrintPage = lazy(() => import('../features/notices/components/NoticePrintPage'));
const RoundsPage = lazy(() => import('../features/rounds/components/RoundsPage'));
const RoundPage = lazy(() => import('../features/rounds/components/RoundPage'));
const TodoPage = lazy(() => import('../features/todo/components/TodoPage'));
const HomeRedirect = lazy(() => import('../features/todo/components/HomeRedirect'));
const UnitSettingsPage = lazy(() => import('../features/unit-settings/components/UnitSettingsPage'));
const PeoplePage = lazy(() => import('../features/people/components/PeoplePage'));
// trust (issue 13)
const StepPage = lazy(() => import('../features/account/components/StepPage'));
const AccountPage = lazy(() => import('../features/account/components/AccountPage'));
const UsersPage = lazy(() => import('../features/admin/components/UsersPage'));
const SecurityPage = lazy(() => import('../features/admin/components/SecurityPage'));
// supervision (issue 9)
const InboxPage = lazy(() => import('../features/inbox/components/InboxPage'));
const OrdersPage = lazy(() => import('../features/supervision/components/OrdersPage'));
const OrderPage = lazy(() => import('../features/supervision/components/OrderPage'));
const LightRulesPage = lazy(() => import('../features/lightrules/components/LightRulesPage'));
const ChannelsPage = lazy(() => import('../features/channels/components/ChannelsPage'));
const DispatchPage = lazy(() => import('../features/digest/components/DispatchPage'));
// the inspection office's view (issue 10)
const OfficeBoardPage = lazy(() => import('../features/office/components/OfficeBoardPage'));
const OfficeUnitPage = lazy(() => import('../features/office/components/OfficeUnitPage'));
const RecurrencePage = lazy(() => import('../features/office/components/RecurrencePage'));
const EvaluationPage = lazy(() => import('../features/evaluation/components/EvaluationPage'));
const LookbackListPage = lazy(() => import('../features/lookback/components/LookbackListPage'));
const LookbackPage = lazy(() => import('../features/lookback/components/LookbackPage'));

export const router = createBrowserRouter([
  {
    path: paths.login.path,
    element: (
      <Suspense fallback={<PageSpinner />}>
        <LoginPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  // the step after sign-in (second factor, forced password change) stands alone: nothing else answers until it is done
  {
    path: paths.accountStep.path,
    element: (
      <Suspense fallback={<PageSpinner />}>
        <StepPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  // the print view stands alone (no menu, no header), so the printed page is the document
  {
    path: paths.noticePrint.path,
    element: (
      <Suspense fallback={<PageSpinner />}>
        <NoticePrintPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
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
      { path: paths.feedback.path, element: <FeedbackPage /> },
      { path: paths.publications.path, element: <PublicationsPage /> },
      { path: paths.rounds.path, element: <RoundsPage /> },
      { path: paths.round.path, element: <RoundPage /> },
      { path: paths.todo.path, element: <TodoPage /> },
      { path: paths.unitSettings.path, element: <UnitSettingsPage /> },
      { path: paths.people.path, element: <PeoplePage /> },
      { path: paths.account.path, element: <AccountPage /> },
      { path: paths.adminUsers.path, element: <UsersPage /> },
      { path: paths.adminSecurity.path, element: <SecurityPage /> },
      { path: paths.inbox.path, element: <InboxPage /> },
      { path: paths.orders.path, element: <OrdersPage /> },
      { path: paths.order.path, element: <OrderPage /> },
      { path: paths.lightRules.path, element: <LightRulesPage /> },
      { path: paths.channels.path, element: <ChannelsPage /> },
      { path: paths.dispatch.path, element: <DispatchPage /> },
      { path: paths.office.path, element: <OfficeBoardPage /> },
      { path: paths.officeUnit.path, element: <OfficeUnitPage /> },
      { path: paths.recurrences.path, element: <RecurrencePage /> },
      { path: paths.evaluation.path, element: <EvaluationPage /> },
      { path: paths.lookbacks.path, element: <LookbackListPage /> },
      { path: paths.lookback.path, element: <LookbackPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
