/**
 * Samples, at a fixed interval, a child process's resident memory and a file's size (a SQLite
 * -wal file), so a load test can say how high each went and assert a bound on it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';

export interface ResourceSamples {
	/** Resident set size in bytes, one per sample. */
	rss: number[];
	/** The file's size in bytes, one per sample; 0 while it does not exist. */
	fileSize: number[];
}

/** A process's resident memory in bytes: /proc on Linux, `ps` elsewhere. */
export function residentBytes(pid: number): number {
	const status = `/proc/${pid}/status`;
	if (existsSync(status)) {
		const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(status, 'utf8'))?.[1];
		if (kib === undefined)
			throw new Error(`${status} has no VmRSS line: has process ${pid} ended?`);
		return Number(kib) * 1024;
	}
	const kib = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim();
	if (!/^\d+$/.test(kib)) throw new Error(`ps gave no memory figure for process ${pid}: "${kib}".`);
	return Number(kib) * 1024;
}

export function fileBytes(path: string): number {
	try {
		return statSync(path).size;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
		throw error;
	}
}

/** Starts sampling at once and every `intervalMs`; `stop()` ends it and returns the samples. */
export function sampleResources(
	pid: number,
	filePath: string,
	intervalMs = 250
): { stop(): ResourceSamples } {
	const samples: ResourceSamples = { rss: [], fileSize: [] };
	let failure: Error | null = null;
	const take = () => {
		try {
			samples.rss.push(residentBytes(pid));
			samples.fileSize.push(fileBytes(filePath));
		} catch (error) {
			failure ??= error as Error;
		}
	};
	take();
	const timer = setInterval(take, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			take();
			if (failure) throw failure;
			return samples;
		}
	};
}
