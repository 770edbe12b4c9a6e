// The sweeping board: the district rate of a month against the target, every street's rate (with ✓/✗ and words, not
// colour alone), the 12-month trend, the segments on the map (met / below / not machine-swept) and the list of gaps.
import { useEffect, useMemo, useState } from 'react';
import dayjs from 'dayjs';
import { Alert, App, Button, Card, DatePicker, Empty, InputNumber, Modal, Progress, Space, Spin, Statistic, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import { api, errorText } from '../../shared/api';
import { MapView } from '../../shared/map/MapView';
import { maplibregl, type MapInstance } from '../../shared/map/maplibre';
import { hasRole, useUser } from '../auth';
import { Chart, CHART_FONT, type ChartOption } from '../evaluation/Chart';
import { pct, SWEEP_KEYS, useBoard, wan, type Board } from './data';
import { useSweepI18n, type SweepTranslate } from './messages';

const COLORS = { met: '#1a7f37', below: '#d97706', gap: '#c62828' };
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function Verdict({ meets }: { meets: boolean | null }) {
  const { ts } = useSweepI18n();
  if (meets === null) return <span className="wg-sweep-muted">{ts('noData')}</span>;
  return meets ? (
    <span className="wg-sweep-met" data-meets="true">
      <CheckCircleFilled aria-hidden /> {ts('met')}
    </span>
  ) : (
    <span className="wg-sweep-below" data-meets="false">
      <CloseCircleFilled aria-hidden /> {ts('notMet')}
    </span>
  );
}

function trendOption(trend: Board['trend'], target: number, ts: SweepTranslate): ChartOption {
  const axis = { axisLine: { lineStyle: { color: '#9fb0c5' } }, axisLabel: { color: '#5b6b7f' } };
  const values = trend.map((m) => (m.rate === null ? null : Math.round(m.rate * 10000) / 100));
  const low = Math.floor(Math.min(target * 100, ...values.filter((v): v is number => v !== null)) / 5) * 5 - 5;
  return {
    color: ['#1d4f91', '#c62828'],
    legend: { top: 0, textStyle: { fontFamily: CHART_FONT } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(2)} %`) },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', boundaryGap: false, data: trend.map((m) => m.month), ...axis },
    yAxis: { type: 'value', min: Math.max(0, low), max: 100, axisLabel: { ...axis.axisLabel, formatter: '{value} %' }, axisLine: axis.axisLine },
    series: [
      { name: ts('trend.rate'), type: 'line', smooth: true, symbol: 'circle', symbolSize: 6, data: values, connectNulls: false, areaStyle: { opacity: 0.08 } },
      { name: ts('trend.target'), type: 'line', symbol: 'none', data: trend.map(() => target * 100), lineStyle: { type: 'dashed', width: 1.5 } },
    ],
  };
}

function SegmentMap({ board }: { board: Board }) {
  const { ts, lang } = useSweepI18n();
  const [map, setMap] = useState<MapInstance | null>(null);
  const data = useMemo<GeoJSON.FeatureCollection>(
    () => ({
      type: 'FeatureCollection',
      features: board.segments.map((s) => ({
        type: 'Feature',
        geometry: s.geometry,
        properties: { id: s.id, name: s.name, code: s.code, rate: s.rate ?? 0, status: s.gap ? 'gap' : (s.rate ?? 0) + 1e-9 >= board.target ? 'met' : 'below', days: `${s.machineDays}/${s.dueDays}` },
      })),
    }),
    [board],
  );
  useEffect(() => {
    if (!map) return;
    (map.getSource('segments') as GeoJSONSource).setData(data);
  }, [map, data]);

  const onReady = (m: MapInstance) => {
    m.addSource('segments', { type: 'geojson', data: EMPTY });
    const color: maplibregl.ExpressionSpecification = ['match', ['get', 'status'], 'met', COLORS.met, 'below', COLORS.below, COLORS.gap];
    m.addLayer({ id: 'segments-casing', type: 'line', source: 'segments', paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 4, 15, 10] }, layout: { 'line-cap': 'round' } });
    m.addLayer({ id: 'segments-solid', type: 'line', source: 'segments', filter: ['!=', ['get', 'status'], 'gap'], paint: { 'line-color': color, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 15, 7] }, layout: { 'line-cap': 'round' } });
    // Gaps are dashed as well as red, so that colour is not the only signal.
    m.addLayer({ id: 'segments-gap', type: 'line', source: 'segments', filter: ['==', ['get', 'status'], 'gap'], paint: { 'line-color': COLORS.gap, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 3, 15, 8], 'line-dasharray': [1.2, 1] } });
    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: true });
    const show = (e: MapLayerMouseEvent) => {
      const p = e.features?.[0]?.properties as { name: string; code: string; rate: number; status: string; days: string } | undefined;
      if (!p) return;
      const status = p.status === 'gap' ? ts('legend.gap') : p.status === 'met' ? ts('legend.met') : ts('legend.below');
      const el = document.createElement('div');
      el.className = 'wg-sweep-popup';
      el.textContent = `${p.name}（${p.code}）· ${pct(p.rate)} · ${status} · ${ts('col.machineDays')} ${p.days}`;
      popup.setLngLat(e.lngLat).setDOMContent(el).addTo(m);
    };
    for (const id of ['segments-solid', 'segments-gap']) {
      m.on('click', id, show);
      m.on('mouseenter', id, () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', id, () => (m.getCanvas().style.cursor = ''));
    }
    setMap(m);
  };

  return (
    <Card size="small" title={ts('map.title')} className="wg-sweep-map-card">
      <MapView name="sweeping" onReady={onReady} ariaLabel={ts('map.aria')} style={{ height: 460 }} key={lang} />
      <ul className="wg-sweep-legend" aria-label={ts('map.title')}>
        <li>
          <span className="wg-sweep-swatch" style={{ borderTop: `4px solid ${COLORS.met}` }} aria-hidden /> {ts('legend.met')}
        </li>
        <li>
          <span className="wg-sweep-swatch" style={{ borderTop: `4px solid ${COLORS.below}` }} aria-hidden /> {ts('legend.below')}
        </li>
        <li>
          <span className="wg-sweep-swatch" style={{ borderTop: `4px dashed ${COLORS.gap}` }} aria-hidden /> {ts('legend.gap')}
        </li>
      </ul>
    </Card>
  );
}

function TargetButton({ target }: { target: number }) {
  const { ts, lang } = useSweepI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<number | null>(Math.round(target * 100));
  const save = useMutation({
    mutationFn: () => api('/api/sweeping/target', { body: { target: (value ?? 85) / 100 } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: SWEEP_KEYS.board });
      void message.success(ts('target.saved'));
      setOpen(false);
    },
  });
  return (
    <>
      <Button size="small" icon={<EditOutlined />} onClick={() => setOpen(true)}>
        {ts('target.edit')}
      </Button>
      <Modal open={open} title={ts('target.edit')} onCancel={() => setOpen(false)} onOk={() => save.mutate()} confirmLoading={save.isPending} okText={ts('save')} cancelText={ts('cancel')}>
        <label htmlFor="sweep-target">{ts('target.label')}</label>
        <InputNumber id="sweep-target" min={1} max={100} step={1} value={value} onChange={setValue} style={{ display: 'block', marginTop: 8, width: 160 }} />
        {save.isError ? <Alert type="error" showIcon title={errorText(save.error, lang)} style={{ marginTop: 12 }} /> : null}
      </Modal>
    </>
  );
}

export function BoardTab() {
  const { ts, lang } = useSweepI18n();
  const user = useUser();
  const [month, setMonth] = useState<string | undefined>();
  const board = useBoard(month);
  const b = board.data;
  const chart = useMemo(() => (b ? trendOption(b.trend, b.target, ts) : null), [b, ts]);

  const columns: TableColumnsType<Board['byStreet'][number]> = [
    { title: ts('col.street'), dataIndex: 'streetName', width: 150 },
    { title: ts('col.segments'), dataIndex: 'segments', width: 80, align: 'right' },
    {
      title: ts('col.rate'),
      dataIndex: 'rate',
      width: 220,
      sorter: (x, y) => (x.rate ?? -1) - (y.rate ?? -1),
      render: (rate: number | null, s) => (
        <div className="wg-sweep-rate">
          <Progress percent={rate === null ? 0 : Math.round(rate * 1000) / 10} showInfo={false} size="small" strokeColor={s.meetsTarget ? COLORS.met : COLORS.below} aria-hidden />
          <span className="wg-sweep-num">{pct(rate)}</span>
        </div>
      ),
    },
    { title: ts('col.status'), dataIndex: 'meetsTarget', width: 110, render: (m: boolean | null) => <Verdict meets={m} /> },
    { title: ts('col.machine'), dataIndex: 'machineM2', width: 130, align: 'right', render: (v: number) => wan(v) },
    { title: ts('col.due'), dataIndex: 'dueM2', width: 130, align: 'right', render: (v: number) => wan(v) },
    { title: ts('col.gaps'), dataIndex: 'gaps', width: 100, align: 'right', render: (v: number) => (v ? <Tag color="red">{v}</Tag> : <span className="wg-sweep-muted">0</span>) },
  ];
  const gaps = b ? b.segments.filter((s) => s.gap) : [];
  const streetName = new Map((b?.byStreet ?? []).map((s) => [s.streetCode, s.streetName]));
  const below = b ? b.byStreet.filter((s) => s.meetsTarget === false).length : 0;
  const days = b?.range ? dayjs(b.range.to).diff(dayjs(b.range.from), 'day') + 1 : 0;

  return (
    <div className="wg-sweep-board" data-testid="sweeping-board">
      <Space wrap className="wg-sweep-toolbar">
        <label htmlFor="sweep-month">{ts('month')}</label>
        <DatePicker
          id="sweep-month"
          picker="month"
          allowClear={false}
          value={dayjs(`${b?.month ?? month ?? dayjs().format('YYYY-MM')}-01`)}
          onChange={(d) => setMonth(d ? d.format('YYYY-MM') : undefined)}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
        />
        {b ? <Tag color="blue">{ts('target', { p: pct(b.target, 0) })}</Tag> : null}
        {b && hasRole(user, 'admin') ? <TargetButton target={b.target} key={b.target} /> : null}
        {b?.range ? <span className="wg-sweep-muted">{ts('stat.days', { from: b.range.from, to: b.range.to, n: days })}</span> : null}
      </Space>
      {board.isError ? <Alert type="error" showIcon title={errorText(board.error, lang)} /> : null}
      {!b ? (
        <Spin className="wg-page-spinner" />
      ) : !b.range ? (
        <Empty description={ts('futureMonth')} />
      ) : (
        <>
          <section className="wg-sweep-stats" aria-label={ts('stat.rate')}>
            <Card size="small" data-testid="sweep-district-rate">
              <Statistic title={ts('stat.rate')} value={b.total.rate === null ? '—' : (b.total.rate * 100).toFixed(2)} suffix={b.total.rate === null ? undefined : '%'} />
              <Verdict meets={b.total.meetsTarget} />
            </Card>
            <Card size="small" data-testid="sweep-streets-below">
              <Statistic title={ts('stat.streetsBelow')} value={below} suffix={`/ ${b.byStreet.length}`} />
            </Card>
            <Card size="small" data-testid="sweep-gaps">
              <Statistic title={ts('stat.gaps')} value={gaps.length} suffix={`/ ${b.segments.length}`} />
            </Card>
            <Card size="small">
              <Statistic title={ts('stat.area')} value={ts('stat.areaValue', { m: wan(b.total.machineM2), d: wan(b.total.dueM2) })} />
            </Card>
          </section>
          <div className="wg-sweep-grid">
            <Card size="small" title={ts('col.rate')} className="wg-sweep-streets">
              <Table
                rowKey="streetCode"
                size="small"
                columns={columns}
                dataSource={b.byStreet}
                pagination={false}
                rowClassName={(s) => (s.meetsTarget === false ? 'wg-sweep-row-below' : '')}
                data-testid="sweep-street-table"
              />
            </Card>
            <SegmentMap board={b} />
          </div>
          <Card size="small" title={ts('trend.title')} className="wg-sweep-trend">
            {chart ? <Chart option={chart} height={260} testId="sweep-trend" ariaLabel={ts('trend.title')} /> : null}
          </Card>
          <Card size="small" title={`${ts('gaps.title')} · ${gaps.length}`} className="wg-sweep-gaps" data-testid="sweep-gap-list">
            {gaps.length === 0 ? (
              <Empty description={ts('gaps.none')} />
            ) : (
              <Table
                rowKey="id"
                size="small"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={gaps}
                columns={[
                  { title: ts('col.code'), dataIndex: 'code', width: 150, render: (v: string) => <code>{v}</code> },
                  { title: ts('col.name'), dataIndex: 'name' },
                  { title: ts('col.street'), dataIndex: 'streetCode', width: 140, render: (v: string) => streetName.get(v) ?? v },
                  { title: ts('col.grade'), dataIndex: 'grade', width: 90, render: (g: string) => ts(`grade.${g}` as 'grade.1') },
                  { title: ts('col.area'), dataIndex: 'areaM2', width: 120, align: 'right', render: (v: number) => v.toLocaleString() },
                  {
                    title: ts('col.machineDays'),
                    key: 'days',
                    width: 110,
                    align: 'right',
                    render: (_, s) => (
                      <Tooltip title={ts('legend.gap')}>
                        {s.machineDays} / {s.dueDays}
                      </Tooltip>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </>
      )}
    </div>
  );
}
