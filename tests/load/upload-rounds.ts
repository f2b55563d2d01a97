/**
 * The partners' uploads during the load test: in each round every partner sends its file at the
 * same moment (POST /api/v1/imports with its own API token), and the next round starts at its
 * appointed time or when the last answer of this one is in, whichever is later.
 *
 * The uploads go over keep-alive connections opened before the load starts, as the page
 * connections are (see `warmConnections` in bench/load-test.ts): a connection opened while the
 * server is saturated is served seconds late, which would push the uploads past the load.
 */
import { Agent, request } from 'node:http';

import type { UploadingPartner } from './load-fixture.js';
import type { RoundKind, UploadCounts } from './partner-returns.js';

const UPLOAD_TIMEOUT_MS = 60_000;

export interface UploadAnswer {
	partnerCode: string;
	round: number;
	kind: RoundKind;
	/** The HTTP status, or null when no answer came (the error says why). */
	status: number | null;
	error: string | null;
	counts: UploadCounts | null;
	/** The start of the answer, for a failure message. */
	body: string;
	/** When it was sent, from the start of the rounds, and how long its answer took. */
	sentAtMs: number;
	ms: number;
}

function send(
	agent: Agent,
	url: string,
	method: 'GET' | 'POST',
	headers: Record<string, string>,
	body?: string
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { agent, method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.setTimeout(UPLOAD_TIMEOUT_MS, () =>
			req.destroy(new Error(`no answer within ${UPLOAD_TIMEOUT_MS / 1000} s`))
		);
		req.end(body);
	});
}

async function upload(
	agent: Agent,
	startedAt: number,
	baseUrl: string,
	partner: UploadingPartner,
	round: number,
	kind: RoundKind,
	csv: string
): Promise<UploadAnswer> {
	const sent = performance.now();
	const base = { partnerCode: partner.code, round, kind, sentAtMs: sent - startedAt };
	try {
		const answer = await send(
			agent,
			`${baseUrl}/api/v1/imports?dryRun=false`,
			'POST',
			{ authorization: partner.authorization, 'content-type': 'text/csv' },
			csv
		);
		let counts: UploadCounts | null = null;
		if (answer.status === 200) {
			const summary = JSON.parse(answer.body) as UploadCounts;
			counts = {
				created: summary.created,
				updated: summary.updated,
				unchanged: summary.unchanged
			};
		}
		return {
			...base,
			status: answer.status,
			error: null,
			counts,
			body: answer.body.slice(0, 500),
			ms: performance.now() - sent
		};
	} catch (error) {
		return {
			...base,
			status: null,
			error: (error as Error).message,
			counts: null,
			body: '',
			ms: performance.now() - sent
		};
	}
}

export interface UploadRounds {
	/** Runs every round; round r starts no earlier than `startsAtMs[r]` after the call. */
	run(startsAtMs: number[]): Promise<UploadAnswer[]>;
	close(): void;
}

/** Opens as many connections as the busiest round sends files at once, ready for `run`. */
export async function prepareUploadRounds(
	baseUrl: string,
	partners: UploadingPartner[]
): Promise<UploadRounds> {
	const rounds = Math.max(...partners.map((p) => p.plan.uploads.length));
	const perRound = Array.from({ length: rounds }, (_, r) =>
		partners.reduce((n, p) => n + (p.plan.uploads[r]?.copies ?? 0), 0)
	);
	const connections = Math.max(...perRound);
	const agent = new Agent({ keepAlive: true, maxSockets: connections });
	try {
		await Promise.all(
			Array.from({ length: connections }, () => send(agent, `${baseUrl}/api/v1/health`, 'GET', {}))
		);
	} catch (error) {
		agent.destroy();
		throw error;
	}

	return {
		async run(startsAtMs) {
			const started = performance.now();
			const answers: UploadAnswer[] = [];
			for (const [round, startsAt] of startsAtMs.entries()) {
				const wait = started + startsAt - performance.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				const sends = partners.flatMap((partner) => {
					const planned = partner.plan.uploads[round];
					if (!planned)
						throw new Error(`Partner ${partner.code} has no upload for round ${round}.`);
					return Array.from({ length: planned.copies }, () =>
						upload(agent, started, baseUrl, partner, round, planned.kind, planned.csv)
					);
				});
				answers.push(...(await Promise.all(sends)));
			}
			return answers;
		},
		close: () => agent.destroy()
	};
}
