// One ECharts chart, built from the modules it needs (line and bar charts, grid, tooltip, legend): the canvas renderer on
// screens, SVG for the printed report (sharp on paper). Resizes with its box; `data-drawn` tells tests it has rendered.
import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption
>;

/** The font stack for chart text (CJK first, as in the console). */
export const CHART_FONT = '"PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

export interface ChartProps {
  option: ChartOption;
  height: number | string;
  renderer?: 'canvas' | 'svg';
  /** data-testid of the box. */
  testId?: string;
  ariaLabel: string;
  className?: string;
  style?: CSSProperties;
  /** Animation off for print and screenshots of a still state. */
  animation?: boolean;
  /** A click on a bar or point: which one (its category index) and of which series. */
  onItemClick?(item: { dataIndex: number; seriesIndex: number; name: string }): void;
}

export function Chart({ option, height, renderer = 'canvas', testId, ariaLabel, className, style, animation = true, onItemClick }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    c.on('click', (p) => {
      const e = p as { dataIndex?: number; seriesIndex?: number; name?: string };
      if (typeof e.dataIndex === 'number') click.current?.({ dataIndex: e.dataIndex, seriesIndex: e.seriesIndex ?? 0, name: e.name ?? '' });
    });
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [renderer]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.setOption({ animation, textStyle: { fontFamily: CHART_FONT }, ...option }, { notMerge: true });
    box.current?.setAttribute('data-drawn', 'true');
  }, [option, animation, renderer]);

  return (
    <div
      ref={box}
      className={className}
      style={{ width: '100%', height, cursor: onItemClick ? 'pointer' : undefined, ...style }}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
    />
  );
}
