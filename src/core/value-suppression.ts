/**
 * Which partners' figures, listed one by one (the values API), a reader may not see (SPEC §6).
 *
 * A partner's figure is a part of its area's figure, so it is hidden exactly as the metric page
 * hides it in its partner table: over the metric's whole grid (metric-suppression.ts), with the
 * partners' figures in it, so that a figure shown here cannot give away one hidden on a page by
 * subtraction, nor the other way round. A figure outside the grid (a quarter no page shows, or a
 * partner no longer listed as reporting the metric, which no total counts) gets primary
 * suppression alone.
 *
 * A partner's own figures are never hidden from it: it sent them.
 */
import type { Framework, Metric } from './framework.js';
import { buildMetricGrid, metricCellKey, suppressMetricGrid } from './metric-suppression.js';
import type { Period } from './periods.js';
import type { DatedFigure } from './progress.js';
import { isPrimarySuppressed, type SuppressionPolicy } from './suppression.js';

export interface ValueSuppressionInput {
	framework: Pick<Framework, 'areas'>;
	/** Every quarter a reader may choose, oldest first (services.periods().all). */
	periods: Period[];
	policy: SuppressionPolicy;
	/** The reader's own partner, whose figures are never hidden from it; null for everyone else. */
	ownPartnerId: number | null;
	/** Every figure of one metric in the years of `periods`; read only for sensitive metrics. */
	figuresOf(metric: Metric): DatedFigure[];
}

/** Returns whether one stored figure is hidden from this reader; grids are built once per metric. */
export function createValueSuppression(
	input: ValueSuppressionInput
): (metric: Metric, figure: DatedFigure) => boolean {
	const grids = new Map<number, { hidden: ReadonlySet<string>; cells: ReadonlySet<string> }>();
	const gridOf = (metric: Metric) => {
		let grid = grids.get(metric.id);
		if (!grid) {
			// Partners' figures are in the grid whoever reads: this list shows them one by one.
			const built = buildMetricGrid(
				input.framework,
				metric,
				input.figuresOf(metric),
				input.periods,
				{ withReporters: true, ownPartnerId: input.ownPartnerId }
			);
			grid = {
				hidden: suppressMetricGrid(metric, built, input.policy),
				cells: new Set(built.values.keys())
			};
			grids.set(metric.id, grid);
		}
		return grid;
	};

	return (metric, figure) => {
		if (!metric.sensitive || !input.policy.applies) return false;
		if (figure.kind !== 'value') return false;
		if (input.ownPartnerId !== null && figure.partnerId === input.ownPartnerId) return false;
		const period = { year: figure.year, quarter: figure.quarter as Period['quarter'] };
		const key = metricCellKey.reporter(period, figure.partnerId, figure.areaCode);
		const grid = gridOf(metric);
		if (grid.cells.has(key)) return grid.hidden.has(key);
		return isPrimarySuppressed(figure.value, metric.sensitive, input.policy);
	};
}
