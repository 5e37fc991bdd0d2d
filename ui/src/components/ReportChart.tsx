import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ReportTable } from '../../../functions/domain/reports/report-table';
import { reportChartOption } from '../../../functions/export/report-chart';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  DataZoomComponent,
  ToolboxComponent,
  SVGRenderer,
]);

/**
 * A report's chart: the same ECharts option the PDF export draws, plus a zoom box (drag over a
 * range to zoom into it; the slider and the mouse wheel zoom too).
 */
export function ReportChart({ table, height = 360 }: { table: ReportTable; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        ...reportChartOption(table),
        toolbox: { feature: { dataZoom: { yAxisIndex: 'none' }, restore: {} }, right: 10 },
      },
      true,
    );
  }, [table]);
  return (
    <div
      ref={ref}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={`Chart: ${table.title}. ${table.subtitle}. The table below holds the same figures.`}
    />
  );
}
