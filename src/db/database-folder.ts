/**
 * Whether the database's folder can hold it: checked by the configuration at start (one sentence
 * among the others) and again when the file is opened, for callers that skip the configuration.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What is wrong with where the database file would go, or undefined when nothing is. */
export function databaseFolderProblem(path: string): string | undefined {
	const dir = dirname(resolve(path));
	if (!existsSync(dir))
		return `The folder for the database (${dir}) does not exist. Create it, or set DATABASE_PATH to a file in a folder that exists.`;
	if (!statSync(dir).isDirectory())
		return `${dir} is not a folder. Set DATABASE_PATH to a file in a folder.`;
	try {
		accessSync(dir, constants.W_OK);
	} catch {
		return `The folder for the database (${dir}) cannot be written to. Give this user write access, or set DATABASE_PATH to a writable place.`;
	}
	if (existsSync(path) && statSync(path).isDirectory())
		return `DATABASE_PATH names a folder (${resolve(path)}); set it to a file in that folder, such as ${resolve(path, 'tracker.db')}.`;
	return undefined;
}
