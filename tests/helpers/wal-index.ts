/**
 * How far SQLite's checkpoints are behind the writes, read from the -shm file (the WAL index) of
 * a database another process has open, without opening the database: a connection of our own
 * would be one more reader, and could itself hold the checkpoint back.
 * @see https://www.sqlite.org/walformat.html (the WAL-index header and checkpoint info)
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

/** Two copies of the 48-byte WalIndexHdr, then WalCkptInfo, which starts with nBackfill. */
const HEADER_BYTES = 48;
const MX_FRAME_OFFSET = 16;
const N_BACKFILL_OFFSET = 2 * HEADER_BYTES;

export interface WalProgress {
	/** Frames in the WAL that hold committed pages (mxFrame). */
	frames: number;
	/** Of those, the frames already copied into the database file (nBackfill). */
	checkpointed: number;
}

/**
 * The WAL index's counters, or null when there is no -shm file. The writer updates the header
 * while we read, so a read whose two header copies differ is taken again.
 */
export function readWalProgress(databasePath: string): WalProgress | null {
	let fd: number;
	try {
		fd = openSync(`${databasePath}-shm`, 'r');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
	try {
		const buffer = Buffer.alloc(N_BACKFILL_OFFSET + 4);
		const u32 = (offset: number) =>
			endianness() === 'LE' ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset);
		for (let attempt = 0; attempt < 100; attempt++) {
			if (readSync(fd, buffer, 0, buffer.length, 0) < buffer.length) return null;
			const first = buffer.subarray(0, HEADER_BYTES);
			const second = buffer.subarray(HEADER_BYTES, 2 * HEADER_BYTES);
			if (first.equals(second))
				return { frames: u32(MX_FRAME_OFFSET), checkpointed: u32(N_BACKFILL_OFFSET) };
		}
		throw new Error(`The WAL index of ${databasePath} kept changing while it was read.`);
	} finally {
		closeSync(fd);
	}
}
