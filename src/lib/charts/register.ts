/**
 * Only the chart.js parts the pages use are registered, which keeps the dashboard's JavaScript
 * about a quarter smaller than `chart.js/auto`.
 * @see https://www.chartjs.org/docs/latest/getting-started/integration.html#bundlers-webpack-rollup-etc
 */
import {
	CategoryScale,
	Chart,
	Filler,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
} from 'chart.js';

Chart.register(
	LineController,
	LineElement,
	PointElement,
	LinearScale,
	CategoryScale,
	Tooltip,
	Filler
);

export { Chart };
