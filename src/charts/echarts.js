// Our build of ECharts for the charts (5.6.0 from npm, bundled by esbuild at build time — `make tools`):
// only the chart types and components the charts' options use (charts::options), on a canvas — the
// global `echarts` that charts::bindings (Bundle::Charts) calls. Loaded by the first chart a page
// draws, never by pages without charts; the map has a build of its own (echarts-map.js). A chart type
// or component added to the options must be added here too (the browser tests draw every chart and
// fail on ECharts' console errors).
// Both builds export `exportPng` (export-png.js): a drawn chart saved as a PNG with its title and stamp.
import { use } from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export { init, registerMap, getInstanceByDom, version } from 'echarts/core';
export { exportPng } from './export-png.js';
