/**
 * Runs tests/helpers/crash-import-child.js and, when asked, kills it with SIGKILL a set time after
 * one of its commits starts: the "power cut" of the crash test, minus the power cut (an
 * application crash, which SQLite promises to survive under any `synchronous` setting).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import type { CrashChildArgs, CrashChildEvent } from './crash-import-protocol.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./crash-import-child.js', import.meta.url));
/** A guard against a hung child, far above the few seconds a run takes. */
const CHILD_LIMIT_MS = 60_000;

export interface KillPlan {
	/** Kill during the n-th commit this run starts (1 = its first). */
	commit: number;
	/** How long after that commit starts. */
	delayMs: number;
}

export interface CrashChildRun {
	events: CrashChildEvent[];
	/** Imports the child said it committed. */
	committed: number[];
	/** The import whose commit had started but was not reported committed when the child died. */
	inFlight: number | null;
	killed: boolean;
	code: number | null;
	stderr: string;
}

export function runCrashChild(args: CrashChildArgs, kill: KillPlan | null): Promise<CrashChildRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], {
			cwd: REPO,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const events: CrashChildEvent[] = [];
		let stderr = '';
		let commitsStarted = 0;
		let killTimer: NodeJS.Timeout | undefined;
		let hung = false;
		const guard = setTimeout(() => {
			hung = true;
			child.kill('SIGKILL');
		}, CHILD_LIMIT_MS);
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		createInterface({ input: child.stdout }).on('line', (line) => {
			const event = JSON.parse(line) as CrashChildEvent;
			events.push(event);
			if (event.event !== 'commit-start' || !kill) return;
			commitsStarted += 1;
			if (commitsStarted === kill.commit)
				killTimer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
		});
		child.once('error', reject);
		child.once('close', (code, signal) => {
			clearTimeout(guard);
			clearTimeout(killTimer);
			if (hung) {
				reject(new Error(`The crash child ran past ${CHILD_LIMIT_MS} ms:\n${stderr}`));
				return;
			}
			const committed = events.flatMap((e) => (e.event === 'committed' ? [e.sequence] : []));
			const lastStart = events.findLast((e) => e.event === 'commit-start');
			const inFlight =
				lastStart?.event === 'commit-start' && !committed.includes(lastStart.sequence)
					? lastStart.sequence
					: null;
			resolve({ events, committed, inFlight, killed: signal === 'SIGKILL', code, stderr });
		});
	});
}
