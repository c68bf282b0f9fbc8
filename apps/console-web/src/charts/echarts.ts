// ECharts with only the charts and components the console draws (tree-shaken, canvas renderer).
import { getInstanceByDom, use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent, CanvasRenderer]);

/**
 * The options of every chart on the page (elements marked `data-chart`), keyed by that name: what
 * the charts hold, for operators' scripts and the browser tests.
 */
export function chartOptions(): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const element of document.querySelectorAll<HTMLElement>('[data-chart]')) {
    const instance = getInstanceByDom(element.querySelector<HTMLElement>('[_echarts_instance_]') ?? element);
    if (instance) options[element.dataset.chart ?? ''] = instance.getOption();
  }
  return options;
}
