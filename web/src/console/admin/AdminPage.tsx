// Administration (应用维护) for the role admin: one page, one tab per section, the section in the URL (/admin/<section>).
import { lazy, Suspense, type ComponentType } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Result, Spin, Tabs, Typography } from 'antd';
import { useUser, hasRole } from '../auth';
import { useAdminI18n, type AdminKey } from './messages';
import './admin.css';

const SECTIONS = ['users', 'departments', 'responsibility', 'catalogue', 'calendar', 'limits', 'escalation', 'beats', 'audit'] as const;
type Section = (typeof SECTIONS)[number];

// Each section is its own chunk: the calendar editor need not load to rename a department.
const SCREENS: Record<Section, ComponentType> = {
  users: lazy(() => import('./UsersSection')),
  departments: lazy(() => import('./DepartmentsSection')),
  responsibility: lazy(() => import('./ResponsibilitySection')),
  catalogue: lazy(() => import('./CatalogueSection')),
  calendar: lazy(() => import('./CalendarSection')),
  limits: lazy(() => import('./StepLimitsSection')),
  escalation: lazy(() => import('../notifications/EscalationSection')),
  beats: lazy(() => import('./BeatsSection')),
  audit: lazy(() => import('./AuditSection')),
};

const isSection = (s: string | undefined): s is Section => (SECTIONS as readonly string[]).includes(s ?? '');

export default function AdminPage() {
  const user = useUser();
  const { t, lang } = useAdminI18n();
  const navigate = useNavigate();
  const first = useParams()['*']?.split('/')[0];
  const section: Section = isSection(first) ? first : 'users';

  if (!hasRole(user, 'admin')) return <Result status="403" title="403" subTitle={t('admin.forbidden')} data-testid="admin-forbidden" />;

  const Screen = SCREENS[section];
  return (
    <div className="wg-adm" data-section={section}>
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{t('admin.pageTitle')}</h1>
          <Typography.Text type="secondary">{t('admin.pageHint')}</Typography.Text>
        </div>
      </div>
      <Tabs
        key={lang}
        className="wg-adm-tabs"
        activeKey={section}
        onChange={(key) => navigate(`/admin/${key}`)}
        aria-label={t('admin.sections')}
        items={SECTIONS.map((s) => ({ key: s, label: t(`admin.tab.${s}` as AdminKey) }))}
      />
      <Suspense fallback={<Spin className="wg-adm-spin" />}>
        <Screen key={section} />
      </Suspense>
    </div>
  );
}
