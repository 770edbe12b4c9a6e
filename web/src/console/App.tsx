// Routes of the console. Screens with maps and forms load on demand, so the first screen (sign-in, queues) comes fast.
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation, useParams } from 'react-router';
import { Result, Spin } from 'antd';
import { useI18n } from '../shared/i18n';
import { useMe } from './auth';
import { useCase } from './common/data';
import { ConsoleLayout } from './Layout';
import { LoginPage } from './Login';
import { HomeRedirect } from './Home';
import { QueuePage } from './queues/QueuePage';

const CaseDetailPage = lazy(() => import('./case/CaseDetailPage'));
const IntakePage = lazy(() => import('./intake/IntakePage'));
const CommandMapPage = lazy(() => import('./map/CommandMapPage'));
const SearchPage = lazy(() => import('./search/SearchPage'));
const AdminPage = lazy(() => import('./admin/AdminPage'));
const BasedataPage = lazy(() => import('./basedata/BasedataPage'));
const RankingsPage = lazy(() => import('./evaluation/RankingsPage'));
const DashboardPage = lazy(() => import('./evaluation/DashboardPage'));
const ReportPage = lazy(() => import('./evaluation/ReportPage'));
const EvaluationSettingsPage = lazy(() => import('./evaluation/SettingsPage'));
const BigScreen = lazy(() => import('../bigscreen/BigScreen'));
const PetitionRegisterPage = lazy(() => import('./petitions/RegisterPage'));
const PetitionIntakePage = lazy(() => import('./petitions/IntakePage'));
const PetitionDetailPage = lazy(() => import('./petitions/DetailPage'));
const ReceptionPage = lazy(() => import('./petitions/ReceptionPage'));
const NotificationsPage = lazy(() => import('./notifications/NotificationsPage'));
const DutyPage = lazy(() => import('./notifications/DutyPage'));
const CampaignsPage = lazy(() => import('./campaigns/CampaignsPage'));
const CampaignBoardPage = lazy(() => import('./campaigns/CampaignBoardPage'));
const RegisterPage = lazy(() => import('./illegal-building/RegisterPage'));
const BuildingDetailPage = lazy(() => import('./illegal-building/BuildingDetailPage'));
const BuildingTargetsPage = lazy(() => import('./illegal-building/TargetsPage'));
const SweepingPage = lazy(() => import('./sweeping/SweepingPage'));
const InspectionsPage = lazy(() => import('./inspections/InspectionsPage'));
const PlanBoardPage = lazy(() => import('./plan/PlanBoardPage'));
const PlanTaskPage = lazy(() => import('./plan/TaskDetailPage'));
const PlanImportPage = lazy(() => import('./plan/ImportPage'));

export function PageSpinner() {
  const { t } = useI18n();
  return (
    <div className="wg-page-spinner" role="status">
      <Spin /> <span>{t('common.loading')}</span>
    </div>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSpinner />}>{children}</Suspense>;
}

/** Signed-out users go to the sign-in page and come back where they were. */
function RequireUser({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageSpinner />;
  if (me.isError) return <Result status="500" title={String(me.error)} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/** Starts loading the case while the screen's code loads, rather than after (no waterfall). */
function CaseRoute() {
  const { id } = useParams();
  useCase(id);
  return (
    <Lazy>
      <CaseDetailPage />
    </Lazy>
  );
}

function NotFoundPage() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('common.pageNotFound')} />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/bigscreen', element: <RequireUser><Lazy><BigScreen /></Lazy></RequireUser> },
  { path: '/evaluation/report', element: <RequireUser><Lazy><ReportPage /></Lazy></RequireUser> },
  {
    path: '/',
    element: (
      <RequireUser>
        <ConsoleLayout />
      </RequireUser>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'queues/:queue', element: <QueuePage /> },
      { path: 'cases/:id', element: <CaseRoute /> },
      { path: 'intake', element: <Lazy><IntakePage /></Lazy> },
      { path: 'map', element: <Lazy><CommandMapPage /></Lazy> },
      { path: 'search', element: <Lazy><SearchPage /></Lazy> },
      { path: 'evaluation/rankings', element: <Lazy><RankingsPage /></Lazy> },
      { path: 'evaluation/dashboard', element: <Lazy><DashboardPage /></Lazy> },
      { path: 'evaluation/settings', element: <Lazy><EvaluationSettingsPage /></Lazy> },
      { path: 'admin/*', element: <Lazy><AdminPage /></Lazy> },
      { path: 'petitions', element: <Lazy><PetitionRegisterPage /></Lazy> },
      { path: 'petitions/new', element: <Lazy><PetitionIntakePage /></Lazy> },
      { path: 'petitions/reception', element: <Lazy><ReceptionPage /></Lazy> },
      { path: 'petitions/:id', element: <Lazy><PetitionDetailPage /></Lazy> },
      { path: 'notifications/*', element: <Lazy><NotificationsPage /></Lazy> },
      { path: 'duty', element: <Lazy><DutyPage /></Lazy> },
      { path: 'campaigns', element: <Lazy><CampaignsPage /></Lazy> },
      { path: 'campaigns/:id', element: <Lazy><CampaignBoardPage /></Lazy> },
      { path: 'illegal-buildings', element: <Lazy><RegisterPage /></Lazy> },
      { path: 'illegal-buildings/targets', element: <Lazy><BuildingTargetsPage /></Lazy> },
      { path: 'illegal-buildings/:id', element: <Lazy><BuildingDetailPage /></Lazy> },
      { path: 'sweeping/:tab?', element: <Lazy><SweepingPage /></Lazy> },
      { path: 'inspections/:tab?', element: <Lazy><InspectionsPage /></Lazy> },
      { path: 'plan', element: <Lazy><PlanBoardPage /></Lazy> },
      { path: 'plan/import', element: <Lazy><PlanImportPage /></Lazy> },
      { path: 'plan/tasks/:id', element: <Lazy><PlanTaskPage /></Lazy> },
      { path: 'basedata/*', element: <Lazy><BasedataPage /></Lazy> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function ConsoleRouter() {
  return <RouterProvider router={router} />;
}
