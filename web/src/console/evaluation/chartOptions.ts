// ECharts options of the evaluation screens, shared by the dashboard, the big screen (dark, large type) and the report.
import type { ChartOption } from './Chart';
import { GRADE_COLORS, type Dashboard, type Grade } from './data';
import type { EvalTranslate } from './messages';

export interface ChartTheme {
  dark: boolean;
  /** Base font size of axis labels and legends. */
  font: number;
}

export const LIGHT: ChartTheme = { dark: false, font: 12 };

const COLORS = { reported: '#6b8fc7', filed: '#1d4f91', closed: '#1a7f37', due: '#9fb0c5', rate: '#b7791f', overdue: '#c62828' };
const DARK_COLORS = { reported: '#7fb4ff', filed: '#3fa7ff', closed: '#3ddc84', due: '#5c7a99', rate: '#ffc53d', overdue: '#ff5a5a' };

function palette(th: ChartTheme) {
  return th.dark ? DARK_COLORS : COLORS;
}

function axisStyle(th: ChartTheme) {
  const text = th.dark ? '#c9d8ea' : '#5b6b7f';
  const line = th.dark ? 'rgba(160,190,230,0.25)' : '#e3e8ef';
  return {
    axisLabel: { color: text, fontSize: th.font },
    axisLine: { lineStyle: { color: line } },
    splitLine: { lineStyle: { color: line } },
    nameTextStyle: { color: text, fontSize: th.font },
  };
}

function legend(th: ChartTheme) {
  return { top: 0, textStyle: { color: th.dark ? '#dbe8f7' : '#33475f', fontSize: th.font }, itemWidth: th.font * 1.4, itemHeight: th.font * 0.8 };
}

const tooltip = (th: ChartTheme) => ({ trigger: 'axis' as const, textStyle: { fontSize: th.font } });

/** Department names without their office suffix, for axis labels: 合心镇人民政府 → 合心镇, 绿园区交警大队 → 交警大队. */
export function shortDeptName(name: string): string {
  const s = name.replace(/^绿园区/, '').replace(/(人民政府|办事处|管理委员会)$/, '');
  return s || name;
}

export function trendOption(trend: Dashboard['trend'], te: EvalTranslate, th: ChartTheme = LIGHT, series: ('reported' | 'filed' | 'closed')[] = ['reported', 'filed', 'closed']): ChartOption {
  const c = palette(th);
  const names = { reported: te('dash.reported'), filed: te('dash.filed'), closed: te('dash.closed') };
  return {
    color: series.map((s) => c[s]),
    legend: legend(th),
    tooltip: tooltip(th),
    grid: { left: th.font * 3, right: th.font, top: th.font * 3, bottom: th.font * 2.2 },
    xAxis: { type: 'category', boundaryGap: false, data: trend.map((d) => d.day.slice(5)), ...axisStyle(th), splitLine: { show: false } },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle(th) },
    series: series.map((s) => ({
      name: names[s],
      type: 'line',
      smooth: true,
      symbol: 'circle',
      symbolSize: th.dark ? 6 : 4,
      lineStyle: { width: th.dark ? 3 : 2 },
      areaStyle: s === 'filed' ? { opacity: th.dark ? 0.18 : 0.08 } : undefined,
      data: trend.map((d) => d[s]),
    })),
  };
}

export function topClassesOption(classes: { name: string; count: number }[], th: ChartTheme = LIGHT, label = ''): ChartOption {
  const rows = [...classes].reverse();
  const c = palette(th);
  return {
    tooltip: { ...tooltip(th), axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: th.font * 3, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axisStyle(th) },
    yAxis: { type: 'category', data: rows.map((r) => r.name), ...axisStyle(th), axisLabel: { ...axisStyle(th).axisLabel, width: th.font * 9, overflow: 'truncate' } },
    series: [
      {
        name: label,
        type: 'bar',
        data: rows.map((r) => r.count),
        barMaxWidth: th.font * 1.6,
        itemStyle: { color: c.filed, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', color: th.dark ? '#ffffff' : '#33475f', fontSize: th.font },
      },
    ],
  };
}

export function deptCompareOption(depts: Dashboard['departments'], te: EvalTranslate, lang: 'zh' | 'en', th: ChartTheme = LIGHT): ChartOption {
  const rows = depts.filter((d) => d.filed || d.dueToClose || d.closed || d.overdueNow);
  const c = palette(th);
  const label = (d: Dashboard['departments'][number]) => (lang === 'en' ? d.nameEn : shortDeptName(d.name));
  return {
    color: [c.filed, c.closed, c.overdue, c.rate],
    legend: legend(th),
    tooltip: { ...tooltip(th), axisPointer: { type: 'shadow' } },
    grid: { left: th.font * 3, right: th.font * 4, top: th.font * 3.2, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map(label),
      ...axisStyle(th),
      axisLabel: { ...axisStyle(th).axisLabel, interval: 0, rotate: rows.length > 10 ? 35 : 0, width: th.font * 8, overflow: 'truncate' },
    },
    yAxis: [
      { type: 'value', minInterval: 1, name: te('dash.cases'), ...axisStyle(th) },
      { type: 'value', min: 0, max: 100, name: '%', ...axisStyle(th), splitLine: { show: false } },
    ],
    series: [
      { name: te('dash.series.filed'), type: 'bar', data: rows.map((d) => d.filed), barMaxWidth: 16 },
      { name: te('dash.series.closed'), type: 'bar', data: rows.map((d) => d.closed), barMaxWidth: 16 },
      { name: te('dash.series.overdueNow'), type: 'bar', data: rows.map((d) => d.overdueNow), barMaxWidth: 16 },
      {
        name: te('dash.series.closeOnTimeRate'),
        type: 'line',
        yAxisIndex: 1,
        symbol: 'diamond',
        symbolSize: 8,
        data: rows.map((d) => d.closeOnTimeRate),
        connectNulls: false,
        tooltip: { valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v}%`) },
      },
    ],
  };
}

/** Composite scores as bars coloured by grade, with the grade letter on each bar (colour AND letter). */
export function scoreBarsOption(rows: { name: string; composite: number | null; grade: Grade | null }[], th: ChartTheme = LIGHT, label = ''): ChartOption {
  const scored = rows.filter((r) => r.composite !== null);
  return {
    tooltip: { ...tooltip(th), axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: scored.map((r) => r.name),
      ...axisStyle(th),
      axisLabel: { ...axisStyle(th).axisLabel, interval: 0, rotate: scored.length > 8 ? 40 : 0, width: th.font * 8, overflow: 'truncate' },
    },
    yAxis: { type: 'value', min: 0, max: 100, ...axisStyle(th) },
    series: [
      {
        name: label,
        type: 'bar',
        barMaxWidth: 22,
        data: scored.map((r) => ({ value: r.composite, itemStyle: { color: r.grade ? GRADE_COLORS[r.grade] : '#9fb0c5' } })),
        label: { show: true, position: 'top', fontSize: th.font - 1, formatter: (p) => scored[p.dataIndex]?.grade ?? '' },
      },
    ],
  };
}
