// 领导驾驶舱: today and this month at a glance, the 30-day trend, the top classes, hot spots on the district map, the
// overdue cases (a leader can send a 督办 note on each), and the departments side by side. Refreshes every minute and on
// live case events.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Empty, List, Result, Spin, Statistic, Tag, Tooltip, Typography } from 'antd';
import { AlertOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../shared/api';
import { fmtDateTime, fmtMinutes } from '../../shared/time';
import { hasRole, useUser } from '../auth';
import { DASHBOARD_ROLES, URGE_ROLES } from './access';
import { Chart } from './Chart';
import { deptCompareOption, topClassesOption, trendOption } from './chartOptions';
import { useDashboard, type Dashboard } from './data';
import { HotSpotMap } from './HotSpotMap';
import { useEvaluationLiveRefresh } from './liveRefresh';
import { useEvalI18n, type EvalKey } from './messages';
import { PageHead } from './ui';
import { UrgeDialog, type OverdueCase } from './UrgeDialog';
import './evaluation.css';

function FlowCards({ flow, which }: { flow: Dashboard['today']; which: 'today' | 'month' }) {
  const { te } = useEvalI18n();
  const unit = te('dash.unit.case');
  const items: [EvalKey, number | null, string?][] = [
    ['dash.reported', flow.reported],
    ['dash.filed', flow.filed],
    ['dash.closed', flow.closed],
  ];
  return (
    <>
      <div className="wg-dash-rowlabel">{te(`dash.${which}`)}</div>
      {items.map(([k, v]) => (
        <Card key={k} size="small" className="wg-dash-stat" data-testid={`stat-${which}-${k.slice(5)}`}>
          <Statistic title={te(k)} value={v ?? 0} suffix={unit} />
        </Card>
      ))}
      <Card size="small" className="wg-dash-stat" data-testid={`stat-${which}-onTime`}>
        <Tooltip title={te('dash.onTimeHint', { due: flow.dueToClose })}>
          <Statistic title={te('dash.onTimeRate')} value={flow.onTimePercent ?? '—'} precision={flow.onTimePercent === null ? undefined : 2} suffix={flow.onTimePercent === null ? undefined : '%'} />
        </Tooltip>
      </Card>
    </>
  );
}

export default function DashboardPage() {
  const user = useUser();
  const { te, lang } = useEvalI18n();
  const allowed = hasRole(user, ...DASHBOARD_ROLES);
  const dash = useDashboard({ days: 30, overdueLimit: 20, enabled: allowed });
  const [urging, setUrging] = useState<OverdueCase | null>(null);
  useEvaluationLiveRefresh();
  const canUrge = hasRole(user, ...URGE_ROLES);
  const d = dash.data;

  const trend = useMemo(() => (d ? trendOption(d.trend, te) : null), [d, te]);
  const classes = useMemo(() => (d ? topClassesOption(d.topClasses.map((c) => ({ name: lang === 'en' ? c.nameEn : c.name, count: c.count })), undefined, te('dash.filed')) : null), [d, lang, te]);
  const depts = useMemo(() => (d ? deptCompareOption(d.departments, te, lang) : null), [d, te, lang]);

  if (!allowed) return <Result status="403" title="403" subTitle={te('dash.forbidden')} />;
  if (dash.isError) return <Alert type="error" showIcon title={errorText(dash.error, lang)} className="wg-eval-page" />;
  if (!d) return <Spin className="wg-page-spinner" />;

  return (
    <div className="wg-eval-page wg-dash" data-testid="dashboard-page">
      <PageHead
        title={te('dash.title')}
        hint={te('dash.asOf', { time: fmtDateTime(d.asOf) })}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void dash.refetch()} loading={dash.isFetching}>
            {lang === 'en' ? 'Refresh' : '刷新'}
          </Button>
        }
      />

      <section className="wg-dash-stats wg-mt" aria-label={`${te('dash.today')} / ${te('dash.month')}`}>
        <FlowCards flow={d.today} which="today" />
        <Card size="small" className="wg-dash-stat wg-dash-overdue" data-testid="stat-overdueNow">
          <Tooltip title={te('dash.overdueNowHint')}>
            <Statistic title={<><AlertOutlined /> {te('dash.overdueNow')}</>} value={d.overdueNow} suffix={te('dash.unit.case')} />
          </Tooltip>
        </Card>
        <FlowCards flow={d.month} which="month" />
      </section>

      <div className="wg-dash-grid wg-mt">
        <Card size="small" title={te('dash.trend', { n: d.trend.length })} className="wg-dash-wide">
          {trend ? <Chart option={trend} height={280} testId="chart-trend" ariaLabel={te('dash.trend', { n: d.trend.length })} /> : null}
        </Card>
        <Card size="small" title={te('dash.topClasses', { n: d.topClasses.length })}>
          {d.topClasses.length && classes ? <Chart option={classes} height={280} testId="chart-classes" ariaLabel={te('dash.topClasses', { n: d.topClasses.length })} /> : <Empty />}
        </Card>

        <Card size="small" title={te('dash.hotSpots')} extra={<Typography.Text type="secondary">{d.hotSpots.period}</Typography.Text>} className="wg-dash-wide">
          <HotSpotMap items={d.hotSpots.items} height={400} ariaLabel={te('dash.hotSpotsHint')} />
          <div className="wg-hot-top">
            {[...d.hotSpots.items]
              .sort((a, b) => b.count - a.count)
              .slice(0, 5)
              .map((h, i) => (
                <Tag key={h.code} color={i === 0 ? 'red' : 'orange'}>
                  {i + 1}. {h.name} · {h.count}
                </Tag>
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
                          <Button key="urge" size="small" danger onClick={() => setUrging(c)} data-testid="urge-button">
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

        <Card size="small" title={te('dash.deptCompare')} className="wg-dash-full">
          {depts ? <Chart option={depts} height={360} testId="chart-departments" ariaLabel={te('dash.deptCompare')} /> : null}
        </Card>
      </div>
      <UrgeDialog target={urging} onClose={() => setUrging(null)} />
    </div>
  );
}
