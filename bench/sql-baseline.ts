/**
 * The floor a dashboard page is compared with: the bare SQL aggregate of the same figures the page
 * combines, per metric per quarter over the same financial years and the same area scope (the
 * partnership, so every area), through better-sqlite3 directly, each statement prepared once.
 * It reads the stored figures as a database would sum them, with none of the app's rules (expected
 * reporters, lead partners, targets, statuses, suppression): that is what the page adds.
 */
import Database from 'better-sqlite3';

import { percentile } from './stats.js';

/** Per metric per quarter: how many figures, how many nil and not collected, sum, mean and max. */
const AGGREGATE = `
	SELECT f.metric_id, f.year, f.quarter,
		count(*) AS figures,
		count(*) FILTER (WHERE f.kind = 'nil') AS nil_returns,
		count(*) FILTER (WHERE f.kind = 'not_collected') AS not_collected,
		sum(f.value) AS total,
		avg(f.value) AS mean,
		max(f.value) AS largest
	FROM figures f`;
const PER_METRIC_QUARTER = 'GROUP BY f.metric_id, f.year, f.quarter';

export interface SqlQuery {
	name: string;
	/** What it aggregates, in words, for the report. */
	description: string;
	sql: string;
	params: (string | number)[];
}

export interface SqlTiming {
	name: string;
	description: string;
	sql: string;
	params: (string | number)[];
	/** Metric × quarter groups returned. */
	groups: number;
	runs: number;
	medianMs: number;
	p10Ms: number;
	p90Ms: number;
	minMs: number;
	maxMs: number;
}

/** The overview's figures: every metric, the financial year shown and the one before (services.ts). */
export function overviewAggregate(fromYear: number, toYear: number): SqlQuery {
	return {
		name: 'overview',
		description: `every metric, per quarter, financial years ${fromYear} to ${toYear} (starting years), all areas`,
		sql: `${AGGREGATE}\n\tWHERE f.year BETWEEN ? AND ?\n\t${PER_METRIC_QUARTER}`,
		params: [fromYear, toYear]
	};
}

/** A priority page's figures: its metrics, every quarter shown plus the year before the first. */
export function priorityAggregate(priority: number, fromYear: number, toYear: number): SqlQuery {
	return {
		name: `priority ${priority}`,
		description: `priority ${priority}'s metrics, per quarter, financial years ${fromYear} to ${toYear} (starting years), all areas`,
		sql:
			`${AGGREGATE}\n\tWHERE f.year BETWEEN ? AND ?\n` +
			'\t\tAND f.metric_id IN (SELECT m.id FROM metrics m JOIN priorities p ON p.id = m.priority_id WHERE p.number = ?)\n' +
			`\t${PER_METRIC_QUARTER}`,
		params: [fromYear, toYear, priority]
	};
}

/**
 * Times each query over and over, after a few unmeasured runs, until `budgetMs` has passed or
 * `maxRuns` runs are done (at least `minRuns`), on a read-only connection of its own (the file is
 * already in WAL mode, as the app leaves it).
 */
export function timeSqlBaseline(
	databasePath: string,
	queries: SqlQuery[],
	{ budgetMs = 2000, minRuns = 20, maxRuns = 2000, warmUpRuns = 5 } = {}
): SqlTiming[] {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		return queries.map((q) => {
			const statement = db.prepare(q.sql);
			let groups = 0;
			for (let i = 0; i < warmUpRuns; i++) groups = statement.all(...q.params).length;
			const times: number[] = [];
			const until = performance.now() + budgetMs;
			while (times.length < minRuns || (times.length < maxRuns && performance.now() < until)) {
				const start = performance.now();
				statement.all(...q.params);
				times.push(performance.now() - start);
			}
			times.sort((a, b) => a - b);
			return {
				name: q.name,
				description: q.description,
				sql: q.sql.replace(/\s+/g, ' ').trim(),
				params: q.params,
				groups,
				runs: times.length,
				medianMs: percentile(times, 0.5),
				p10Ms: percentile(times, 0.1),
				p90Ms: percentile(times, 0.9),
				minMs: times[0]!,
				maxMs: times[times.length - 1]!
			};
		});
	} finally {
		db.close();
	}
}
