/**
 * One bounded load test on 127.0.0.1: a fixed number of keep-alive connections, each sending its
 * next GET as soon as the last is answered, until the time is up. Every request started in that
 * time is waited for and counted. A tool that stops at the deadline and drops the requests still
 * in flight (autocannon does) drops the slowest ones, and when a page takes longer than the test
 * under load, it reports only the lucky first answers.
 *
 * The benchmark (`npm run bench`) loads one address at a time; the load test in `npm test`
 * (tests/load) spreads the connections over many addresses and callers at once.
 */
import { Agent, request } from 'node:http';

import { percentile } from './stats.js';

const REQUEST_TIMEOUT_MS = 120_000;
/** A server that has stopped answering fails fast instead of being hammered for the whole test. */
const MAX_ERRORS = 100;

/** One address and the headers (a session cookie, an API token) it is asked for with. */
export interface LoadTarget {
	/** How the target is named in the result, e.g. "GET / (funder)". */
	label: string;
	url: string;
	headers?: Record<string, string>;
}

export interface LoadTestOptions {
	/** Connection i starts at target i (modulo their number) and then takes each in turn. */
	targets: LoadTarget[];
	connections: number;
	seconds: number;
	/**
	 * Open every connection with one request, not counted, before the clock starts. A saturated
	 * Node server serves a connection that arrives while it is busy seconds late (a bare
	 * `http.createServer` does the same), so without it the slowest answers measure the start.
	 */
	warmConnections?: boolean;
}

export interface LatencySummary {
	p50: number;
	p90: number;
	p99: number;
	max: number;
	mean: number;
}

export interface TargetResult {
	responses: number;
	statusCounts: Record<string, number>;
	errors: number;
	/** The first connection error, worded by Node, so a failure says what went wrong. */
	firstError: string | null;
	latency: LatencySummary;
}

export interface LoadTestResult {
	connections: number;
	seconds: number;
	/** Answers received, of any status, including those to requests still in flight at the end. */
	responses: number;
	/** Answers received within the time, per second of it: the throughput while fully loaded. */
	requestsPerSecond: number;
	/** Until the last request in flight was answered, in seconds. */
	elapsedSeconds: number;
	/** Milliseconds from sending a request to the end of its answer, over the 2xx answers. */
	latency: LatencySummary;
	non2xx: number;
	/** Requests that got no answer: connection errors and timeouts. */
	errors: number;
	statusCounts: Record<string, number>;
	/** The same figures for each target, by its label. */
	byTarget: Record<string, TargetResult>;
	/** The slowest answers, slowest first, with when each was sent (ms from the start). */
	slowest: { label: string; sentAtMs: number; ms: number }[];
}

const SLOWEST_KEPT = 5;

function get(url: string, headers: Record<string, string>, agent: Agent): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(url, { agent, headers }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.setTimeout(REQUEST_TIMEOUT_MS, () =>
			req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`))
		);
		req.end();
	});
}

export function summariseLatencies(latencies: number[]): LatencySummary {
	const sorted = [...latencies].sort((a, b) => a - b);
	return {
		p50: percentile(sorted, 0.5),
		p90: percentile(sorted, 0.9),
		p99: percentile(sorted, 0.99),
		max: sorted[sorted.length - 1] ?? Number.NaN,
		mean: sorted.reduce((n, l) => n + l, 0) / sorted.length
	};
}

function countNon2xx(statusCounts: Record<string, number>): number {
	return Object.entries(statusCounts)
		.filter(([status]) => !status.startsWith('2'))
		.reduce((n, [, c]) => n + c, 0);
}

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
	if (options.targets.length === 0) throw new Error('A load test needs at least one target.');
	for (const target of options.targets)
		if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(target.url))
			throw new Error(
				`The load test only loads servers on 127.0.0.1; it was asked for ${target.url}.`
			);
	const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
	const latencies: number[] = [];
	let slowest: LoadTestResult['slowest'] = [];
	const perTarget = new Map(
		options.targets.map((t) => [
			t.label,
			{
				statusCounts: {} as Record<string, number>,
				errors: 0,
				firstError: null as string | null,
				latencies: [] as number[]
			}
		])
	);
	let errors = 0;
	let answeredInTime = 0;
	// Set once the connections are open, when the clock starts.
	let started = 0;
	let deadline = 0;

	const connection = async (index: number) => {
		for (let i = index; performance.now() < deadline && errors < MAX_ERRORS; i++) {
			const target = options.targets[i % options.targets.length]!;
			const tally = perTarget.get(target.label)!;
			const sent = performance.now();
			try {
				const status = await get(target.url, target.headers ?? {}, agent);
				const answered = performance.now();
				tally.statusCounts[status] = (tally.statusCounts[status] ?? 0) + 1;
				if (answered <= deadline) answeredInTime += 1;
				if (status >= 200 && status < 300) {
					latencies.push(answered - sent);
					tally.latencies.push(answered - sent);
				}
				if (slowest.length < SLOWEST_KEPT || answered - sent > slowest[slowest.length - 1]!.ms)
					slowest = [
						...slowest,
						{ label: target.label, sentAtMs: sent - started, ms: answered - sent }
					]
						.sort((a, b) => b.ms - a.ms)
						.slice(0, SLOWEST_KEPT);
			} catch (error) {
				errors += 1;
				tally.errors += 1;
				tally.firstError ??= (error as Error).message;
			}
		}
	};
	try {
		if (options.warmConnections)
			await Promise.all(
				Array.from({ length: options.connections }, (_, i) => {
					const target = options.targets[i % options.targets.length]!;
					return get(target.url, target.headers ?? {}, agent);
				})
			);
		started = performance.now();
		deadline = started + options.seconds * 1000;
		await Promise.all(Array.from({ length: options.connections }, (_, i) => connection(i)));
	} finally {
		agent.destroy();
	}

	const statusCounts: Record<string, number> = {};
	const byTarget: Record<string, TargetResult> = {};
	for (const [label, tally] of perTarget) {
		for (const [status, count] of Object.entries(tally.statusCounts))
			statusCounts[status] = (statusCounts[status] ?? 0) + count;
		byTarget[label] = {
			responses: Object.values(tally.statusCounts).reduce((n, c) => n + c, 0),
			statusCounts: tally.statusCounts,
			errors: tally.errors,
			firstError: tally.firstError,
			latency: summariseLatencies(tally.latencies)
		};
	}
	return {
		connections: options.connections,
		seconds: options.seconds,
		responses: Object.values(statusCounts).reduce((n, c) => n + c, 0),
		requestsPerSecond: answeredInTime / options.seconds,
		elapsedSeconds: (performance.now() - started) / 1000,
		latency: summariseLatencies(latencies),
		non2xx: countNon2xx(statusCounts),
		errors,
		statusCounts,
		byTarget,
		slowest
	};
}
