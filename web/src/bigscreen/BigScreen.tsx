// 监督指挥大屏: a 1920×1080 dark wall display, scaled to whatever screen shows it; no interaction needed. Live map of the
// open cases coloured by light, today's flow (上报 → 立案 → 派遣 → 结案), this month's key figures, the 30-day trend, the
// top 5 departments and streets, the open urgent cases, the special campaigns' progress (when the campaigns module
// answers), and a scrolling list of overdue alarms. Refreshes every 30 s and on live case events.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../shared/api';
import { MapView } from '../shared/map/MapView';
import { MAP_FONT, type MapInstance } from '../shared/map/maplibre';
import { fmtMinutes, shanghai } from '../shared/time';
import type { CasePoints } from '../shared/types';
import { useLiveUpdates, type LiveStatus } from '../console/live';
import { hasRole, useUser } from '../console/auth';
import { DASHBOARD_ROLES } from '../console/evaluation/access';
import { Chart } from '../console/evaluation/Chart';
import { shortDeptName, trendOption } from '../console/evaluation/chartOptions';
import { fmtScore, GRADE_COLORS, rowName, todayShanghai, useCampaignSummary, useDashboard, useRanking, type CampaignSummary, type Dashboard, type RankingRow } from '../console/evaluation/data';
import { useEvaluationLiveRefresh } from '../console/evaluation/liveRefresh';
import { useEvalI18n, type EvalKey } from '../console/evaluation/messages';
import './bigscreen.css';

const REFRESH = 30_000;
const W = 1920;
const H = 1080;
const LIGHT_COLORS = ['#3ddc84', '#ffc53d', '#ff4d4f'] as const; // green, yellow, red (index = light)
const NO_LIGHT = '#8fa3bf';

