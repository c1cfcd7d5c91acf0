import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, TooltipComponent, VisualMapComponent, TitleComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption, ECElementEvent } from 'echarts/core';

echarts.use([BarChart, MapChart, ScatterChart, GeoComponent, GridComponent, TooltipComponent, VisualMapComponent, TitleComponent, LegendComponent, CanvasRenderer]);

export { echarts };

interface Props {
  option: EChartsCoreOption;
  height?: number | string;
  onClick?: (event: ECElementEvent) => void;
  testId?: string;
  className?: string;
}

/** A thin ECharts wrapper: one instance per element, resized with its container, disposed on unmount. */
export function EChart({ option, height = 360, onClick, testId, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (e) => clickRef.current?.(e as ECElementEvent));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} className={className} style={{ width: '100%', height }} data-testid={testId} />;
}
