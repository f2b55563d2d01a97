/**
 * One bounded load test of one address on 127.0.0.1: a fixed number of keep-alive connections,
 * each sending its next GET as soon as the last is answered, until the time is up. Every request
 * started in that time is waited for and counted. A tool that stops at the deadline and drops the
 * requests still in flight (autocannon does) drops the slowest ones, and when a page takes longer
 * than the test under load, it reports only the lucky first answers.
 */
import { Agent, request } from 'node:http';

import { percentile } from './stats.js';

const REQUEST_TIMEOUT_MS = 120_000;
/** A server that has stopped answering fails fast instead of being hammered for the whole test. */
const MAX_ERRORS = 100;

export interface LoadTestOptions {
	url: string;
	cookie: string;
	connections: number;
	seconds: number;
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
	latency: { p50: number; p90: number; p99: number; max: number; mean: number };
	non2xx: number;
	/** Requests that got no answer: connection errors and timeouts. */
	errors: number;
	statusCounts: Record<string, number>;
}

function get(url: string, cookie: string, agent: Agent): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(url, { agent, headers: { cookie } }, (res) => {
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

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
	if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(options.url))
		throw new Error(
			`The benchmark only loads servers on 127.0.0.1; it was asked for ${options.url}.`
		);
	const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
	const latencies: number[] = [];
	const statusCounts: Record<string, number> = {};
	let errors = 0;
	let answeredInTime = 0;
	const started = performance.now();
	const deadline = started + options.seconds * 1000;

	const connection = async () => {
		while (performance.now() < deadline && errors < MAX_ERRORS) {
			const sent = performance.now();
			try {
				const status = await get(options.url, options.cookie, agent);
				const answered = performance.now();
				statusCounts[status] = (statusCounts[status] ?? 0) + 1;
				if (answered <= deadline) answeredInTime += 1;
				if (status >= 200 && status < 300) latencies.push(answered - sent);
			} catch {
				errors += 1;
			}
		}
	};
	try {
		await Promise.all(Array.from({ length: options.connections }, connection));
	} finally {
		agent.destroy();
	}

	latencies.sort((a, b) => a - b);
	const responses = Object.values(statusCounts).reduce((n, c) => n + c, 0);
	const non2xx = Object.entries(statusCounts)
		.filter(([status]) => !status.startsWith('2'))
		.reduce((n, [, c]) => n + c, 0);
	return {
		connections: options.connections,
		seconds: options.seconds,
		responses,
		requestsPerSecond: answeredInTime / options.seconds,
		elapsedSeconds: (performance.now() - started) / 1000,
		latency: {
			p50: percentile(latencies, 0.5),
			p90: percentile(latencies, 0.9),
			p99: percentile(latencies, 0.99),
			max: latencies[latencies.length - 1] ?? Number.NaN,
			mean: latencies.reduce((n, l) => n + l, 0) / latencies.length
		},
		non2xx,
		errors,
		statusCounts
	};
}
