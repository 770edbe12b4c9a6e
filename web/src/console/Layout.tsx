// The console frame: the menu of the user's queues and screens on the left; user, role, department, live status and language on top.
import { useMemo } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Layout, Menu, Segmented, Space, Tag, Tooltip, type MenuProps } from 'antd';
import {
  AimOutlined,
  AuditOutlined,
  CarOutlined,
  SafetyCertificateOutlined,
  FlagOutlined,
  BarChartOutlined,
  DashboardOutlined,
  DesktopOutlined,
  FileTextOutlined,
  FileAddOutlined,
  GlobalOutlined,
  InboxOutlined,
  LogoutOutlined,
  SearchOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { ROLE_LABELS } from '../shared/labels';
import { api } from '../shared/api';
import { useI18n } from '../shared/i18n';
import type { Queue } from '../shared/types';
import { canCreate, hasRole, useLogout, useUser } from './auth';
import { useLiveUpdates } from './live';
import { queuesFor } from './queues/queues';
import { DASHBOARD_ROLES, RANKING_ROLES } from './evaluation/access';
import { evalText } from './evaluation/messages';
import { petitionMenu } from './petitions/menu';
import { NotificationBell } from './notifications/Bell';
import { UrgentAlerts } from './notifications/UrgentAlerts';
import { notifyText } from './notifications/messages';
import { programmeMenu } from './campaigns/menu';
import { sweepText } from './sweeping/messages';
import { inspText } from './inspections/messages';
import { planText } from './plan/messages';
import { bdText } from './basedata/messages';

export function useQueueCounts() {
  return useQuery({ queryKey: ['queues'], queryFn: () => api<Record<Queue, number>>('/api/cases/queues'), refetchInterval: 60_000 });
}

export function ConsoleLayout() {
  const user = useUser();
  const { t, lang, setLang, pick } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const live = useLiveUpdates(true);
  const counts = useQueueCounts();
  const queues = queuesFor(user.roles);

  const items = useMemo<MenuProps['items']>(() => {
    const list: NonNullable<MenuProps['items']> = [];
    if (queues.length) {
      list.push({
        type: 'group',
        key: 'g-queues',
        label: t('menu.queues'),
        children: queues.map((q) => ({
          key: `/queues/${q}`,
          icon: <InboxOutlined aria-hidden />,
          label: (
            <span className="wg-menu-queue">
              <span>{t(`queue.${q}` as const)}</span>
              <Badge count={counts.data?.[q] ?? 0} overflowCount={9999} showZero={false} color={q === 'approve' || q === 'cancel' ? '#b7791f' : '#1d4f91'} />
            </span>
          ),
        })),
      });
    }
    const work: NonNullable<MenuProps['items']> = [];
    if (canCreate(user)) work.push({ key: '/intake', icon: <FileAddOutlined aria-hidden />, label: t('menu.intake') });
    work.push({ key: '/map', icon: <AimOutlined aria-hidden />, label: t('menu.map') });
    work.push({ key: '/search', icon: <SearchOutlined aria-hidden />, label: t('menu.search') });
    work.push({ key: '/duty', icon: <TeamOutlined aria-hidden />, label: notifyText(lang, 'duty.menu') });
    list.push({ type: 'group', key: 'g-work', label: t('menu.work'), children: work });
    const evaluation: NonNullable<MenuProps['items']> = [];
    const te = (k: 'menu.evaluation' | 'menu.rankings' | 'menu.dashboard' | 'menu.report' | 'menu.bigscreen' | 'menu.settings') => evalText(lang, k);
    if (hasRole(user, ...DASHBOARD_ROLES)) evaluation.push({ key: '/evaluation/dashboard', icon: <DashboardOutlined aria-hidden />, label: te('menu.dashboard') });
    if (hasRole(user, ...RANKING_ROLES)) evaluation.push({ key: '/evaluation/rankings', icon: <BarChartOutlined aria-hidden />, label: te('menu.rankings') });
    if (hasRole(user, ...DASHBOARD_ROLES)) {
      evaluation.push({ key: '/evaluation/report', icon: <FileTextOutlined aria-hidden />, label: te('menu.report') });
      evaluation.push({ key: '/bigscreen', icon: <DesktopOutlined aria-hidden />, label: te('menu.bigscreen') });
    }
    if (hasRole(user, 'admin')) evaluation.push({ key: '/evaluation/settings', icon: <SettingOutlined aria-hidden />, label: te('menu.settings') });
    if (evaluation.length) list.push({ type: 'group', key: 'g-evaluation', label: te('menu.evaluation'), children: evaluation });
    const petitions = petitionMenu(user, lang);
    if (petitions) list.push(petitions);
    // 专项工作: the plan's programmes: special campaigns, the illegal building register, mechanised sweeping, hazard
    // inspections and 双随机、一公开, in one group.
    const programmeItems: NonNullable<MenuProps['items']> = [
      { key: '/sweeping', icon: <CarOutlined aria-hidden />, label: sweepText(lang, 'menu.sweeping') },
      { key: '/inspections', icon: <SafetyCertificateOutlined aria-hidden />, label: inspText(lang, hasRole(user, 'department', 'inspector') && !hasRole(user, 'admin', 'chief', 'leader', 'dispatcher', 'operator') ? 'menu.mine' : 'menu.inspections') },
      { key: '/plan', icon: <FlagOutlined aria-hidden />, label: planText(lang, 'menu.plan') },
    ];
    const programmes = programmeMenu(user, lang);
    if (programmes && 'children' in programmes && programmes.children) programmes.children.push(...programmeItems);
    list.push(programmes ?? { type: 'group', key: 'g-programmes', label: sweepText(lang, 'menu.programmes'), children: programmeItems });
    if (hasRole(user, 'admin')) {
      list.push({
        type: 'group',
        key: 'g-admin',
        label: t('menu.admin'),
        children: [
          { key: '/admin', icon: <SettingOutlined aria-hidden />, label: t('menu.adminHome') },
          { key: '/basedata', icon: <GlobalOutlined aria-hidden />, label: bdText(lang, 'menu.basedata') },
        ],
      });
    }
    return list;
  }, [queues, counts.data, user, t, lang]);

  const selected = location.pathname.startsWith('/admin') ? '/admin' : (['/sweeping', '/inspections', '/plan', '/basedata'].find((p) => location.pathname.startsWith(p)) ?? location.pathname);
  const dept = lang === 'en' ? (user.departmentNameEn ?? user.departmentName) : user.departmentName;

  return (
    <Layout className="wg-shell">
      <Layout.Header className="wg-header">
        <a className="wg-brand" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="wg-brand-title">{t('app.title')}</span>
        </a>
        <Space size={14} className="wg-header-right" wrap={false}>
          <Tooltip title={t(`live.${live}.hint` as const)}>
            <span className={`wg-live wg-live-${live}`} role="status">
              <span className="wg-live-dot" aria-hidden />
              {t(`live.${live}` as const)}
            </span>
          </Tooltip>
          <NotificationBell />
          <Segmented
            size="small"
            value={lang}
            onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'EN', value: 'en' },
            ]}
            aria-label={t('header.language')}
          />
          <span className="wg-user" data-testid="current-user">
            <UserOutlined aria-hidden /> {user.displayName}
            {user.roles.map((r) => (
              <Tag key={r} color="blue" variant="filled" className="wg-role-tag">
                {pick(ROLE_LABELS[r])}
              </Tag>
            ))}
            {dept ? <span className="wg-dept">{dept}</span> : null}
          </span>
          <Button size="small" icon={<LogoutOutlined />} onClick={() => logout.mutate()} className="wg-logout">
            {t('header.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={208} className="wg-sider" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label={t('menu.label')}>
            <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(e.key)} />
          </nav>
          <div className="wg-sider-foot">
            <AuditOutlined aria-hidden /> {t('app.district')}
          </div>
        </Layout.Sider>
        <Layout.Content className="wg-content">
          <UrgentAlerts />
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
