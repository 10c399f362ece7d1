// Our build of ECharts (5.6.0 from npm, bundled by esbuild at build time — `make tools`): only the
// chart types and components our options use (charts::options, charts::geo), as the global `echarts`
// that charts::bindings calls. Loaded by charts::bindings when a page first draws a chart, never by
// pages without charts. A chart type or component added to the options must be added here too (the
// browser tests draw every chart and fail on ECharts' console errors).
import { use } from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, ScatterChart, GeoComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export { init, registerMap, getInstanceByDom, version } from 'echarts/core';
