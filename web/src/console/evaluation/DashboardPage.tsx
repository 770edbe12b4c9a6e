// 领导驾驶舱: today and this month at a glance, the 30-day trend, the top classes, hot spots on the district map, the
// overdue and the urgent cases, and the departments side by side. Every number opens the cases behind it; a leader can
// send a 督办 note on a case or to a department. Refreshes every minute and on live case events.
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Empty, List, Result, Spin, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { AlertOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { errorText } from '../../shared/api';
import { fmtDateTime, fmtMinutes } from '../../shared/time';
import { hasRole, useUser } from '../auth';
import { DASHBOARD_ROLES, URGE_ROLES } from './access';
import { CasesBehindDrawer, type BehindRequest } from './CasesBehindDrawer';
import { Chart } from './Chart';
import { deptCompareOption, shortDeptName, topClassesOption, trendOption } from './chartOptions';
import { fmtPercent, todayShanghai, useDashboard, type Dashboard, type FlowCountKey, type PeriodSel } from './data';
import { HotSpotMap } from './HotSpotMap';
import { useEvaluationLiveRefresh } from './liveRefresh';
import { useEvalI18n } from './messages';
import { PageHead } from './ui';
import { UrgeDialog, type UrgeTarget } from './UrgeDialog';
import './evaluation.css';

type DeptRow = Dashboard['departments'][number];

/** A figure that opens the cases behind it. */
function Figure({ label, value, suffix, onOpen, testId, hint, tone }: { label: ReactNode; value: ReactNode; suffix?: string; onOpen?(): void; testId: string; hint?: string; tone?: 'alarm' }) {
  const body = (
    <>
      <span className="wg-fig-label">{label}</span>
      <span className="wg-fig-value">
        {value}
        {suffix ? <small>{suffix}</small> : null}
      </span>
    </>
  );
  const cls = `wg-fig ${tone === 'alarm' ? 'wg-fig-alarm' : ''}`;
  const el = onOpen ? (
    <button type="button" className={`${cls} wg-fig-button`} onClick={onOpen} data-testid={testId}>
      {body}
    </button>
  ) : (
    <div className={cls} data-testid={testId}>
      {body}
    </div>
  );
  return hint ? <Tooltip title={hint}>{el}</Tooltip> : el;
}

export default function DashboardPage() {
  const user = useUser();
  const { te, lang } = useEvalI18n();
  const allowed = hasRole(user, ...DASHBOARD_ROLES);
  const dash = useDashboard({ days: 30, overdueLimit: 20, enabled: allowed });
  const [urging, setUrging] = useState<UrgeTarget | null>(null);
  const [behind, setBehind] = useState<BehindRequest | null>(null);
  useEvaluationLiveRefresh();
  const canUrge = hasRole(user, ...URGE_ROLES);
  const navigate = useNavigate();
  const d = dash.data;

  const today = todayShanghai();
  const dayP: PeriodSel = { period: 'day', date: today };
  const monthP: PeriodSel = { period: 'month', date: today };
  const who = d?.departmentId ? (lang === 'en' ? d.departments[0]?.nameEn : d.departments[0]?.name) ?? '' : te('scope.all');
  const scopeOf = () => (d?.departmentId ? { scope: 'department' as const, id: d.departmentId } : { scope: 'all' as const, id: null });
  const openFlow = (count: FlowCountKey | 'filed', period: PeriodSel) => setBehind({ ...scopeOf(), count, period, who });
  const openOnTime = (period: PeriodSel) => setBehind({ ...scopeOf(), indicator: 'closeOnTimeRate', part: 'numerator', period, who, column: onTimeColumn(lang) });

  const trend = useMemo(() => (d ? trendOption(d.trend, te) : null), [d, te]);
  const classes = useMemo(
    () => (d ? topClassesOption(d.topClasses.map((c) => ({ name: lang === 'en' ? c.nameEn : c.name, count: c.count })), undefined, te('dash.filed')) : null),
    [d, lang, te],
  );
  const shownDepts = useMemo(() => (d ? d.departments.filter((x) => x.filed || x.dueToClose || x.closed || x.overdueNow) : []), [d]);
  const depts = useMemo(() => (d ? deptCompareOption(d.departments, te, lang) : null), [d, te, lang]);

  if (!allowed) return <Result status="403" title="403" subTitle={te('dash.forbidden')} />;
  if (dash.isError) return <Alert type="error" showIcon title={errorText(dash.error, lang)} className="wg-eval-page" />;
  if (!d) return <Spin className="wg-page-spinner" />;

  const deptName = (r: { name: string; nameEn: string }) => (lang === 'en' ? r.nameEn : r.name);
  const openDept = (r: DeptRow, what: 'filed' | 'dueToClose' | 'closed' | 'closeRate' | 'closeOnTimeRate') => {
    const base = { scope: 'department' as const, id: r.id, period: monthP, who: deptName(r) };
    if (what === 'closeRate' || what === 'closeOnTimeRate') setBehind({ ...base, indicator: what, part: 'numerator', column: rateColumn(what, lang) });
    else setBehind({ ...base, count: what });
  };
  const num = (r: DeptRow, what: 'filed' | 'dueToClose' | 'closed', v: number) => (
    <button type="button" className="wg-num-link" onClick={() => openDept(r, what)} data-dept-count={what}>
      {v}
    </button>
  );
  const deptColumns: TableColumnsType<DeptRow> = [
    { key: 'name', title: te('dash.col.department'), render: (_, r) => (lang === 'en' ? r.nameEn : shortDeptName(r.name)), ellipsis: true },
    { key: 'filed', title: te('dash.col.filed'), width: 64, align: 'right', render: (_, r) => num(r, 'filed', r.filed) },
    { key: 'due', title: te('dash.col.due'), width: 72, align: 'right', render: (_, r) => num(r, 'dueToClose', r.dueToClose) },
    { key: 'closed', title: te('dash.col.closed'), width: 64, align: 'right', render: (_, r) => num(r, 'closed', r.closed) },
    {
      key: 'closeRate',
      title: te('dash.col.closeRate'),
      width: 84,
      align: 'right',
      render: (_, r) => (
        <button type="button" className="wg-num-link" onClick={() => openDept(r, 'closeRate')}>
          {fmtPercent(r.closeRate, 1)}
        </button>
      ),
    },
    {
      key: 'onTime',
      title: te('dash.col.onTime'),
      width: 96,
      align: 'right',
      render: (_, r) => (
        <button type="button" className="wg-num-link" onClick={() => openDept(r, 'closeOnTimeRate')}>
          {fmtPercent(r.closeOnTimeRate, 1)}
        </button>
      ),
    },
    {
      key: 'overdue',
      title: te('dash.col.overdue'),
      width: 84,
      align: 'right',
      render: (_, r) =>
        r.overdueNow ? (
          <Link to={`/search?departmentId=${r.id}&light=red&open=true`} className="wg-overdue-count">
            ⚠ {r.overdueNow}
          </Link>
        ) : (
          <span className="wg-eval-muted">0</span>
        ),
    },
    ...(canUrge
      ? [
          {
            key: 'urge',
            title: '',
            width: 96,
            render: (_: unknown, r: DeptRow) =>
              r.overdueNow ? (
                <Button size="small" danger onClick={() => setUrging({ kind: 'department', id: r.id, name: deptName(r), overdue: r.overdueNow })} data-testid="urge-department">
                  {te('urge.deptButton')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const flowFigures = (which: 'today' | 'month', f: Dashboard['today'], period: PeriodSel) => (
    <div className="wg-dash-flow" role="group" aria-label={te(`dash.${which}`)}>
      <div className="wg-dash-rowlabel">{te(`dash.${which}`)}</div>
      <Figure label={te('dash.reported')} value={f.reported} suffix={te('dash.unit.case')} onOpen={() => openFlow('reportedAll', period)} testId={`stat-${which}-reported`} />
      <Figure label={te('dash.filed')} value={f.filed} suffix={te('dash.unit.case')} onOpen={() => openFlow('filed', period)} testId={`stat-${which}-filed`} />
      <Figure label={te('dash.dispatched')} value={f.dispatched} suffix={te('dash.unit.case')} onOpen={() => openFlow('dispatchedAll', period)} testId={`stat-${which}-dispatched`} />
      <Figure label={te('dash.closed')} value={f.closed} suffix={te('dash.unit.case')} onOpen={() => openFlow('closedAll', period)} testId={`stat-${which}-closed`} />
      <Figure
        label={te('dash.onTimeRate')}
        value={f.onTimePercent === null ? '—' : f.onTimePercent.toFixed(2)}
        suffix={f.onTimePercent === null ? undefined : '%'}
        hint={te('dash.onTimeHint', { due: f.dueToClose })}
        onOpen={() => openOnTime(period)}
        testId={`stat-${which}-onTime`}
      />
    </div>
  );

  return (
    <div className="wg-eval-page wg-dash" data-testid="dashboard-page">
      <PageHead
        title={te('dash.title')}
        hint={`${te('dash.asOf', { time: fmtDateTime(d.asOf) })} · ${te('dash.clickHint')}`}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void dash.refetch()} loading={dash.isFetching}>
            {lang === 'en' ? 'Refresh' : '刷新'}
          </Button>
        }
      />

      <section className="wg-dash-figures wg-mt">
        <div className="wg-dash-flows">
          {flowFigures('today', d.today, dayP)}
          {flowFigures('month', d.month, monthP)}
        </div>
        <Link to="/search?light=red&open=true" className="wg-dash-overdue-link" data-testid="stat-overdueNow" aria-label={`${te('dash.overdueNow')} ${d.overdueNow}`}>
          <span className="wg-fig-label">
            <AlertOutlined aria-hidden /> {te('dash.overdueNow')}
          </span>
          <span className="wg-fig-value">
            {d.overdueNow}
            <small>{te('dash.unit.case')}</small>
          </span>
          <span className="wg-fig-hint">{te('dash.overdueNowHint')}</span>
        </Link>
      </section>

      <div className="wg-dash-grid wg-mt">
        <Card size="small" title={te('dash.trend', { n: d.trend.length })} className="wg-dash-wide">
          {trend ? <Chart option={trend} height={280} testId="chart-trend" ariaLabel={te('dash.trend', { n: d.trend.length })} /> : null}
        </Card>
        <Card size="small" title={te('dash.topClasses', { n: d.topClasses.length })}>
          {d.topClasses.length && classes ? (
            <Chart
              option={classes}
              height={280}
              testId="chart-classes"
              ariaLabel={te('dash.topClasses', { n: d.topClasses.length })}
              onItemClick={({ dataIndex }) => {
                // The bars are drawn bottom-up (largest on top).
                const c = d.topClasses[d.topClasses.length - 1 - dataIndex];
                if (c) setBehind({ scope: 'class', id: `${c.kind}:${c.classCode}`, count: 'filed', period: monthP, who: lang === 'en' ? c.nameEn : c.name });
              }}
            />
          ) : (
            <Empty />
          )}
        </Card>

        <Card size="small" title={te('dash.hotSpots')} extra={<Typography.Text type="secondary">{d.hotSpots.period}</Typography.Text>} className="wg-dash-wide">
          <HotSpotMap items={d.hotSpots.items} height={400} ariaLabel={te('dash.hotSpotsHint')} />
          <div className="wg-hot-top">
            {[...d.hotSpots.items]
              .sort((a, b) => b.count - a.count)
              .slice(0, 5)
              .map((h, i) => (
                <button
                  type="button"
                  key={h.code}
                  className={`wg-hot-tag ${i === 0 ? 'wg-hot-tag-1' : ''}`}
                  onClick={() => setBehind({ scope: d.hotSpots.level, id: h.code, count: 'filed', period: monthP, who: h.name })}
                >
                  {i + 1}. {h.name} · {h.count}
                </button>
              ))}
          </div>
        </Card>
        <Card
          size="small"
          title={
            <span>
              {te('dash.overdueList')} <Tag color="red">{d.overdueNow}</Tag>
            </span>
          }
          extra={<Link to="/search?light=red&open=true">{te('dash.viewOverdue')}</Link>}
          className="wg-dash-overdue-list"
          data-testid="overdue-list"
        >
          {d.overdue.length === 0 ? (
            <Empty description={te('dash.noOverdue')} />
          ) : (
            <List
              size="small"
              dataSource={d.overdue}
              renderItem={(c) => (
                <List.Item
                  className="wg-overdue-item"
                  actions={
                    canUrge
                      ? [
                          <Button key="urge" size="small" danger onClick={() => setUrging({ kind: 'case', case: c })} data-testid="urge-button">
                            {te('urge.button')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <span>
                        <Link to={`/cases/${c.id}`} className="wg-mono">
                          {c.number}
                        </Link>{' '}
                        <Tag color="red" className="wg-overdue-tag">
                          {te('dash.overdueBy', { time: fmtMinutes(c.overdueMinutes, lang) })}
                        </Tag>
                      </span>
                    }
                    description={
                      <span className="wg-overdue-desc">
                        {lang === 'en' ? c.classNameEn : c.className} · {(lang === 'en' ? c.departmentNameEn : c.departmentName) ?? '—'} · {c.locationText}
                      </span>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>

        <Card size="small" title={te('dash.deptTable')} className="wg-dash-wide" data-testid="dept-table">
          <Table<DeptRow> size="small" rowKey="id" columns={deptColumns} dataSource={shownDepts} pagination={false} scroll={{ y: 360 }} locale={{ emptyText: te('rank.noData') }} />
        </Card>
        <Card
          size="small"
          title={
            <span>
              <ThunderboltOutlined aria-hidden /> {te('dash.urgent')} <Tag color="volcano">{d.urgent.total}</Tag>
            </span>
          }
          data-testid="urgent-list"
        >
          {d.urgent.items.length === 0 ? (
            <Empty description={te('dash.noUrgent')} />
          ) : (
            <List
              size="small"
              dataSource={d.urgent.items}
              renderItem={(c) => (
                <List.Item className="wg-urgent-item">
                  <List.Item.Meta
                    title={
                      <span>
                        <Link to={`/cases/${c.id}`} className="wg-mono">
                          {c.number}
                        </Link>{' '}
                        {c.overdue ? <Tag color="red">⚠ {te('dash.urgentOverdue')}</Tag> : null}
                      </span>
                    }
                    description={
                      <span className="wg-overdue-desc">
                        {lang === 'en' ? c.classNameEn : c.className} · {(lang === 'en' ? c.departmentNameEn : c.departmentName) ?? '—'} · {c.locationText}
                      </span>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>

        <Card size="small" title={te('dash.deptCompare')} className="wg-dash-full">
          {depts ? (
            <Chart
              option={depts}
              height={360}
              testId="chart-departments"
              ariaLabel={te('dash.deptCompare')}
              onItemClick={({ dataIndex, seriesIndex }) => {
                const r = shownDepts[dataIndex];
                if (!r) return;
                if (seriesIndex === 2) navigate(`/search?departmentId=${r.id}&light=red&open=true`);
                else openDept(r, (['filed', 'closed', 'filed', 'closeOnTimeRate'] as const)[seriesIndex] ?? 'filed');
              }}
            />
          ) : null}
        </Card>
      </div>
      <UrgeDialog target={urging} onClose={() => setUrging(null)} />
      <CasesBehindDrawer request={behind} onClose={() => setBehind(null)} />
    </div>
  );
}

/** The indicator columns the dashboard's rates open (the same shape the rankings hand to the drawer). */
function rateColumn(key: 'closeRate' | 'closeOnTimeRate', _lang: 'zh' | 'en') {
  return key === 'closeRate'
    ? { key, nameZh: '结案率', nameEn: 'Close rate', better: 'higher' as const, numerator: 'closed' as const, denominator: 'dueToClose' as const }
    : { key, nameZh: '按期结案率', nameEn: 'Closed-on-schedule rate', better: 'higher' as const, numerator: 'closedOnTime' as const, denominator: 'dueToClose' as const };
}
const onTimeColumn = (lang: 'zh' | 'en') => rateColumn('closeOnTimeRate', lang);
