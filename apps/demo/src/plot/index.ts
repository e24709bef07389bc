// The demo's SVG charts (strings, no DOM and no Node APIs), shared with the browser playground.
export { heatmapSvg, type Heatmap } from './heatmap.js';
export { lineChartSvg, type LineChart, type Marker, type Series } from './line-chart.js';
