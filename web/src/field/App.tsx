// The field app's shell: sign-in, a top bar with the outbox and network state, the pages, and a bottom tab bar.
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, NavLink, Outlet, RouterProvider, useLocation } from 'react-router';
import { Badge, Result, Spin } from 'antd';
import { CheckSquareOutlined, CameraOutlined, CloudUploadOutlined, EnvironmentOutlined, UserOutlined, WifiOutlined } from '@ant-design/icons';
import { useI18n } from '../shared/i18n';
import { useLiveTasks, useMe, useOnline, useTasks } from './data';
import { useT } from './messages';
import { onFlushed, useOutbox, useOutboxSender } from './outbox';
import { useQueryClient } from '@tanstack/react-query';
import { LoginPage } from './pages/Login';
import { ReportPage } from './pages/Report';
import { TasksPage, TaskPage } from './pages/Tasks';
import { MePage } from './pages/Me';

const HomePage = lazy(() => import('./pages/Home'));

function Spinner() {
  const t = useT();
  return (
    <div className="fd-center" role="status">
      <Spin /> {t('common.loading')}
    </div>
  );
}

/** The outbox count, always in view: what the phone still has to send. */
export function OutboxBadge() {
  const t = useT();
  const items = useOutbox();
  const waiting = items.filter((i) => i.status === 'waiting').length;
  const failed = items.filter((i) => i.status === 'failed').length;
  if (!waiting && !failed) return null;
  return (
    <NavLink to="/me#outbox" className={`fd-outbox ${failed ? 'fd-outbox-failed' : ''}`} data-testid="outbox-badge">
      <CloudUploadOutlined aria-hidden /> {waiting ? t('outbox.waiting', { n: waiting }) : t('outbox.failed', { n: failed })}
    </NavLink>
  );
}

function Layout() {
  const t = useT();
  const { lang } = useI18n();
  const online = useOnline();
  const me = useMe();
  const live = useLiveTasks(!!me.data && online);
  const tasks = useTasks();
  useOutboxSender();
  const qc = useQueryClient();
  // What the outbox delivered changes my tasks (an answered task leaves the list, and SSE only tells the assignee)
  // and my figures.
  useEffect(
    () =>
      onFlushed((r) => {
        if (!r.sent.length) return;
        for (const key of ['tasks', 'stats', 'recent-classes', 'case']) void qc.invalidateQueries({ queryKey: [key] });
      }),
    [qc],
  );
  useEffect(() => {
    // After the shared provider has set its own title.
    const id = setTimeout(() => (document.title = t('app.title')), 0);
    return () => clearTimeout(id);
  }, [lang, t]);
  const tab = (to: string, icon: ReactNode, label: string, count?: number) => (
    <NavLink to={to} end={to === '/'} className={({ isActive }) => `fd-tab ${isActive ? 'fd-tab-active' : ''}`}>
      <Badge count={count} size="small" offset={[6, -2]}>
        <span className="fd-tab-icon">{icon}</span>
      </Badge>
      <span>{label}</span>
    </NavLink>
  );
  return (
    <div className="fd-app">
      <header className="fd-top">
        <span className="fd-top-title">{t('app.title')}</span>
        <span className="fd-top-right">
          <OutboxBadge />
          <span className={`fd-net ${online ? (live ? 'fd-net-live' : '') : 'fd-net-off'}`} title={online ? (live ? t('tasks.live') : '') : 'offline'}>
            <WifiOutlined aria-hidden /> {online ? (live ? t('tasks.live') : '') : lang === 'en' ? 'Offline' : '离线'}
          </span>
        </span>
      </header>
      {!online ? (
        <div className="fd-offline" role="status">
          {t('offline.banner')}
        </div>
      ) : null}
      <main className="fd-main">
        <Suspense fallback={<Spinner />}>
          <Outlet />
        </Suspense>
      </main>
      <nav className="fd-tabs" aria-label="main">
        {tab('/', <EnvironmentOutlined />, t('nav.home'))}
        {tab('/report', <CameraOutlined />, t('nav.report'))}
        {tab('/tasks', <CheckSquareOutlined />, t('nav.tasks'), tasks.data?.total)}
        {tab('/me', <UserOutlined />, t('nav.me'))}
      </nav>
    </div>
  );
}

function RequireInspector({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spinner />;
  if (me.isError && !me.data) return <Result status="warning" title={String(me.error)} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <>{children}</>;
}

const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      path: '/',
      element: (
        <RequireInspector>
          <Layout />
        </RequireInspector>
      ),
      children: [
        { index: true, element: <HomePage /> },
        { path: 'report', element: <ReportPage /> },
        { path: 'tasks', element: <TasksPage /> },
        { path: 'tasks/:id', element: <TaskPage /> },
        { path: 'me', element: <MePage /> },
        { path: '*', element: <Navigate to="/" replace /> },
      ],
    },
  ],
  { basename: '/field' },
);

export function FieldRouter() {
  return <RouterProvider router={router} />;
}
