// Our build of ECharts for the map (5.6.0 from npm, bundled by esbuild at build time — `make tools`):
// the geo component and its scatter markers, drawn as SVG so the labels are real text — the global
// `echartsMap` that charts::bindings (Bundle::Map) calls. Loaded by the map page only. The charts'
// build is echarts.js beside this file.
import { use } from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([ScatterChart, GeoComponent, SVGRenderer]);

export { init, registerMap, getInstanceByDom, version } from 'echarts/core';
export { exportPng } from './export-png.js';