/** Scales the 1920×1080 stage to fit the window, centred (letterboxed). */
function useStageScale(): number {
  const [scale, setScale] = useState(() => Math.min(window.innerWidth / W, window.innerHeight / H));
  useEffect(() => {
    const on = () => setScale(Math.min(window.innerWidth / W, window.innerHeight / H));
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return scale;
}

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

function Panel({ title, extra, className, children, testId }: { title: string; extra?: React.ReactNode; className?: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className={`bs-panel ${className ?? ''}`} data-testid={testId}>
      <header className="bs-panel-head">
        <h2>{title}</h2>
        {extra}
      </header>
      <div className="bs-panel-body">{children}</div>
    </section>
  );
}

function Grade({ row }: { row: RankingRow }) {
  if (!row.grade) return <span className="bs-grade bs-grade-none">—</span>;
  return (
    <span className="bs-grade" style={{ background: GRADE_COLORS[row.grade] }} data-grade={row.grade}>
      {row.grade}
    </span>
  );
}

function TopFive({ rows, lang, short }: { rows: RankingRow[] | undefined; lang: 'zh' | 'en'; short?: boolean }) {
  const { te } = useEvalI18n();
  const top = (rows ?? []).filter((r) => r.composite !== null).slice(0, 5);
  return (
    <ol className="bs-top">
      {top.map((r, i) => (
        <li key={r.id} className="bs-top-row" data-testid="bs-top-row">
          {/* The medal follows the rank, so members tied for first all wear gold. */}
          <span className={`bs-top-rank bs-top-rank-${r.rank ?? i + 1}`}>{r.rank ?? i + 1}</span>
          <span className="bs-top-name">{short && lang === 'zh' ? shortDeptName(r.name) : rowName(r, lang)}</span>
          <span className="bs-top-score" title={te('big.score')}>
            {fmtScore(r.composite)}
          </span>
          <Grade row={r} />
          <span className={`bs-top-change ${r.change === null ? '' : r.change >= 0 ? 'bs-up' : 'bs-down'}`}>
            {r.change === null ? '—' : r.change === 0 ? '＝' : `${r.change > 0 ? '▲' : '▼'}${Math.abs(r.change).toFixed(1)}`}
          </span>
        </li>
      ))}
    </ol>
  );
}

function LiveMap({ points }: { points: CasePoints | undefined }) {
  const [map, setMap] = useState<MapInstance | null>(null);
  useEffect(() => {
    if (!map || !points) return;
    const fc: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: points.rows.map((r) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [r[1] as number, r[2] as number] },
        properties: { l: r[3] === null ? -1 : (r[3] as number) },
      })),
    };
    (map.getSource('open-cases') as unknown as { setData(d: GeoJSON.FeatureCollection): void } | undefined)?.setData(fc);
  }, [map, points]);
  return (
    <MapView
      name="bigscreen"
      ariaLabel="live map"
      className="bs-map"
      style={{ height: '100%' }}
      fitPadding={28}
      onReady={(m) => {
        // The shared map is light; the wall is dark.
        m.setPaintProperty('background', 'background-color', '#06122a');
        m.setPaintProperty('district-fill', 'fill-color', '#0e2a52');
        m.setPaintProperty('district-line', 'line-color', '#4fc3ff');
        m.setPaintProperty('district-line', 'line-width', 3);
        m.setPaintProperty('streets-line', 'line-color', '#3c6aa0');
        m.setPaintProperty('communities-line', 'line-color', '#244a78');
        m.setPaintProperty('grids-line', 'line-color', '#1a375c');
        for (const id of ['streets-label', 'communities-label']) {
          m.setPaintProperty(id, 'text-color', '#cfe3ff');
          m.setPaintProperty(id, 'text-halo-color', '#06122a');
        }
        m.setLayoutProperty('streets-label', 'text-size', 20);
        m.setLayoutProperty('streets-label', 'text-font', MAP_FONT);
        m.addSource('open-cases', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        m.addLayer(
          {
            id: 'open-cases-glow',
            type: 'circle',
            source: 'open-cases',
            filter: ['==', ['get', 'l'], 2],
            paint: { 'circle-radius': 16, 'circle-color': LIGHT_COLORS[2], 'circle-opacity': 0.22, 'circle-blur': 0.6 },
          },
          'streets-label',
        );
        m.addLayer(
          {
            id: 'open-cases',
            type: 'circle',
            source: 'open-cases',
            layout: { 'circle-sort-key': ['get', 'l'] },
            paint: {
              'circle-radius': ['match', ['get', 'l'], 2, 8, 1, 7, 6],
              'circle-color': ['match', ['get', 'l'], 2, LIGHT_COLORS[2], 1, LIGHT_COLORS[1], 0, LIGHT_COLORS[0], NO_LIGHT],
              'circle-stroke-color': '#06122a',
              'circle-stroke-width': 1.5,
            },
          },
          'streets-label',
        );
        setMap(m);
      }}
    />
  );
}

/** A vertical marquee of the overdue cases: scrolls only when the list is taller than its box. */
function Alarms({ items, lang }: { items: { id: string; number: string; className: string; classNameEn: string; departmentName: string | null; departmentNameEn: string | null; locationText: string; overdueMinutes: number }[]; lang: 'zh' | 'en' }) {
  const { te } = useEvalI18n();
  const box = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [scroll, setScroll] = useState(false);
  useEffect(() => {
    const fits = () => setScroll(!!box.current && !!list.current && list.current.scrollHeight > box.current.clientHeight + 4);
    fits();
    const ro = new ResizeObserver(fits);
    if (box.current) ro.observe(box.current);
    return () => ro.disconnect();
  }, [items]);
  if (!items.length) return <div className="bs-empty">{te('big.noAlarms')}</div>;
  const row = (c: (typeof items)[number], k: string) => (
    <li key={k} className="bs-alarm" data-testid="bs-alarm">
      <div className="bs-alarm-top">
        <span className="bs-alarm-icon" aria-hidden>
          ⚠
        </span>
        <span className="bs-alarm-class">{lang === 'en' ? c.classNameEn : c.className}</span>
        <span className="bs-alarm-over">
          {te('big.over')} {fmtMinutes(c.overdueMinutes, lang)}
        </span>
      </div>
      <div className="bs-alarm-sub">
        {(lang === 'en' ? c.departmentNameEn : c.departmentName) ?? '—'} · {c.locationText}
      </div>
      <div className="bs-alarm-no">{c.number}</div>
    </li>
  );
  return (
    <div className="bs-alarms" ref={box}>
      <ul ref={list} className={scroll ? 'bs-marquee' : undefined} style={scroll ? { animationDuration: `${items.length * 4}s` } : undefined}>
        {items.map((c) => row(c, c.id))}
        {scroll ? items.map((c) => row(c, `${c.id}-again`)) : null}
      </ul>
    </div>
  );
}

