import { lineChartSvg, type LineChart } from '@torchlet/demo/plot';

/** Redraws a chart (the demo's SVG line chart) into `container`; an empty hint before any point. */
export function drawChart(container: HTMLElement, chart: LineChart): void {
  if (chart.series.every((s) => s.points.length === 0)) {
    container.replaceChildren();
    container.textContent = 'The curves appear here as epochs finish.';
    return;
  }
  // The SVG comes from our own code (titles and numbers, escaped): no markup from outside.
  container.innerHTML = lineChartSvg(chart);
}
