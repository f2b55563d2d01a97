/**
 * File moves that survive a power cut: data is flushed before a rename makes it visible, and the
 * folder is flushed after, so the new name is on disk too.
 * @see https://www.sqlite.org/atomiccommit.html
 */
import { closeSync, constants, copyFileSync, fsyncSync, openSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';

export function fsyncFile(path: string): void {
	const fd = openSync(path, 'r+');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

export function fsyncFolder(path: string): void {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/** Copies `from` to `to`, which must not exist yet (it throws EEXIST rather than overwrite). */
export function copyFileDurably(from: string, to: string): void {
	copyFileSync(from, to, constants.COPYFILE_EXCL);
	fsyncFile(to);
	fsyncFolder(dirname(to));
}

/** Renames within one folder, which is atomic: `to` is either the old file or the new one. */
export function renameDurably(from: string, to: string): void {
	renameSync(from, to);
	fsyncFolder(dirname(to));
}
