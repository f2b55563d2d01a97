/**
 * Reading the query strings of the read-only routes (progress, values). A value that cannot be
 * read is a 400 naming the parameter and what is accepted; one that reads but names nothing
 * there is (an area, a metric, a quarter with no figures to show) is the route's 404.
 */
import type { FastifyRequest } from 'fastify';

import { echoInput } from '../core/echo.js';
import type { Area, Framework, Metric } from '../core/framework.js';
import { parseMetricParam } from '../core/metric-slug.js';
import { nearest } from '../core/nearest.js';
import { parsePeriodLabel, parsePeriodSlug, type Period } from '../core/periods.js';
import { ApiError } from './errors.js';
import { queryText } from './import-request.js';

/**
 * Refuses a parameter the route does not know: `?perod=…` would otherwise be ignored, and the
 * caller would get the default quarter while thinking it asked for another.
 */
export function rejectUnknownParams(request: FastifyRequest, known: readonly string[]): void {
	const unknown = Object.keys(request.query as Record<string, unknown>).filter(
		(name) => !known.includes(name)
	);
	if (unknown.length > 0)
		throw new ApiError(
			400,
			'bad_request',
			`Unknown query parameter ${unknown
				.slice(0, 3)
				.map((n) => `"${echoInput(n)}"`)
				.join(
					', '
				)}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}. This route accepts ${known.join(', ')}.`
		);
}

/** The `period` parameter, as a slug (`2025-26-q1`) or any label an upload accepts (`2025-26 Q1`). */
export function readPeriodParam(request: FastifyRequest): Period | undefined {
	const text = queryText(request, 'period');
	if (text === undefined) return undefined;
	if (text.trim() === '')
		throw new ApiError(400, 'bad_period', 'The period is empty. Give a quarter, e.g. 2025-26-q1.');
	const slug = parsePeriodSlug(text.trim());
	if (slug) return slug;
	const label = parsePeriodLabel(text);
	if (!label.ok) throw new ApiError(400, 'bad_period', label.message);
	return label.period;
}

/** The `area` parameter, by code in any letter case. */
export function readAreaParam(request: FastifyRequest, framework: Framework): Area | undefined {
	const text = queryText(request, 'area');
	if (text === undefined) return undefined;
	const code = text.trim().toUpperCase();
	if (code === '')
		throw new ApiError(400, 'bad_area', `The area is empty. ${listAreas(framework)}`);
	const area = framework.areas.find((a) => a.code.toUpperCase() === code);
	if (!area)
		throw new ApiError(
			404,
			'not_found',
			`There is no area "${echoInput(text)}". ${listAreas(framework)}`
		);
	return area;
}

function listAreas(framework: Framework): string {
	const codes = framework.areas.map((a) =>
		a.partnershipWide ? `${a.code} (partnership-wide)` : a.code
	);
	return `The areas are ${codes.join(', ')}.`;
}

/** The `metric` parameter, as people write a code (`P1.03`) or as an address has it (`p1-03`). */
export function readMetricParam(request: FastifyRequest, framework: Framework): Metric | undefined {
	const text = queryText(request, 'metric');
	if (text === undefined) return undefined;
	const codes = framework.metrics.map((m) => m.code);
	const reading = parseMetricParam(text);
	const metric = reading.ok ? framework.metrics.find((m) => m.code === reading.code) : undefined;
	if (metric) return metric;
	const guess = nearest(reading.ok ? reading.code : text.trim(), codes, 1);
	const list = 'GET /api/v1/framework lists every metric.';
	if (!reading.ok)
		throw new ApiError(
			400,
			'bad_metric',
			`"${echoInput(text)}" is not a metric code. ${guess ? `Did you mean ${guess}?` : `Metric codes look like P1.03; ${list}`}`
		);
	throw new ApiError(
		404,
		'not_found',
		`There is no metric "${reading.code}". ${guess ? `Did you mean ${guess}?` : list}`
	);
}

export const MAX_PAGE_SIZE = 5000;
export const DEFAULT_PAGE_SIZE = 1000;

/** `limit` (1 to MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE) and `offset` (0 or more, default 0). */
export function readPageParams(request: FastifyRequest): { limit: number; offset: number } {
	const limit = readWholeNumber(request, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
	const offset = readWholeNumber(request, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
	return { limit, offset };
}

function readWholeNumber(
	request: FastifyRequest,
	name: string,
	min: number,
	max: number
): number | undefined {
	const text = queryText(request, name);
	if (text === undefined) return undefined;
	const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
	if (!Number.isSafeInteger(value) || value < min || value > max) {
		const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
		throw new ApiError(
			400,
			`bad_${name}`,
			`The ${name} "${echoInput(text)}" is not a whole number ${range}.`
		);
	}
	return value;
}