/** The special campaigns: closed of found, a bar of the closure rate with the target marked (bar AND numbers). */
function Campaigns({ items, lang }: { items: CampaignSummary[]; lang: 'zh' | 'en' }) {
  const { te } = useEvalI18n();
  const today = todayShanghai();
  const shown = [...items]
    .sort((a, b) => Number(b.startDate <= today && b.endDate >= today) - Number(a.startDate <= today && a.endDate >= today) || b.startDate.localeCompare(a.startDate))
    .slice(0, 3);
  return (
    <ul className="bs-campaigns">
      {shown.map((c) => {
        const rate = c.closureRate ?? (c.reportedCount ? c.closedCount / c.reportedCount : null);
        const target = c.targetClosureRate;
        const behind = rate !== null && target !== null && rate < target;
        return (
          <li key={c.id} className="bs-campaign" data-testid="bs-campaign">
            <div className="bs-campaign-top">
              <span className="bs-campaign-name">{lang === 'en' ? c.nameEn : c.name}</span>
              <span className={`bs-campaign-rate ${behind ? 'bs-down' : 'bs-up'}`}>{rate === null ? '—' : `${(rate * 100).toFixed(1)}%`}</span>
            </div>
            <div className="bs-bar" role="img" aria-label={rate === null ? '—' : `${(rate * 100).toFixed(1)}%`}>
              <div className={`bs-bar-fill ${behind ? 'bs-bar-behind' : ''}`} style={{ width: `${Math.min(100, (rate ?? 0) * 100)}%` }} />
              {target !== null ? <div className="bs-bar-target" style={{ left: `${Math.min(100, target * 100)}%` }} /> : null}
            </div>
            <div className="bs-campaign-sub">
              {te('big.campaignClosed', { closed: c.closedCount, reported: c.reportedCount })}
              {target !== null ? ` · ${te('big.campaignTarget', { rate: `${Math.round(target * 100)}%` })}` : ''}
              {c.targetCount !== null ? ` · ${te('big.campaignCount', { n: c.targetCount })}` : ''}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** Open urgent cases: class, department, place; overdue ones marked (icon AND word). */
function Urgent({ items, lang }: { items: Dashboard['urgent']['items']; lang: 'zh' | 'en' }) {
  const { te } = useEvalI18n();
  if (!items.length) return <div className="bs-empty">{te('big.noUrgent')}</div>;
  return (
    <ul className="bs-urgent">
      {/* Three fit the panel whole; the count in the panel's title says how many there are. */}
      {items.slice(0, 3).map((c) => (
        <li key={c.id} className={`bs-urgent-row ${c.overdue ? 'bs-urgent-overdue' : ''}`} data-testid="bs-urgent">
          <span className="bs-urgent-class">
            {c.overdue ? '⚠ ' : '⚡ '}
            {lang === 'en' ? c.classNameEn : c.className}
          </span>
          <span className="bs-urgent-state">{c.overdue ? te('big.urgentOverdue') : ''}</span>
          <span className="bs-urgent-sub">
            {(lang === 'en' ? c.departmentNameEn : c.departmentName) ?? '—'} · {c.locationText}
          </span>
        </li>
      ))}
    </ul>
  );
}

function LiveBadge({ status }: { status: LiveStatus }) {
  const { te } = useEvalI18n();
  const key: EvalKey = status === 'live' ? 'big.live' : status === 'offline' ? 'big.offline' : 'big.connecting';
  return (
    <span className={`bs-live bs-live-${status}`} role="status">
      <span className="bs-live-dot" aria-hidden />
      {te(key)}
    </span>
  );
}

export default function BigScreen() {
  const user = useUser();
  const { te, lang } = useEvalI18n();
  const scale = useStageScale();
  const now = useClock();
  const live = useLiveUpdates(true);
  useEvaluationLiveRefresh(1500, [['bigscreen']]);
  const allowed = hasRole(user, ...DASHBOARD_ROLES);
  const dash = useDashboard({ days: 30, overdueLimit: 50, urgentLimit: 10, refetchInterval: REFRESH, enabled: allowed });
  const month = { period: 'month' as const, date: todayShanghai() };
  const depts = useRanking('department', month, { refetchInterval: REFRESH, enabled: allowed });
  const streets = useRanking('street', month, { refetchInterval: REFRESH, enabled: allowed });
  const campaigns = useCampaignSummary({ refetchInterval: REFRESH, enabled: allowed });
  const points = useQuery({ queryKey: ['bigscreen', 'map'], queryFn: () => api<CasePoints>('/api/map/cases'), refetchInterval: REFRESH, enabled: allowed });

  useEffect(() => {
    const prev = document.title;
    document.title = te('big.title');
    document.documentElement.classList.add('bs-root');
    return () => {
      document.title = prev;
      document.documentElement.classList.remove('bs-root');
    };
  }, [te]);

  const counts = useMemo(() => {
    const n = { red: 0, yellow: 0, green: 0, none: 0 };
    for (const r of points.data?.rows ?? []) {
      if (r[3] === 2) n.red++;
      else if (r[3] === 1) n.yellow++;
      else if (r[3] === 0) n.green++;
      else n.none++;
    }
    return n;
  }, [points.data]);
  const d = dash.data;
  const trend = useMemo(() => (d ? trendOption(d.trend, te, { dark: true, font: 18 }, ['filed', 'closed']) : null), [d, te]);

  if (!allowed) return <div className="bs-denied">{te('dash.forbidden')}</div>;

  const flow: [EvalKey, number | undefined][] = [
    ['dash.reported', d?.today.reported],
    ['dash.filed', d?.today.filed],
    ['dash.dispatched', d?.today.dispatched],
    ['dash.closed', d?.today.closed],
  ];
  const updated = Math.max(dash.dataUpdatedAt, points.dataUpdatedAt);
  const t = shanghai(now);

  return (
    <div className="bs-viewport">
      <div className="bs-stage" style={{ width: W, height: H, transform: `translate(-50%, -50%) scale(${scale})` }} data-testid="bigscreen">
        <header className="bs-head">
          <div className="bs-head-left">
            <div className="bs-clock">{t.format('HH:mm:ss')}</div>
            <div className="bs-date">{lang === 'en' ? t.locale('en').format('ddd, D MMM YYYY') : t.locale('zh-cn').format('YYYY年M月D日 dddd')}</div>
          </div>
          <h1 className="bs-title">{te('big.title')}</h1>
          <div className="bs-head-right">
            <LiveBadge status={live} />
            <div className="bs-updated">{updated ? te('big.updated', { time: shanghai(updated).format('HH:mm:ss') }) : ''}</div>
          </div>
        </header>

        <main className="bs-body">
          <div className="bs-col">
            <Panel title={te('big.flow')} testId="bs-flow">
              <div className="bs-flow">
                {flow.map(([k, v], i) => (
                  <div key={k} className="bs-flow-step">
                    <div className="bs-flow-v" data-testid={`bs-flow-${k.slice(5)}`}>
                      {v ?? '–'}
                    </div>
                    <div className="bs-flow-k">{te(k)}</div>
                    {i < flow.length - 1 ? (
                      <span className="bs-flow-arrow" aria-hidden>
                        ›
                      </span>
                    ) : null}
                  </div>
                ))}
              </div>
            </Panel>
            <Panel title={te('big.monthKpi')} testId="bs-kpi">
              <div className="bs-kpis">
                <div className="bs-kpi">
                  <div className="bs-kpi-v">{d?.month.filed ?? '–'}</div>
                  <div className="bs-kpi-k">{te('big.monthFiled')}</div>
                </div>
                <div className="bs-kpi">
                  <div className="bs-kpi-v">{d?.month.closed ?? '–'}</div>
                  <div className="bs-kpi-k">{te('big.monthClosed')}</div>
                </div>
                <div className="bs-kpi">
                  <div className="bs-kpi-v bs-kpi-rate">{d?.month.onTimePercent === null || d === undefined ? '—' : `${d.month.onTimePercent.toFixed(1)}%`}</div>
                  <div className="bs-kpi-k">{te('dash.onTimeRate')}</div>
                </div>
                <div className="bs-kpi bs-kpi-alarm">
                  <div className="bs-kpi-v">{d?.overdueNow ?? '–'}</div>
                  <div className="bs-kpi-k">{te('dash.overdueNow')}</div>
                </div>
              </div>
            </Panel>
            <Panel title={te('big.deptTop')} className="bs-grow" testId="bs-dept-top">
              <TopFive rows={depts.data?.rows} lang={lang} short />
            </Panel>
          </div>

          <div className="bs-col bs-col-center">
            <Panel
              title={te('big.map')}
              className="bs-map-panel"
              testId="bs-map"
              extra={<span className="bs-map-total">{te('big.openCases', { n: points.data?.count ?? points.data?.rows.length ?? 0 })}</span>}
            >
              <LiveMap points={points.data} />
              <div className="bs-legend">
                {(
                  [
                    ['red', LIGHT_COLORS[2], counts.red],
                    ['yellow', LIGHT_COLORS[1], counts.yellow],
                    ['green', LIGHT_COLORS[0], counts.green],
                    ['none', NO_LIGHT, counts.none],
                  ] as const
                ).map(([k, color, n]) => (
                  <span key={k} className="bs-legend-item" data-light={k}>
                    <span className="bs-legend-dot" style={{ background: color }} />
                    {te(`big.${k}`)} <strong>{n}</strong>
                  </span>
                ))}
              </div>
            </Panel>
            <div className="bs-row">
              <Panel title={te('big.trend')} className="bs-trend" testId="bs-trend">
                {trend ? <Chart option={trend} height={236} ariaLabel={te('big.trend')} testId="bs-chart-trend" /> : null}
              </Panel>
              <Panel title={te('big.urgent')} className="bs-trend bs-urgent-panel" testId="bs-urgent" extra={<span className="bs-urgent-count">{d?.urgent.total ?? 0}</span>}>
                <Urgent items={d?.urgent.items ?? []} lang={lang} />
              </Panel>
            </div>
          </div>

          <div className="bs-col">
            <Panel title={te('big.streetTop')} testId="bs-street-top">
              <TopFive rows={streets.data?.rows} lang={lang} />
            </Panel>
            {campaigns.data?.length ? (
              <Panel title={te('big.campaigns')} testId="bs-campaigns">
                <Campaigns items={campaigns.data} lang={lang} />
              </Panel>
            ) : null}
            <Panel title={te('big.alarms')} className="bs-grow bs-alarm-panel" testId="bs-alarms" extra={<span className="bs-alarm-count">{d?.overdueNow ?? 0}</span>}>
              <Alarms items={d?.overdue ?? []} lang={lang} />
            </Panel>
          </div>
        </main>
      </div>
    </div>
  );
}
